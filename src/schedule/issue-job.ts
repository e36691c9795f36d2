// The real job behind `gazette run`: build the issue of the date, skip it when
// nothing new arrived (unless GAZETTE_ON_EMPTY=send), deliver it, and report.
// Its parts are functions so this file needs neither the pipeline's nor the
// delivery's wiring; the command composes them.
import type { Logger } from '../log.js';
import type { BuiltIssue } from '../pipeline/build-issue.js';
import { emptyReport, type RunReport } from '../store/runs.js';
import type { Job } from './job.js';

/** What delivery tells the job. */
export interface DeliverySummary {
  recipients: number;
  sent: number;
  /** Already delivered earlier (a resumed run). */
  skipped: number;
  failed: number;
  /** True when every recipient is delivered or permanently failed. */
  complete: boolean;
  /** Why it is not complete (paused, interrupted, …). */
  reason?: string;
}

export interface IssueJobParts {
  /** Builds (or reuses, once delivery began) the issue of `date`. */
  build(date: string): Promise<BuiltIssue>;
  /** How many sources the build reads (for the run report). */
  sourceCount: number;
  /** Freezes the built issue at its cut-off and delivers it to whoever is due now; stops claiming recipients when `signal` aborts. */
  deliver(built: BuiltIssue, signal: AbortSignal, cutoff: Date | undefined): Promise<DeliverySummary>;
  /**
   * Builds and freezes the weekly edition this cut-off opens (the previous ISO
   * week's, at the first cut-off of a week), if any; its readers get it from
   * the delivery ticker on their day. A failure is logged, not the daily run's.
   */
  openWeekly?(date: string, cutoff: Date | undefined): Promise<void>;
  onEmpty: 'skip' | 'send';
  logger: Logger;
}

/** The build-and-deliver job the scheduler runs. */
export function createIssueJob(parts: IssueJobParts): Job {
  return {
    async runIssue(date, signal, scheduledAt) {
      if (signal.aborted) return emptyReport('interrupted', 'stopped before the run began');
      const built = await parts.build(date);
      if (parts.openWeekly) {
        try {
          await parts.openWeekly(date, scheduledAt);
        } catch (err) {
          parts.logger.error({ date, err }, 'could not build the weekly edition; weekly readers get it once a later run builds it');
        }
      }
      const { issue } = built.stored;
      const counts = {
        sourcesFetched: parts.sourceCount,
        sourcesFailed: built.problems.length,
        articles: issue.articleCount,
        stories: issue.stories.length,
      };
      // A reused (frozen) issue is mid-delivery: finish it even if it is empty.
      if (issue.stories.length === 0 && !built.reused && parts.onEmpty === 'skip') {
        const reason = 'nothing new since the last issue (GAZETTE_ON_EMPTY=skip)';
        parts.logger.info({ date }, reason);
        return { ...emptyReport('empty', reason), ...counts };
      }
      if (signal.aborted) return { ...emptyReport('interrupted', 'stopped before delivery began'), ...counts };
      const d = await parts.deliver(built, signal, scheduledAt);
      const outcome: RunReport['outcome'] = d.complete ? 'sent' : signal.aborted ? 'interrupted' : 'failed';
      const reason = d.complete ? undefined : d.reason ?? (signal.aborted ? 'stopped by a signal; the next run resumes' : 'delivery did not finish');
      return { outcome, reason, ...counts, recipients: d.recipients, sent: d.sent, skipped: d.skipped, failed: d.failed };
    },
  };
}
