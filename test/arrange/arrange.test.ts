// The arrange stage: which section each story goes under (front matter, tags,
// feed line, default; the majority of its articles, ties by the editor's
// order), the order within a section, and the editor's own summary.
import { describe, expect, it } from 'vitest';
import { arrangeStories, PLAN_WARNING } from '../../src/arrange/index.js';
import type { Article, IssuePlan, SummarizedStory } from '../../src/types.js';

let n = 0;
function article(fields: Partial<Article> = {}): Article {
  n++;
  return { id: `a${n}`, title: `Article ${n}`, url: null, outlet: 'Outlet', published: null, text: 'Text.', source: `a${n}.md`, tags: [], ...fields };
}
function story(id: string, ...articles: Article[]): SummarizedStory {
  return { id, title: id, articles: articles.length ? articles : [article()], sentences: [`${id} happened.`] };
}

const plan: IssuePlan = {
  sections: [{ name: 'World', tags: [] }, { name: 'Science', tags: ['space', 'climate'] }, { name: 'Sport', tags: ['rowing'] }],
  defaultSection: 'More news',
  intro: [],
};
const shown = (r: ReturnType<typeof arrangeStories>) => r.sections.map((s) => [s.name, s.stories.map((x) => x.id)]);

describe('arrangeStories', () => {
  it('puts a story under the section its front matter or feed line names, else the one its tags match, else the default', () => {
    const r = arrangeStories([
      story('loose'),
      story('tagged', article({ tags: ['Climate'] })),
      story('named', article({ section: 'sport' })),
      story('by-name-tag', article({ tags: ['world'] })),
      story('from-feed', article({ section: 'Science', source: 'https://feeds.example/science.xml' })),
    ], plan);
    expect(shown(r)).toEqual([['World', ['by-name-tag']], ['Science', ['tagged', 'from-feed']], ['Sport', ['named']], ['More news', ['loose']]]);
    expect(r.stories.map((s) => s.section)).toEqual(['World', 'Science', 'Science', 'Sport', 'More news']);
    expect(r.problems).toEqual([]);
  });

  it('decides a story by the majority of its articles, a tie by the editor order', () => {
    const r = arrangeStories([
      story('mostly-sport', article({ section: 'World' }), article({ tags: ['rowing'] }), article({ section: 'Sport' })),
      story('tie', article({ section: 'Sport' }), article({ section: 'Science' }), article()),
    ], plan);
    expect(shown(r)).toEqual([['Science', ['tie']], ['Sport', ['mostly-sport']]]);
  });

  it('reports a section name that is in no section (with the file and the names there are), and lets the tags decide', () => {
    const r = arrangeStories([story('typo', article({ section: 'Sprot', tags: ['rowing'], source: 'content/regatta.md', title: 'Regatta' }))], plan);
    expect(shown(r)).toEqual([['Sport', ['typo']]]);
    expect(r.problems).toEqual([{ where: 'content/regatta.md', code: PLAN_WARNING, message: 'section "Sprot" of "Regatta" is not in issue.md (its sections are "World", "Science", "Sport", "More news"); fix the name, or add the section to issue.md' }]);
  });

  it('reports a misspelt section of a feed line once, not once per item', () => {
    const feed = 'https://feeds.example/sport.xml';
    const r = arrangeStories([story('a', article({ section: 'Sprot', source: feed })), story('b', article({ section: 'Sprot', source: feed }))], plan);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.where).toBe(feed);
  });

  it('orders stories within a section by `order:` (lowest of its articles), the rest after them in pipeline order', () => {
    const r = arrangeStories([
      story('first-in', article({ tags: ['space'] })),
      story('third', article({ tags: ['space'], order: 5 })),
      story('second-in', article({ tags: ['space'] })),
      story('top', article({ tags: ['space'], order: 9 }), article({ order: 1 })),
    ], plan);
    expect(shown(r)).toEqual([['Science', ['top', 'third', 'first-in', 'second-in']]]);
  });

  it('places the default section where the editor lists it, and sends articles naming it there', () => {
    const own: IssuePlan = { ...plan, sections: [{ name: 'Briefly', tags: [] }, ...plan.sections], defaultSection: 'briefly' };
    const r = arrangeStories([story('sport', article({ tags: ['rowing'] })), story('loose'), story('chosen', article({ section: 'Briefly' }))], own);
    expect(shown(r)).toEqual([['Briefly', ['loose', 'chosen']], ['Sport', ['sport']]]);
  });

  it("takes the editor's summary from the story's first article that has one, verbatim", () => {
    const words = 'Our words: <script>alert(1)</script> & more.';
    const r = arrangeStories([story('s', article(), article({ summary: words }), article({ summary: 'Later.' }))], plan);
    expect(r.stories[0]!.editorSummary).toBe(words);
    expect(r.stories[0]!.sentences).toEqual(['s happened.']);
  });

  it('without a plan, or a plan with no sections, keeps one list (ordered by `order:`) and no sections', () => {
    const stories = [story('a'), story('b', article({ order: 1 }))];
    for (const p of [null, { ...plan, sections: [] }]) {
      const r = arrangeStories(stories, p);
      expect(r.sections).toEqual([]);
      expect(r.stories.map((s) => [s.id, s.section])).toEqual([['b', null], ['a', null]]);
    }
  });
});
