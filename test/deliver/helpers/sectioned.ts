// An issue with three sections (World, Science, Sport), one story each, rendered with the real templates.
import { resolve } from 'node:path';
import { renderIssueJson } from '../../../src/render/index.js';
import type { IssueStory } from '../../../src/types.js';

export const meta = { templatesDir: resolve('templates'), listName: 'Gazette', publicUrl: 'https://news.example.com' };
export const TITLES = { World: 'Summit ends without a deal', Science: 'Comet seen from the harbour', Sport: 'Rowing club wins the cup' };

const story = (id: string, title: string, section: string): IssueStory => ({
  id, title, section, summary: `${title}: the details, in two sentences. More follows.`,
  sources: [{ title, url: `https://news.example/${id}`, outlet: 'Harbour Times', published: '2026-12-03T05:00:00Z' }],
});

/**
 * The rendered issue of `date` (a day or a week key) with the three sections;
 * `choices`: the sections readers could choose when it was built (absent, as
 * in an issue built before they were recorded, when not given).
 */
export async function sectionedIssue(date = '2026-12-03', choices?: string[]) {
  const stories = [story('w1', TITLES.World, 'World'), story('s1', TITLES.Science, 'Science'), story('p1', TITLES.Sport, 'Sport')];
  return renderIssueJson({
    date, subject: `Gazette ${date}`, preheader: 'Summit ends', stories, articleCount: 3, sections: ['World', 'Science', 'Sport'],
    ...(choices ? { sectionChoices: choices } : {}),
  }, meta);
}
