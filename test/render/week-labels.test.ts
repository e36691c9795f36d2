// Labels and subject lines for an edition key: a daily date as always, a
// weekly key (YYYY-Www) by the days of its ISO week.
import { describe, expect, it } from 'vitest';
import { dateLabel, preheaderLine, spanLabel, subjectLine, templateData } from '../../src/render/issue-data.js';
import { variantOf } from '../../src/render/index.js';
import type { Issue, IssueStory } from '../../src/types.js';

const meta = (date: string) => ({ date, listName: 'Gazette', publicUrl: 'https://news.example.org/' });
const story = (title: string, section?: string): IssueStory => ({ id: title, title, summary: `${title}. More.`, sources: [], ...(section ? { section } : {}) });

describe('week-key labels', () => {
  it('labels a week by its Monday, and its span by its first and last day', () => {
    expect(dateLabel('2026-W49')).toBe('Week of 30 November 2026');
    expect(spanLabel('2026-W49')).toBe('30 Nov – 6 Dec 2026');
    expect(dateLabel('2026-W53')).toBe('Week of 28 December 2026');
    expect(spanLabel('2026-W53')).toBe('28 Dec 2026 – 3 Jan 2027');
    expect(dateLabel('2027-W01')).toBe('Week of 4 January 2027');
    expect(spanLabel('2027-W01')).toBe('4 Jan – 10 Jan 2027');
    // 2026-W01 starts in 2025 (1 January 2026 is a Thursday).
    expect(spanLabel('2026-W01')).toBe('29 Dec 2025 – 4 Jan 2026');
  });

  it('leaves daily labels as they were', () => {
    expect(dateLabel('2026-11-22')).toBe('Sunday, 22 November 2026');
    expect(spanLabel('2026-11-22')).toBe('22 Nov 2026');
    expect(subjectLine(meta('2026-11-22'), [story('Trams')])).toBe('Gazette, 22 Nov: Trams');
    expect(subjectLine(meta('2026-11-22'), [])).toBe('Gazette, 22 Nov: nothing new today');
    expect(preheaderLine([], '2026-11-22')).toBe('No new stories today.');
    expect(preheaderLine([])).toBe('No new stories today.');
  });

  it('writes a weekly subject "week of <Monday>" and weekly wording when empty', () => {
    expect(subjectLine(meta('2026-W49'), [story('Trams')])).toBe('Gazette, week of 30 Nov: Trams');
    expect(subjectLine(meta('2026-W53'), [])).toBe('Gazette, week of 28 Dec: nothing new this week');
    expect(preheaderLine([], '2026-W53')).toBe('No stories this week.');
  });

  it('gives the templates the week\'s label and archive link', () => {
    const issue = { date: '2026-W49', subject: 's', preheader: 'p', stories: [], articleCount: 0 };
    const data = templateData(meta('2026-W49'), issue);
    expect(data.dateLabel).toBe('Week of 30 November 2026');
    expect(data.archiveUrl).toBe('https://news.example.org/archive/2026-W49');
    expect(data.intro).toBe('No daily issue went out this week.');
    expect(templateData(meta('2026-11-22'), { ...issue, date: '2026-11-22' }).intro).toBe('Nothing new arrived since the last issue.');
  });

  it('writes a topics variant of a weekly edition as a weekly', () => {
    const weekly: Issue = {
      date: '2026-W49', subject: 'Gazette, week of 30 Nov: Trams', preheader: 'x', articleCount: 0, htmlBytes: 1,
      stories: [story('Trams', 'Local'), story('Talks', 'World')], sections: ['Local', 'World'],
    };
    expect(variantOf(weekly, ['world'], 'Gazette').subject).toBe('Gazette, week of 30 Nov: Talks');
    expect(variantOf(weekly, ['sport'], 'Gazette')).toMatchObject({ subject: 'Gazette, week of 30 Nov: nothing new this week', preheader: 'No stories this week.' });
  });
});
