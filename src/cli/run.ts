// `gazette run`: the scheduler. Builds and delivers the issue on
// GAZETTE_SCHEDULE in GAZETTE_TZ until SIGTERM or SIGINT, then stops claiming
// recipients, lets messages in flight finish, records the run and exits 0.
import type { Command } from 'commander';

import type { App } from '../app.js';
import { DeliveryStopped, type DeliveryReport } from '../deliver/index.js';
import { buildIssue } from '../pipeline/build-issue.js';
import { cronSpec, formatInZone } from '../schedule/cron-spec.js';
import { createIssueJob, type DeliverySummary } from '../schedule/issue-job.js';
import type { Job } from '../schedule/job.js';
import { processOwner } from '../schedule/lease.js';
import { Scheduler } from '../schedule/scheduler.js';
import { nodeCronTicker } from '../schedule/ticker.js';
import { type CliContext, type Io, println } from './context.js';
import { sendIssue } from '../pipeline/send-issue.js';

/** Registers `gazette run`. */
export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('the scheduler: builds and sends the issue on GAZETTE_SCHEDULE in GAZETTE_TZ until stopped (SIGTERM/SIGINT)')
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)')
    .action(async (flags: { content?: string }) => {
      const app = ctx.boot({ contentDir: flags.content });
      try {
        // Checked before anything else: a typo in the schedule must stop the start, not the 07:00 run.
        const spec = cronSpec(app.config.schedule, app.config.tz);
        const owner = processOwner();
        const leases = app.leases();
        const scheduler = new Scheduler({
          spec, owner, leases,
          ticker: nodeCronTicker(spec, app.logger),
          clock: app.clock,
          job: printing(ctx.io, issueJobFor(app), app),
          runs: app.runs(),
          logger: app.logger,
          graceHours: app.config.graceHours,
        });
        println(ctx.io, `Gazette scheduler: GAZETTE_SCHEDULE "${spec.expression}" in ${spec.tz} (owner ${owner})`);
        println(ctx.io, 'Next runs:');
        for (const at of scheduler.nextRuns(3)) println(ctx.io, `  ${formatInZone(at, spec.tz, spec.hasSeconds)}`);
        for (const l of await leases.active(app.clock.now())) {
          println(ctx.io, `Another scheduler is running ${l.name}: ${l.owner} holds it until ${formatInZone(l.expiresAt, spec.tz)}; this one stands aside for that issue.`);
        }
        const stopRequested = untilSignal(['SIGTERM', 'SIGINT']);
        const start = await scheduler.start();
        if (start.action === 'catch-up') {
          println(ctx.io, `Catching up the run of ${start.date} planned for ${formatInZone(start.scheduledAt, spec.tz)} (missed while down, within the ${app.config.graceHours} h grace window).`);
        } else if (start.action === 'missed') {
          println(ctx.io, `Skipped the run of ${start.date} planned for ${formatInZone(start.scheduledAt, spec.tz)}: missed while down, past the ${app.config.graceHours} h grace window (GAZETTE_GRACE_HOURS).`);
        }
        const signal = await stopRequested;
        println(ctx.io, `${signal}: stopping; messages in flight are allowed to finish.`);
        const how = await scheduler.stop();
        println(ctx.io, how === 'timed-out' ? 'Stopped without waiting for every message in flight; the next start resumes from the ledger.' : 'Stopped.');
      } finally {
        await app.close();
      }
    });
}

/** The real job: the pipeline's build of the date, then delivery to every confirmed subscriber. */
export function issueJobFor(app: App): Job {
  const parts = app.buildParts();
  return createIssueJob({
    build: (date) => buildIssue(parts, app.buildSettings(date)),
    sourceCount: parts.sources.length,
    onEmpty: app.config.onEmpty,
    logger: app.logger,
    async deliver(built, signal) {
      const date = built.stored.issue.date;
      try {
        // Freezes the issue and sends the stored copy through one transport for the run.
        const report = await sendIssue(app, built.stored, { signal });
        return summary(report, report.pending === 0, report.pending > 0 ? `${report.pending} recipients still pending after temporary errors; \`gazette send --date ${date}\` retries them` : undefined);
      } catch (err) {
        if (err instanceof DeliveryStopped) return summary(err.report, false, err.interrupted ? 'stopped by a signal; the next run resumes' : err.message);
        throw err;
      }
    },
  });
}

function summary(r: DeliveryReport, complete: boolean, reason?: string): DeliverySummary {
  return { recipients: r.recipients, sent: r.sent, skipped: r.skipped, failed: r.failed.length, complete, reason };
}

/** Prints one line per finished run, beside the structured log. */
function printing(io: Io, job: Job, app: App): Job {
  return {
    async runIssue(date, signal) {
      const started = app.clock.now().getTime();
      let r;
      try {
        r = await job.runIssue(date, signal);
      } catch (err) {
        println(io, `Issue ${date}: failed: ${(err as Error).message}`);
        throw err;
      }
      const secs = ((app.clock.now().getTime() - started) / 1000).toFixed(1);
      println(io, `Issue ${date}: ${r.outcome}; ${r.sent} sent, ${r.skipped} skipped, ${r.failed} failed of ${r.recipients} (${r.stories} stories, ${secs} s)${r.reason ? `; ${r.reason}` : ''}.`);
      return r;
    },
  };
}

/** Resolves with the name of the first of `signals` the process receives. */
function untilSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      for (const x of signals) process.off(x, on);
      resolve(s);
    };
    for (const s of signals) process.on(s, on);
  });
}
