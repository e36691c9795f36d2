// Turns summarized stories into the issue (issue.json) and into the data the
// templates see. Pure functions: no I/O, so the subject and preheader rules
// are easy to test.
import type { ArrangedStory, Issue, IssueStory, SummarizedStory } from '../types.js';
import { PERSONAL_MARKERS, stripMarkers } from './personal.js';
import { datesOfWeek, editionKind } from '../editions/edition.js';

export interface IssueMeta {
  date: string;
  listName: string;
  publicUrl: string;
  lang?: string;
  /** The editor's subject line (issue.md `subject:`), used as written instead of the generated one. */
  subject?: string;
}

const SUBJECT_MAX = 90;

/** The issue's stories as issue.json carries them. */
export function toIssueStories(stories: readonly (SummarizedStory | ArrangedStory)[]): IssueStory[] {
  const clean = stripMarkers;
  return stories.map((s) => ({
    id: s.id,
    title: clean(s.title),
    summary: clean(('editorSummary' in s && s.editorSummary) || s.sentences.join(' ')),
    ...('section' in s && s.section !== null ? { section: clean(s.section) } : {}),
    ...('editorSummary' in s && s.editorSummary ? { editorSummary: true } : {}),
    // Only http(s) source URLs are kept: a `javascript:` or `data:` URL from a feed
    // must not reach issue.json, the archive or the RSS feed, not only the email's links.
    sources: s.articles.map((a) => ({ title: clean(a.title), url: a.url ? stripMarkers(safeHttpUrl(clean(a.url)) ?? '') || null : null, outlet: clean(a.outlet), published: a.published })),
  }));
}

/** "Gazette, 22 Nov: <top story>" (a weekly edition: "Gazette, week of 30 Nov: …"), cut at a word boundary to fit an inbox line. */
export function subjectLine(meta: IssueMeta, stories: readonly IssueStory[]): string {
  if (meta.subject) return truncate(stripMarkers(meta.subject), 200);
  const weekly = editionKind(meta.date) === 'weekly';
  const day = weekly ? `week of ${shortDay(datesOfWeek(meta.date)[0]!)}` : shortDay(meta.date);
  const head = `${meta.listName}, ${day}`;
  const top = stories[0]?.title;
  if (!top) return `${head}: nothing new ${weekly ? 'this week' : 'today'}`;
  return truncate(`${head}: ${top}`, SUBJECT_MAX);
}

/** The inbox preview line: the top story's first sentence, then the next headlines. `date` only picks the wording of an empty issue. */
export function preheaderLine(stories: readonly IssueStory[], date?: string): string {
  if (stories.length === 0) return date && editionKind(date) === 'weekly' ? 'No stories this week.' : 'No new stories today.';
  const rest = stories.slice(1, 4).map((s) => s.title);
  const text = rest.length > 0 ? `Also: ${rest.join(' · ')}` : (stories[0]!.summary.split(/(?<=[.!?])\s/)[0] ?? '');
  return truncate(text, 140);
}

/**
 * Cuts `text` to at most `max` characters with an ellipsis, at the last blank
 * that fits: a word is cut only when a single word is longer than `max`.
 * Separators left dangling at the end (" ·", ",", "–") go too.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Room for the ellipsis: at most max - 1 characters of text. A blank at index
  // max - 1 still ends a whole word, so it is looked for too.
  const blank = Math.max(...[...text.slice(0, max).matchAll(/\s/g)].map((m) => m.index ?? 0), 0);
  let cut = blank > 0 ? text.slice(0, blank) : text.slice(0, max - 1);
  // Never split a surrogate pair (an emoji in a headline).
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.replace(/[\s,;:·•|–—-]+$/, '') + '…';
}

/** The long date shown in the issue, e.g. "Sunday, 22 November 2026"; for a weekly key, "Week of 30 November 2026" (its Monday). */
export function dateLabel(date: string): string {
  if (editionKind(date) === 'weekly') return `Week of ${format(datesOfWeek(date)[0]!, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  return format(date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * The days an edition covers, short: "22 Nov 2026" for a daily key, "30 Nov –
 * 6 Dec 2026" for a week (both years shown when the week straddles New Year:
 * "28 Dec 2026 – 3 Jan 2027").
 */
export function spanLabel(key: string): string {
  if (editionKind(key) === 'daily') return format(key, { day: 'numeric', month: 'short', year: 'numeric' });
  const days = datesOfWeek(key);
  const [first, last] = [days[0]!, days[6]!];
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const start = sameYear ? shortDay(first) : format(first, { day: 'numeric', month: 'short', year: 'numeric' });
  return `${start} – ${format(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

const format = (date: string, options: Intl.DateTimeFormatOptions) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { ...options, timeZone: 'UTC' });
const shortDay = (date: string) => format(date, { day: 'numeric', month: 'short' });

/** Everything the templates see; personal fields are markers, filled per recipient later. */
export function templateData(meta: IssueMeta, issue: Omit<Issue, 'htmlBytes'>) {
  const base = meta.publicUrl.replace(/\/+$/, '');
  const stories = issue.stories.map((s, i) => ({
    ...s,
    number: i + 1,
    url: safeHttpUrl(s.sources.find((src) => src.url)?.url ?? null),
    // A source whose outlet is unknown (a file named by an id) is left off the sources line rather than shown blank.
    sources: s.sources.filter((src) => src.outlet.trim() !== '').map((src) => ({ ...src, url: safeHttpUrl(src.url) })),
  }));
  const sections = groupBySection(issue.sections, stories);
  return {
    lang: meta.lang ?? 'en',
    listName: meta.listName,
    date: meta.date,
    dateLabel: dateLabel(meta.date),
    subject: issue.subject,
    preheader: issue.preheader,
    intro: issue.stories.length === 0 ? (editionKind(meta.date) === 'weekly' ? 'No daily issue went out this week.' : 'Nothing new arrived since the last issue.') : '',
    editorIntro: issue.intro ?? [],
    stories,
    sections,
    /** True when the stories sit under section headings (the sections' own styles are only sent then). */
    sectioned: sections.some((s) => s.name !== ''),
    // A table of contents only pays for its lines when there is more than one section to jump to.
    toc: sections.length > 1 ? sections : [],
    articleCount: issue.articleCount,
    archiveUrl: `${base}/archive/${meta.date}`,
    unsubscribeUrl: PERSONAL_MARKERS.unsubscribeUrl,
    preferencesUrl: PERSONAL_MARKERS.preferencesUrl,
    email: PERSONAL_MARKERS.email,
  };
}

/**
 * The stories grouped for the templates: one group per shown section (with
 * its heading, anchor and a rule for the text part), or, for an issue without
 * sections, a single group with no heading, so both cases share one loop.
 */
function groupBySection<T extends { section?: string }>(names: readonly string[] | undefined, stories: readonly T[]) {
  // `inSection` tells the story partial its headline sits under a section heading (an h3, not an h2).
  if (!names || names.length === 0) return [{ name: '', anchor: '', rule: '', stories: stories.map((s) => ({ ...s, inSection: false })) }];
  return names.map((name, i) => ({
    name,
    anchor: `section-${i + 1}`,
    rule: '='.repeat(Math.max(3, [...name].length)),
    stories: stories.filter((s) => s.section === name).map((s) => ({ ...s, inSection: true })),
  }));
}

/** Only http(s) URLs become links: a `javascript:` URL from a feed must never reach an href. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
