// The weekly edition: the most-covered stories of one ISO week's daily issues.
// It is gathered from the daily issues that went out (frozen), never from the
// sources again: a weekly reader gets the stories daily readers got, told as
// they were told. Like the daily issue, it is kept in the issues table (keyed
// by the week, e.g. 2026-W49), frozen when its delivery starts, and written to
// out/<week>/. It carries no article ids: which articles a later daily issue
// may carry is the daily issues' business alone.
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { GazetteError } from '../errors.js';
import { writeIssueFiles, type BuiltIssue } from '../pipeline/build-issue.js';
import { renderIssueJson } from '../render/index.js';
import { preheaderLine, subjectLine } from '../render/issue-data.js';
import type { IssueStore, StoredIssue } from '../store/issues.js';
import type { ArrangedStory, Issue, IssueStory } from '../types.js';
import { datesOfWeek, editionKind, isRealEditionKey } from './edition.js';
import { pickWeekStories, type WeekStory } from './week-stories.js';

export interface WeeklyParts {
  issues: IssueStore;
  clock: Clock;
  logger: Logger;
}

export interface WeeklySettings {
  /** The ISO week the edition covers, YYYY-Www (editions/edition.ts). */
  week: string;
  /** At most this many stories (the daily issue's limit). */
  maxStories: number;
  templatesDir: string;
  outDir: string;
  listName: string;
  publicUrl: string;
  /** False: in memory only. Default true. */
  persist?: boolean;
}

/** Builds (or reuses, once delivery began) the weekly edition of `settings.week` from the frozen daily issues of that week. */
export async function buildWeeklyEdition(parts: WeeklyParts, settings: WeeklySettings): Promise<BuiltIssue> {
  const { week } = settings;
  if (editionKind(week) !== 'weekly' || !isRealEditionKey(week)) {
    throw new GazetteError('INPUT', `"${week}" is not an ISO week; write it as YYYY-Www, e.g. 2026-W49.`);
  }
  const dir = join(settings.outDir, week);
  const frozen = await parts.issues.get(week);
  if (frozen?.frozenAt) {
    parts.logger.info({ week }, 'weekly edition already being delivered: reusing the stored edition');
    if (settings.persist !== false) await writeIssueFiles(dir, frozen, settings.publicUrl);
    return { stored: frozen, stories: frozen.issue.stories.map((s) => arranged(s, week)), plan: null, problems: [], dropped: [], reused: true, dir };
  }

  const days = datesOfWeek(week);
  const dailies = await parts.issues.frozenDailies(days[0]!, days[6]!);
  const picked = pickWeekStories(dailies.map((d) => d.issue), settings.maxStories);
  const stories: IssueStory[] = picked.stories.map(({ days: _days, ...s }) => s);
  // What readers could choose on any day of the week, and the weekly's own
  // headings; unknown (every topic kept) if a daily predates recording it.
  const choices = dailies.every((d) => d.issue.sectionChoices)
    ? [...new Set([...dailies.flatMap((d) => d.issue.sectionChoices!), ...(picked.sections ?? [])])]
    : null;
  const meta = { listName: settings.listName, publicUrl: settings.publicUrl, templatesDir: settings.templatesDir };
  const base: Omit<Issue, 'htmlBytes'> = {
    date: week,
    // Generated, never an editor's daily subject: that was written about one day.
    subject: subjectLine({ date: week, listName: settings.listName, publicUrl: settings.publicUrl }, stories),
    preheader: preheaderLine(stories, week),
    stories,
    articleCount: stories.reduce((n, s) => n + s.sources.length, 0),
    ...(picked.sections ? { sections: picked.sections } : {}),
    ...(picked.sections && choices ? { sectionChoices: choices } : {}),
    ...(dailies.length > 0 ? { intro: [introLine(dailies.length)] } : {}),
  };
  const rendered = await renderIssueJson(base, meta);
  const shown = picked.stories.map((s) => arranged(s, week));
  if (settings.persist === false) {
    const stored: StoredIssue = { ...rendered, builtAt: parts.clock.now().toISOString(), frozenAt: null };
    return { stored, stories: shown, plan: null, problems: [], dropped: [], reused: false, dir };
  }
  // No article ids: the weekly must not change what later daily issues may carry.
  const stored = await parts.issues.save(rendered, [], parts.clock.now());
  await writeIssueFiles(dir, stored, settings.publicUrl);
  parts.logger.info({ week, dailies: dailies.length, stories: stories.length, htmlBytes: rendered.issue.htmlBytes }, 'weekly edition built');
  return { stored, stories: shown, plan: null, problems: [], dropped: [], reused: false, dir };
}

/** What the edition is, said once at the top. */
function introLine(dailies: number): string {
  return `The week's most-covered stories, from ${dailies} daily ${dailies === 1 ? 'issue' : 'issues'}.`;
}

/**
 * A weekly story in the shape BuiltIssue carries (as the daily build's
 * stories): its sources stand for its articles, whose full text the weekly
 * does not have (it is made from issue.json, not from the sources).
 */
function arranged(s: IssueStory | WeekStory, week: string): ArrangedStory {
  return {
    id: s.id,
    title: s.title,
    sentences: [s.summary],
    section: s.section ?? null,
    ...(s.editorSummary ? { editorSummary: s.summary } : {}),
    articles: s.sources.map((src) => ({
      id: src.url ?? `${src.outlet}: ${src.title}`,
      title: src.title, url: src.url, outlet: src.outlet, published: src.published,
      text: '', source: 'days' in s ? s.days.join(', ') : week, tags: [],
    })),
  };
}
