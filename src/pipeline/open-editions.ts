// Opening editions: building and freezing them at their cut-off, after which
// deliverDue hands them to each reader at their hour. The daily edition of a
// date opens at GAZETTE_SCHEDULE in GAZETTE_TZ; the weekly edition of an ISO
// week at the first daily cut-off of the week after. Shared by the scheduler's
// job, `send` and `start`, so each freezes an edition at the same instant.
import type { App } from '../app.js';
import { localDate } from '../clock.js';
import { splitDue } from '../editions/due.js';
import { addDays, weekOf } from '../editions/edition.js';
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
