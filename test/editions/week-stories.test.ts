// The weekly edition's choice of stories, on issue.json literals: most sources
// first, the documented tie rules, one story per shared id or source URL, the
// limit, and sections in the editor's order.
import { describe, expect, it } from 'vitest';
import { pickWeekStories, UNSECTIONED } from '../../src/editions/week-stories.js';
import type { Issue, IssueStory } from '../../src/types.js';

const src = (n: string, url: string | null = `https://news.example/${n}`) => ({ title: `Report ${n}`, url, outlet: `Outlet ${n}`, published: null });
const story = (id: string, sources: string[], section?: string): IssueStory => ({
  id, title: `Story ${id}`, summary: `About ${id}.`, sources: sources.map((s) => src(s)), ...(section ? { section } : {}),
});
const daily = (date: string, stories: IssueStory[], sections?: string[]): Issue => ({
  date, subject: `Daily ${date}`, preheader: '', stories, articleCount: 0, htmlBytes: 0, ...(sections ? { sections } : {}),
});

describe('pickWeekStories', () => {
  it('puts the stories with the most sources first and keeps at most the limit', () => {
    const picked = pickWeekStories([
      daily('2026-11-30', [story('a', ['a1']), story('b', ['b1', 'b2', 'b3'])]),
      daily('2026-12-01', [story('c', ['c1', 'c2']), story('d', ['d1', 'd2', 'd3', 'd4'])]),
    ], 3);
    expect(picked.stories.map((s) => s.id)).toEqual(['d', 'b', 'c']);
    expect(picked.sections).toBeUndefined();
    expect(pickWeekStories([daily('2026-11-30', [story('a', ['a1'])])], 0).stories).toEqual([]);
  });

  it('breaks a tie by the later day, then by the place in that day\'s issue', () => {
    const picked = pickWeekStories([
      daily('2026-11-30', [story('mon1', ['m1', 'm2']), story('mon2', ['m3', 'm4'])]),
      daily('2026-12-02', [story('wed1', ['w1', 'w2']), story('wed2', ['w3', 'w4'])]),
    ], 10);
    expect(picked.stories.map((s) => s.id)).toEqual(['wed1', 'wed2', 'mon1', 'mon2']);
  });

  it('counts a story told on two days once, with the union of its sources, shown as last told', () => {
    const monday = story('bridge', ['x1', 'x2']);
    const tuesday = { ...story('bridge-2', ['x2', 'x3']), title: 'The bridge reopens, officially' };
    const picked = pickWeekStories([
      daily('2026-11-30', [monday, story('other', ['o1', 'o2', 'o3'])]),
      daily('2026-12-01', [tuesday]),
      // The same id again on Wednesday, with a source without a URL (kept once by outlet and title).
      daily('2026-12-02', [{ ...story('bridge-2', []), sources: [src('n', null), src('n', null)] }]),
    ], 10);
    expect(picked.stories.map((s) => s.id)).toEqual(['bridge-2', 'other']);
    const bridge = picked.stories[0]!;
    expect(bridge.title).toBe('Story bridge-2');
    expect(bridge.days).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    // Latest day's sources first, each URL once: 4 sources beat the other story's 3.
    expect(bridge.sources.map((s) => s.url)).toEqual([null, 'https://news.example/x2', 'https://news.example/x3', 'https://news.example/x1']);
  });

  it('chains follow-ups: Monday and Wednesday share nothing but both share a source with Tuesday', () => {
    const picked = pickWeekStories([
      daily('2026-11-30', [story('m', ['p'])]),
      daily('2026-12-01', [story('t', ['p', 'q'])]),
      daily('2026-12-02', [story('w', ['q', 'r'])]),
    ], 10);
    expect(picked.stories.map((s) => [s.id, s.sources.length])).toEqual([['w', 3]]);
  });

  it('shows sections in the latest day\'s order, then sections only earlier days had, and breaks ties by that order', () => {
    const week = [
      daily('2026-11-30', [story('old', ['o1'], 'Culture'), story('w1', ['w1'], 'World')], ['Culture', 'World']),
      daily('2026-12-04', [story('l1', ['l1', 'l2'], 'Local'), story('w2', ['w2', 'w3'], 'World'), story('w3', ['w4'], 'World')], ['World', 'Local']),
    ];
    const picked = pickWeekStories(week, 10);
    expect(picked.sections).toEqual(['World', 'Local', 'Culture']);
    // w2 and l1 tie on two sources: World comes first in the editor's order.
    // Within World the ranking stands: w2 (2 sources), then w3 (1, Friday) before w1 (1, Monday).
    expect(picked.stories.map((s) => [s.section, s.id])).toEqual([
      ['World', 'w2'], ['World', 'w3'], ['World', 'w1'], ['Local', 'l1'], ['Culture', 'old'],
    ]);
    // At the limit, the tie goes to the editor's first section although l1 came first that day.
    expect(pickWeekStories(week, 1).stories.map((s) => s.id)).toEqual(['w2']);
  });

  it('leaves out sections none of the chosen stories is in', () => {
    const picked = pickWeekStories([daily('2026-11-30', [story('a', ['a1', 'a2'], 'World'), story('b', ['b1'], 'Local')], ['World', 'Local'])], 1);
    expect(picked.sections).toEqual(['World']);
  });

  it('shows the stories of a day without sections under a last heading when other days had sections', () => {
    const picked = pickWeekStories([
      daily('2026-11-30', [story('plain', ['p1', 'p2'])]),
      daily('2026-12-01', [story('w', ['w1'], 'World')], ['World']),
    ], 10);
    expect(picked.sections).toEqual(['World', UNSECTIONED]);
    expect(picked.stories.map((s) => [s.section, s.id])).toEqual([['World', 'w'], [UNSECTIONED, 'plain']]);
  });

  it('has no stories and no sections for a week without dailies', () => {
    expect(pickWeekStories([], 10)).toEqual({ stories: [] });
  });
});
