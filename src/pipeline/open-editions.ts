// Opening editions: building and freezing them at their cut-off, after which
// deliverDue hands them to each reader at their hour. The daily edition of a
// date opens at GAZETTE_SCHEDULE in GAZETTE_TZ; the weekly edition of an ISO
// week at the first daily cut-off of the week after. Shared by the scheduler's
// job, `send` and `start`, so each freezes an edition at the same instant.
import type { App } from '../app.js';
import { localDate } from '../clock.js';
import { splitDue } from '../editions/due.js';
import { addDays, datesOfWeek, weekOf } from '../editions/edition.js';
import { localInstant } from '../editions/due.js';
import { pickWeekStories } from '../editions/week-stories.js';
import { buildWeeklyEdition } from '../editions/weekly.js';
import { openSendLedger, type AudienceGroup } from '../deliver/index.js';
import { cronSpec } from '../schedule/cron-spec.js';
import { buildIssue, type BuiltIssue } from './build-issue.js';

/** Builds the weekly edition of an ISO week (editions/weekly.ts; tests hand in their own). */
export type BuildWeekly = (week: string) => Promise<BuiltIssue>;

/** The real weekly build with the app's parts. */
export function realWeekly(app: App): BuildWeekly {
  return (week) => buildWeeklyEdition({ issues: app.issues(), clock: app.clock, logger: app.logger }, { ...app.buildSettings(), week });
}

/**
 * The weekly edition the cut-off of `date` opens: the previous ISO week's,
 * built and frozen once (at the first cut-off of the new week; a later one
 * finds it frozen). An edition without stories is not frozen under
 * GAZETTE_ON_EMPTY=skip, so nobody gets it.
 */
export async function openWeekly(app: App, buildWeekly: BuildWeekly, date: string, cutoff: Date): Promise<void> {
  const week = weekOf(addDays(date, -7));
  const existing = await app.issues().get(week);
  if (existing?.frozenAt) return;
  const built = await buildWeekly(week);
  if (built.stored.issue.stories.length === 0 && app.config.onEmpty === 'skip') {
    app.logger.info({ week }, 'the weekly edition has no stories: not sent (GAZETTE_ON_EMPTY=skip)');
    return;
  }
  await app.issues().freeze(week, cutoff);
  app.logger.info({ week, cutoff: cutoff.toISOString() }, 'weekly edition built; weekly readers get it on their day');
}

/** The latest scheduled cut-off at or before `at` and the date of its daily edition. */
export function lastCutoff(app: App, at: Date): { date: string; cutoff: Date } | null {
  const spec = cronSpec(app.config.schedule, app.config.tz);
  const cutoff = spec.prev(at);
  return cutoff ? { date: localDate(cutoff, app.config.tz), cutoff } : null;
}

/**
 * Opens the daily edition whose cut-off came last before `at`, unless it is
 * frozen already: built, and frozen at that cut-off (not at `at`), so readers'
 * hours count from when it was due out. Returns what happened.
 */
export async function openDaily(app: App, at: Date): Promise<{ date: string; action: 'open' | 'opened' | 'empty' | 'none'; built?: BuiltIssue }> {
  const last = lastCutoff(app, at);
  if (!last) return { date: '', action: 'none' };
  const existing = await app.issues().get(last.date);
  if (existing?.frozenAt) return { date: last.date, action: 'open' };
  const built = await buildIssue(app.buildParts(), app.buildSettings(last.date));
  if (built.stored.issue.stories.length === 0 && !built.reused && app.config.onEmpty === 'skip') return { date: last.date, action: 'empty', built };
  await app.issues().freeze(last.date, last.cutoff);
  return { date: last.date, action: 'opened', built };
}

/** The groups due `edition` at `at` (the edition must be frozen: its cut-off is when). */
export async function dueGroupsOf(app: App, edition: string, at: Date): Promise<AudienceGroup[]> {
  const stored = await app.issues().get(edition);
  const cutoff = stored?.frozenAt ? new Date(stored.frozenAt) : at;
  const groups = await openSendLedger(app.engine()).audienceGroups();
  return splitDue(edition, cutoff, groups, at, app.config.tz).due;
}

/**
 * The weekly editions a plan must show beside the open ones, as (key, cut-off)
 * not frozen yet: the one the last cut-off before `at` opens when the real run
 * gets there (a replayed Monday), and the next one to open after `at` (so a
 * plan says when weekly readers get theirs). Read only: whether an edition
 * would have stories is read from the week's frozen dailies, nothing is built.
 */
export async function unopenedWeeklies(app: App, at: Date): Promise<{ date: string; cutoff: Date }[]> {
  const spec = cronSpec(app.config.schedule, app.config.tz);
  const out: { date: string; cutoff: Date }[] = [];
  const last = spec.prev(at);
  if (last) {
    const week = weekOf(addDays(localDate(last, app.config.tz), -7));
    if (await wouldOpen(app, week)) out.push({ date: week, cutoff: last });
  }
  const next = spec.next(at);
  if (!next) return out;
  const soon = weekOf(addDays(localDate(next, app.config.tz), -7));
  if (!out.some((e) => e.date === soon) && (await wouldOpen(app, soon))) return [...out, { date: soon, cutoff: next }];
  // This week's edition: its stories are still coming, so it is counted as opening at the first cut-off of next week.
  const week = weekOf(localDate(at, app.config.tz));
  const monday = addDays(datesOfWeek(week)[0]!, 7);
  const opens = spec.next(new Date(localInstant(monday, 0, app.config.tz).getTime() - 1));
  if (opens && !out.some((e) => e.date === week) && !(await app.issues().get(week))?.frozenAt) out.push({ date: week, cutoff: opens });
  return out;
}

/** Whether the cut-off that reaches `week` would freeze it: not frozen yet, and with stories unless GAZETTE_ON_EMPTY=send. */
async function wouldOpen(app: App, week: string): Promise<boolean> {
  if ((await app.issues().get(week))?.frozenAt) return false;
  if (app.config.onEmpty === 'send') return true;
  const days = datesOfWeek(week);
  const dailies = await app.issues().frozenDailies(days[0]!, days[6]!);
  return pickWeekStories(dailies.map((d) => d.issue), app.config.maxStories).stories.length > 0;
}
