// What the scheduler runs: one issue, by date, stoppable. The scheduler knows
// nothing of gathering or mail; the real job (build + deliver) is composed in
// `issue-job.ts` and tests hand in a plain object.
import type { RunReport } from '../store/runs.js';

export type { RunReport } from '../store/runs.js';

export interface Job {
  /**
   * Builds and delivers the issue of `date` (YYYY-MM-DD). When `signal` aborts,
   * it stops claiming recipients, lets messages in flight finish, and resolves
   * with outcome 'interrupted'. `scheduledAt` is the cut-off the edition is
   * frozen at (readers' local hours count from it); default now.
   */
  runIssue(date: string, signal: AbortSignal, scheduledAt?: Date): Promise<RunReport>;
}
