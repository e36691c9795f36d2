// `gazette run`: the scheduler. Builds and delivers the issue on
// GAZETTE_SCHEDULE in GAZETTE_TZ until SIGTERM or SIGINT, then stops claiming
// recipients, lets messages in flight finish, records the run and exits 0.
import type { Command } from 'commander';
import { parseContentDir } from './options.js';

import type { App } from '../app.js';
import { buildIssue } from '../pipeline/build-issue.js';
import { cronSpec, formatInZone, type CronSpec } from '../schedule/cron-spec.js';
import { createIssueJob } from '../schedule/issue-job.js';
import type { Job } from '../schedule/job.js';
import { processOwner } from '../schedule/lease.js';
import { Scheduler } from '../schedule/scheduler.js';
import { nodeCronTicker, type Every, type Ticker } from '../schedule/ticker.js';
import { type CliContext, type Io, println } from './context.js';
import { deliverDue, type EditionDelivery } from '../pipeline/deliver-due.js';
import { openWeekly, realWeekly, type BuildWeekly } from '../pipeline/open-editions.js';
import { readers } from './plural.js';

/** Registers `gazette run`. */
export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('the scheduler: builds and sends the issue on GAZETTE_SCHEDULE in GAZETTE_TZ until stopped (SIGTERM/SIGINT)')
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)', parseContentDir)
    .action(async (flags: { content?: string }) => {
      const app = ctx.boot({ contentDir: flags.content });
      try {
        // Checked before anything else: a typo in the schedule must stop the start, not the 07:00 run.
        const spec = cronSpec(app.config.schedule, app.config.tz);
        const owner = processOwner();
        const leases = app.leases();
        const scheduler = schedulerFor(app, ctx.io, { spec, owner, ticker: nodeCronTicker(spec, app.logger) });
        println(ctx.io, `Gazette scheduler: GAZETTE_SCHEDULE "${spec.expression}" in ${spec.tz} (owner ${owner})`);
        println(ctx.io, 'Next runs:');
        for (const at of scheduler.nextRuns(3)) println(ctx.io, `  ${formatInZone(at, spec.tz, spec.hasSeconds)}`);
        println(ctx.io, `Every ${app.config.tickMinutes} min (GAZETTE_TICK_MINUTES), each reader whose hour has come gets the open editions.`);
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

/** The scheduler of `gazette run` with the app's parts: the issue job at the cut-off, and delivery of what is due every GAZETTE_TICK_MINUTES. */
export function schedulerFor(app: App, io: Io, p: { spec: CronSpec; owner: string; ticker: Ticker; every?: Every; buildWeekly?: BuildWeekly }): Scheduler {
  return new Scheduler({
    spec: p.spec, owner: p.owner, ticker: p.ticker, every: p.every,
    leases: app.leases(),
    clock: app.clock,
    job: printing(io, issueJobFor(app, { buildWeekly: p.buildWeekly }), app),
    runs: app.runs(),
    logger: app.logger,
    graceHours: app.config.graceHours,
    // Each reader at their own hour: what has fallen due goes out every GAZETTE_TICK_MINUTES.
    deliverDue: async (at, signal) => { printDue(io, await deliverDue(app, at, { signal })); },
    deliveryEveryMs: app.config.tickMinutes * 60_000,
  });
}

/**
 * The real job: the pipeline's build of the date, frozen at its cut-off, then
 * delivery to whoever is due at once (the rest go out from the delivery
 * ticker at their own hour); at the first cut-off of an ISO week, the weekly
 * edition of the week before too.
 */
export function issueJobFor(app: App, options: { buildWeekly?: BuildWeekly } = {}): Job {
  const parts = app.buildParts();
  const buildWeekly = options.buildWeekly ?? realWeekly(app);
  return createIssueJob({
    build: (date) => buildIssue(parts, app.buildSettings(date)),
    sourceCount: parts.sources.length,
    onEmpty: app.config.onEmpty,
    logger: app.logger,
    openWeekly: (date, cutoff) => openWeekly(app, buildWeekly, date, cutoff ?? app.clock.now()),
    async deliver(built, signal, cutoff) {
      const date = built.stored.issue.date;
      // Frozen at the scheduled cut-off: readers' hours count from it, whenever this run got to it.
      await app.issues().freeze(date, cutoff ?? app.clock.now());
      const mine = (await deliverDue(app, app.clock.now(), { signal })).find((e) => e.edition === date);
      if (!mine) return { recipients: 0, sent: 0, skipped: 0, failed: 0, complete: true };
      const later = mine.notYetDue > 0 ? `; ${readers(mine.notYetDue)} at their own hour (next at ${mine.nextDueAt})` : '';
      const reason = mine.stopped ?? (mine.pending > 0 ? `${mine.pending} recipients still pending after temporary errors; the delivery ticker retries them${later}` : undefined);
      return {
        recipients: mine.report?.recipients ?? mine.delivered, sent: mine.sent, skipped: mine.skipped, failed: mine.failed,
        complete: !mine.stopped && mine.pending === 0, reason,
      };
    },
  });
}

/** One line per edition that sent something in a delivery tick. */
function printDue(io: Io, editions: readonly EditionDelivery[]): void {
  for (const e of editions) {
    if (e.sent === 0 && !e.stopped) continue;
    println(io, `Edition ${e.edition}: ${e.sent} sent now (${e.delivered} in all, ${e.variants.length} variants)${e.notYetDue ? `; ${e.notYetDue} later, next at ${e.nextDueAt}` : ''}${e.stopped ? `; ${e.stopped}` : ''}.`);
  }
}

/** Prints one line per finished run, beside the structured log. */
function printing(io: Io, job: Job, app: App): Job {
  return {
    async runIssue(date, signal, scheduledAt) {
      const started = app.clock.now().getTime();
      let r;
      try {
        r = await job.runIssue(date, signal, scheduledAt);
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
