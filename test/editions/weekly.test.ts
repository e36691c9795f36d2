// The weekly edition built from daily issues kept in a real database (SQLite,
// PostgreSQL): daily issues rendered with the shipped templates, saved and
// frozen as build and send leave them; then the weekly gathered from them.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { buildWeeklyEdition, type WeeklySettings } from '../../src/editions/weekly.js';
import { renderIssue } from '../../src/render/index.js';
import { createIssueStore, type IssueStore } from '../../src/store/issues.js';
import type { IssuePlan, SummarizedStory } from '../../src/types.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

const templatesDir = resolve('templates');
const PUBLIC_URL = 'https://news.example.org';

/** A story told by one article from each of `outlets`, at https://<outlet>.example/<slug> (the slug: the id unless given). */
const story = (id: string, title: string, outlets: string[], slug = id): SummarizedStory => ({
  id, title, sentences: [`${title}, the reports say.`],
  articles: outlets.map((u, i) => ({ id: `${id}-${i}`, title: `${title} (${u})`, url: `https://${u}.example/${slug}`, outlet: u, published: null, text: 'x', source: 'x.md', tags: [] })),
});
const outlets = (n: number, prefix = 'o') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Renders and saves the daily issue of `date` (with its articles' ids), frozen unless `draft`. */
async function daily(issues: IssueStore, date: string, stories: SummarizedStory[], options: { draft?: boolean; plan?: IssuePlan } = {}) {
  const rendered = await renderIssue(stories, { date, listName: 'Gazette', publicUrl: PUBLIC_URL, templatesDir, plan: options.plan ?? null });
  await issues.save(rendered, stories.flatMap((s) => s.articles.map((a) => a.id)), new Date(`${date}T06:00:00Z`));
  if (!options.draft) await issues.freeze(date, new Date(`${date}T07:00:00Z`));
}

describeEngines('buildWeeklyEdition', (kind) => {
  let t: TestEngine;
  let issues: IssueStore;
  let outDir: string;
  const clock = manualClock('2026-12-07T06:00:00Z');
  const settings = (week: string, extra: Partial<WeeklySettings> = {}): WeeklySettings => ({
    week, maxStories: 3, templatesDir, outDir, listName: 'Gazette', publicUrl: PUBLIC_URL, ...extra,
  });
  const build = (week: string, extra: Partial<WeeklySettings> = {}) => buildWeeklyEdition({ issues, clock, logger: silentLogger }, settings(week, extra));

  beforeEach(async () => {
    t = await freshEngine(kind);
    issues = createIssueStore(t.engine);
    outDir = tmpDir();
  });
  afterEach(async () => { await t.close(); });

  /** Week 49 (Mon 30 Nov – Sun 6 Dec 2026) with neighbours and a draft that must stay out. */
  async function seedWeek49() {
    await daily(issues, '2026-11-29', [story('before', 'Last week\'s big story', outlets(9))]);
    await daily(issues, '2026-11-30', [story('bridge', 'The bridge closes', ['a', 'b']), story('trams', 'Night trams return', outlets(3))], {
      plan: { sections: [], defaultSection: 'News', intro: ['Monday notes.'], subject: 'An editor\'s Monday subject' },
    });
    await daily(issues, '2026-12-02', [story('bridge-2', 'The bridge reopens', ['b', 'c'], 'bridge'), story('budget', 'The budget passes', outlets(2))]);
    await daily(issues, '2026-12-04', [story('rain', 'Rain all week', outlets(3)), story('fair', 'A quiet fair', outlets(1))]);
    await daily(issues, '2026-12-05', [story('draft', 'A draft nobody saw', outlets(8))], { draft: true });
    await daily(issues, '2026-12-07', [story('after', 'Next week\'s big story', outlets(9))]);
  }

  it('gathers the week\'s most-covered stories from its sent dailies, the same story counted once', async () => {
    await seedWeek49();
    const built = await build('2026-W49');
    const issue = built.stored.issue;
    expect(built.reused).toBe(false);
    expect(issue.date).toBe('2026-W49');
    // bridge (Mon) and bridge-2 (Wed) share b's URL: one story, sources a, b, c. Ties on 3
    // sources: the later day first (rain, Friday; bridge, Wednesday; trams, Monday).
    expect(issue.stories.map((s) => [s.title, s.sources.length])).toEqual([
      ['Rain all week', 3], ['The bridge reopens', 3], ['Night trams return', 3],
    ]);
    expect(issue.stories[1]!.sources.map((s) => s.outlet)).toEqual(['b', 'c', 'a']);
    expect(built.stories.map((s) => s.id)).toEqual(['rain', 'bridge-2', 'trams']);
    // Generated subject, never Monday's editor subject; the intro says what this is.
    expect(issue.subject).toBe('Gazette, week of 30 Nov: Rain all week');
    expect(issue.editorSubject).toBeUndefined();
    expect(issue.intro).toEqual(['The week\'s most-covered stories, from 3 daily issues.']);
    expect(issue.preheader).toBe('Also: The bridge reopens · Night trams return');
    expect(issue.articleCount).toBe(9);
    expect(built.stored.text).toContain('Gazette, Week of 30 November 2026');
    expect(built.stored.html).toContain('Week of 30 November 2026');
    expect(built.stored.html).toContain(`${PUBLIC_URL}/archive/2026-W49`);
    expect(built.stored.html).not.toMatch(/A draft nobody saw|big story|Monday notes/);

    // Kept in the issues table (not frozen: the sender freezes it) and written to out/2026-W49/.
    const stored = await issues.get('2026-W49');
    expect(stored?.subject).toBe(issue.subject);
    expect(stored?.frozenAt).toBeNull();
    expect(JSON.parse(readFileSync(join(outDir, '2026-W49', 'issue.json'), 'utf8')).date).toBe('2026-W49');
    expect(readFileSync(join(outDir, '2026-W49', 'email.txt'), 'utf8')).toContain('subscriber@example.com');
    expect(existsSync(join(outDir, '2026-W49', 'email.html'))).toBe(true);
  });

  it('takes nothing away from later daily issues', async () => {
    await seedWeek49();
    const before = await issues.includedBefore('2026-12-08');
    const nextYear = await issues.includedBefore('2027-01-05');
    await build('2026-W49');
    await issues.freeze('2026-W49', new Date('2026-12-07T08:00:00Z'));
    expect(await issues.includedBefore('2026-12-08')).toEqual(before);
    // '2026-W49' sorts before '2027-…' as a string: weekly keys are still left out.
    expect(await issues.includedBefore('2027-01-05')).toEqual(nextYear);
    expect(before.has('rain-0')).toBe(true);
    expect(before.has('draft-0')).toBe(false);
  });

  it('rebuilds from the dailies until its delivery starts, then reuses what was sent', async () => {
    await seedWeek49();
    const first = await build('2026-W49');
    await daily(issues, '2026-12-06', [story('storm', 'The storm', outlets(5))]);
    const second = await build('2026-W49');
    expect(second.reused).toBe(false);
    expect(second.stored.issue.stories[0]!.title).toBe('The storm');
    expect(second.stored.issue.intro).toEqual(['The week\'s most-covered stories, from 4 daily issues.']);
    expect(second.stored.subject).not.toBe(first.stored.subject);

    await issues.freeze('2026-W49', new Date('2026-12-07T08:00:00Z'));
    await daily(issues, '2026-12-01', [story('late', 'A late arrival', outlets(7))]);
    const third = await build('2026-W49');
    expect(third.reused).toBe(true);
    expect(third.stored.html).toBe(second.stored.html);
    expect(third.stories.map((s) => s.title)).toEqual(second.stories.map((s) => s.title));
    expect(JSON.parse(readFileSync(join(outDir, '2026-W49', 'issue.json'), 'utf8')).stories[0].title).toBe('The storm');
  });

  it('keeps the editor\'s sections, latest day\'s order first', async () => {
    const plan = (names: string[]): IssuePlan => ({ sections: names.map((name) => ({ name, tags: [name.toLowerCase()] })), defaultSection: names[0]!, intro: [] });
    const tagged = (s: SummarizedStory, tag: string): SummarizedStory => ({ ...s, articles: s.articles.map((a) => ({ ...a, tags: [tag] })) });
    await daily(issues, '2026-11-30', [tagged(story('art', 'A painting found', outlets(2)), 'culture'), tagged(story('w1', 'Talks begin', outlets(1)), 'world')], { plan: plan(['Culture', 'World']) });
    await daily(issues, '2026-12-03', [tagged(story('w2', 'Talks end', outlets(3)), 'world'), tagged(story('l1', 'A new library', outlets(2)), 'local')], { plan: plan(['World', 'Local']) });
    const built = await build('2026-W49', { maxStories: 3 });
    const issue = built.stored.issue;
    expect(issue.sections).toEqual(['World', 'Local', 'Culture']);
    expect(issue.stories.map((s) => [s.section, s.title])).toEqual([['World', 'Talks end'], ['Local', 'A new library'], ['Culture', 'A painting found']]);
    expect(built.stored.text).toMatch(/World\n=====[\s\S]*Local\n=====[\s\S]*Culture\n=======/);
    // A reader may have chosen a section any day of the week offered.
    expect(issue.sectionChoices).toEqual(['Culture', 'World', 'Local']);
  });

  it('has no stories for a week without sent dailies (the caller decides whether to send it)', async () => {
    await daily(issues, '2026-12-15', [story('draft', 'Only a draft', outlets(2))], { draft: true });
    const built = await build('2026-W51');
    const issue = built.stored.issue;
    expect(issue.stories).toEqual([]);
    expect(issue.intro).toBeUndefined();
    expect(issue.subject).toBe('Gazette, week of 14 Dec: nothing new this week');
    expect(issue.preheader).toBe('No stories this week.');
    expect(built.stored.text).toContain('No daily issue went out this week.');
    expect(built.stories).toEqual([]);
  });

  it('builds the week that straddles New Year from both years\' dailies (2026 has 53 ISO weeks)', async () => {
    await daily(issues, '2026-12-27', [story('sun', 'Sunday, week 52', outlets(4))]);
    await daily(issues, '2026-12-31', [story('eve', 'New Year\'s Eve', outlets(2))]);
    await daily(issues, '2027-01-02', [story('jan', 'January begins', outlets(3))]);
    await daily(issues, '2027-01-04', [story('mon', 'First Monday', outlets(5))]);
    const w53 = (await build('2026-W53')).stored;
    expect(w53.issue.stories.map((s) => s.title)).toEqual(['January begins', 'New Year\'s Eve']);
    expect(w53.subject).toBe('Gazette, week of 28 Dec: January begins');
    expect(w53.text).toContain('Week of 28 December 2026');
    const w01 = (await build('2027-W01')).stored;
    expect(w01.issue.stories.map((s) => s.title)).toEqual(['First Monday']);
    expect(w01.subject).toBe('Gazette, week of 4 Jan: First Monday');
  });

  it('refuses a key that is not a real ISO week, and saves nothing in memory-only mode', async () => {
    await expect(build('2027-W53')).rejects.toThrow(/"2027-W53" is not an ISO week; write it as YYYY-Www/);
    await expect(build('2026-12-01')).rejects.toThrow(/not an ISO week/);
    await daily(issues, '2026-12-01', [story('x', 'Something', outlets(1))]);
    const built = await build('2026-W49', { persist: false });
    expect(built.stored.issue.stories).toHaveLength(1);
    expect(await issues.get('2026-W49')).toBeNull();
    expect(existsSync(join(outDir, '2026-W49'))).toBe(false);
  });
});
