// What the scheduler runs: one issue, by date, stoppable. The scheduler knows
// nothing of gathering or mail; the real job (build + deliver) is composed in
// `issue-job.ts` and tests hand in a plain object.
import type { RunReport } from '../store/runs.js';

export type { RunReport } from '../store/runs.js';

export interface Job {
  /**
   * Builds and delivers the issue of `date` (YYYY-MM-DD). When `signal` aborts,
   * it stops claiming recipients, lets messages in flight finish, and resolves
   * with outcome 'interrupted'.
   */
  runIssue(date: string, signal: AbortSignal): Promise<RunReport>;
}
