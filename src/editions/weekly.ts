// The weekly edition: the most-covered stories of one ISO week's daily issues.
// (Interface fixed here so the scheduler can be wired while the build is written;
// the build itself lands in the `weekly` branch.)
import { GazetteError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { BuiltIssue } from '../pipeline/build-issue.js';
import type { IssueStore } from '../store/issues.js';

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
export async function buildWeeklyEdition(_parts: WeeklyParts, settings: WeeklySettings): Promise<BuiltIssue> {
  throw new GazetteError('INPUT', `The weekly edition of ${settings.week} cannot be built yet.`);
}
