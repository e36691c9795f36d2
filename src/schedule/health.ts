// The scheduler's field in GET /healthz: when it last succeeded and when it
// runs next. It only reports; whether a stale success is an outage is for the
// operator's monitor to decide (a site that sends through system cron has no
// scheduler runs at all).
import type { Clock } from '../clock.js';
import { lastSuccess, type RunStore } from '../store/runs.js';
import type { CronSpec } from './cron-spec.js';

export interface SchedulerHealth {
  lastSuccess: { issue: string; finishedAt: string } | null;
  nextRun: string | null;
}

/** The scheduler's last success (from the run reports) and its next run (from GAZETTE_SCHEDULE). */
export async function schedulerHealth(runs: RunStore, spec: CronSpec, clock: Clock): Promise<SchedulerHealth> {
  const last = await lastSuccess(runs);
  return {
    lastSuccess: last ? { issue: last.issue, finishedAt: last.finishedAt } : null,
    nextRun: spec.next(clock.now())?.toISOString() ?? null,
  };
}
