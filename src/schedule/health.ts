// The scheduler's field in GET /healthz: when it last succeeded and when it
// runs next. It only reports; whether a stale success is an outage is for the
// operator's monitor to decide (a site that sends through system cron has no
// scheduler runs at all).
import type { Clock } from '../clock.js';
import { lastSuccess } from '../store/runs.js';
import type { Db } from '../store/sqlite.js';
import type { CronSpec } from './cron-spec.js';

export interface SchedulerHealth {
  lastSuccess: { issue: string; finishedAt: string } | null;
  nextRun: string | null;
}

/** The scheduler's last success (from the run reports) and its next run (from GAZETTE_SCHEDULE). */
export function schedulerHealth(db: Db, spec: CronSpec, clock: Clock): SchedulerHealth {
  const last = lastSuccess(db);
  return {
    lastSuccess: last ? { issue: last.issue, finishedAt: last.finishedAt } : null,
    nextRun: spec.next(clock.now())?.toISOString() ?? null,
  };
}
