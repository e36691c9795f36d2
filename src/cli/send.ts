// `gazette send`: builds (or reuses, once delivery began) the issue and
// delivers it to every confirmed subscriber; `--dry-run` counts, `--to` sends
// one unrecorded test copy. Thin: the work is in deliver/ and pipeline/.
import { ownerId } from '../process-owner.js';
import type { Command } from 'commander';
import type { App } from '../app.js';
import { asDatabaseError, DeliveryStopped, formatAnswer, openSendLedger, planDelivery, relayLines, sendTestCopy, type DeliveryReport } from '../deliver/index.js';
import { GazetteError, messageOf } from '../errors.js';
import { buildIssue } from '../pipeline/build-issue.js';
import { sendIssue } from '../pipeline/send-issue.js';
import type { RenderedIssue } from '../render/types.js';
import { emptyReport, type RunStore } from '../store/runs.js';
import { reportProblems } from './build.js';
import { warnAboutDomain } from './check-domain.js';
import { type CliContext, type Io, printJson, println } from './context.js';
import { parseDate, parseInstant, parseContentDir } from './options.js';
import { shiftedClock, systemClock } from '../clock.js';
import type { DeliveryGroup } from '../editions/due.js';
import { editionKind } from '../editions/edition.js';
import { deliverDue, planDue } from '../pipeline/deliver-due.js';
import { dueGroupsOf, lastCutoff, openDaily, openWeekly, realWeekly } from '../pipeline/open-editions.js';
import { progressBar, progressLog, type ProgressView } from './send-progress.js';
import { count, readers } from './plural.js';
import { planLines } from './plan-lines.js';

interface SendFlags {
  date?: string;
  at?: Date;
  content?: string;
  dryRun?: boolean;
  to?: string;
  json?: boolean;
}

/** Registers `gazette send`. */
export function registerSend(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('build (or reuse) the issue and deliver it to every confirmed subscriber, exactly once')
    .option('--date <YYYY-MM-DD>', 'issue date (default: today in GAZETTE_TZ)', parseDate)
    .option('--at <ISO time>', 'deliver what is due at this moment, as if it were now: every open edition to the readers whose hour has come (builds the day\'s edition first when its cut-off has passed)', parseInstant)
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)', parseContentDir)
    .option('--dry-run', 'render the issue and count the recipients; send nothing')
    .option('--to <address>', 'send one test copy to this address only (not recorded as a delivery)')
    .option('--json', 'print the send report as JSON')
    .action(async (flags: SendFlags) => {
      if (flags.at && flags.date) throw new GazetteError('INPUT', 'Give --at or --date, not both: --at delivers every edition due at that moment.');
      // Quiet (errors only unless LOG_LEVEL is set): the report, the `warning:` lines and, on a terminal, the
      // progress bar are the account; JSON log lines (progress off a terminal among them) only when LOG_LEVEL asks.
      const app = ctx.boot({ contentDir: flags.content }, { quiet: true, ...(flags.at ? { clock: shiftedClock(systemClock, flags.at) } : {}) });
      try {
        if (flags.at && !flags.dryRun && !flags.to) return await sendAt(ctx, app, flags.at, flags.json);
        const date = flags.date ?? (flags.at ? lastCutoff(app, flags.at)?.date ?? app.today() : app.today());
        // A dry run builds in memory only: no issue row, no out/<date>/ (README: it only prints the plan).
        const built = await buildIssue(app.buildParts(), { ...app.buildSettings(date), ...(flags.dryRun ? { persist: false } : {}) });
        reportProblems(ctx.io, built);
        const rendered = built.stored;
        if (flags.dryRun) return await dryRun(ctx.io, app, rendered, flags.at ?? app.clock.now(), flags.json);
        if (flags.to) return await testCopy(ctx.io, app, rendered, flags.to, flags.json);
        if (rendered.issue.stories.length === 0 && !built.reused && app.config.onEmpty === 'skip') {
          throw new GazetteError('INPUT', `The issue of ${date} has no stories: nothing new since the last issue. Nothing was sent; add articles to ${app.config.contentDir}, or set GAZETTE_ON_EMPTY=send to send it anyway.`);
        }
        await warnAboutDomain(ctx.io, app);
        // Readers whose hour has not come yet get it from `gazette run` (or a later `send`).
        await app.issues().freeze(date, app.clock.now());
        const report = await sendRecorded(ctx, app, rendered, flags.json, await dueGroupsOf(app, date, app.clock.now()));
        const later = (await planDue(app)).find((e) => e.edition === date);
        if (flags.json) printJson(ctx.io, { ...report, notYetDue: later?.notYetDue ?? 0, nextDueAt: later?.nextDueAt ?? null });
        else {
          printReport(ctx.io, report);
          if (later?.notYetDue) println(ctx.io, `  ${readers(later.notYetDue)} at their own hour (next at ${later.nextDueAt}); \`gazette run\` delivers them.`);
        }
        if (report.pending > 0) {
          ctx.io.err.write(`gazette: ${count(report.pending, 'recipient')} failed temporarily and were not delivered; run \`gazette send\` again later to retry them.\n`);
          ctx.setExitCode(1);
        }
      } finally {
        await app.close();
      }
    });
}

/** The real send: progress, Ctrl-C to stop cleanly, and a run record for `gazette status`. */
export async function sendRecorded(ctx: CliContext, app: App, rendered: RenderedIssue, json?: boolean, groups?: readonly DeliveryGroup[]): Promise<DeliveryReport> {
  const date = rendered.issue.date;
  let runs: RunStore;
  let runId: number;
  try {
    runs = app.runs();
    runId = await runs.start(date, ownerId(), app.clock.now());
  } catch (err) {
    throw asDatabaseError(err, date);
  }
  const view: ProgressView = ctx.io.isTty && !json ? progressBar(ctx.io.err, date) : progressLog(app.logger, date);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const counts = { articles: rendered.issue.articleCount, stories: rendered.issue.stories.length };
  try {
    const report = await sendIssue(app, rendered, { groups, signal: stop.signal, onProgress: (p) => view.update(p) });
    view.stop();
    const reason = report.pending > 0 ? `${count(report.pending, 'recipient')} failed temporarily; the next run retries them` : undefined;
    await finishRun(app, runs, runId, { ...emptyReport(report.pending > 0 ? 'failed' : 'sent', reason), ...counts, ...totals(report) });
    return report;
  } catch (caught) {
    view.stop();
    const err = asDatabaseError(caught, date);
    const report = err instanceof DeliveryStopped ? err.report : undefined;
    const outcome = err instanceof DeliveryStopped && err.interrupted ? 'interrupted' : 'failed';
    await finishRun(app, runs, runId, { ...emptyReport(outcome, messageOf(err)), ...counts, ...(report ? totals(report) : {}) });
    if (report && json) printJson(ctx.io, report);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Records how the run ended. When the database refuses even that (a full
 * disk), the send's own outcome is what the user must see, so this failure is
 * logged, not thrown; `status` then shows the run as ended without a record
 * once this process is gone (see RunStore), never as running forever.
 */
async function finishRun(app: App, runs: RunStore, runId: number, report: Parameters<RunStore['finish']>[1]): Promise<void> {
  try {
    await runs.finish(runId, report, app.clock.now());
  } catch (err) {
    app.logger.error({ err, run: runId }, `could not record how this run ended: ${messageOf(err)}`);
  }
}

function totals(report: DeliveryReport) {
  return { recipients: report.recipients, sent: report.sent, skipped: report.skipped, failed: report.failed.length };
}

async function dryRun(io: Io, app: App, rendered: RenderedIssue, at: Date, json?: boolean): Promise<void> {
  const plan = await planDelivery({ ledger: openSendLedger(app.engine()) }, rendered, app.config);
  const transport = app.transport({ date: plan.issue });
  await transport.close();
  // Who is due at this moment (or --at), across every open edition, this one counted as if it opened at its cut-off.
  const last = lastCutoff(app, at);
  const editions = await planDue(app, at, { date: plan.issue, cutoff: last?.date === plan.issue ? last.cutoff : at });
  // The headline is this issue's line of the plan: who a real send at `at` serves now, and who later.
  const mine = editions.find((e) => e.edition === plan.issue);
  const due = mine?.due ?? 0;
  const have = mine?.have ?? 0;
  const owed = mine?.owed ?? 0;
  const later = mine?.notYetDue ?? 0;
  if (json) return printJson(io, { issue: plan.issue, recipients: due, sent: 0, skipped: have, owed, notYetDue: later, failed: [], dryRun: true, messageBytes: plan.messageBytes, transport: transport.name, at: at.toISOString(), plan: editions });
  const audience = editionKind(plan.issue) === 'weekly' ? 'weekly readers' : 'subscribers';
  println(io, `Dry run: the issue of ${plan.issue} ("${rendered.subject}", ${count(rendered.issue.stories.length, 'story', 'stories')}) would go to ${count(due, `confirmed ${audience.replace(/s$/, '')}`, `confirmed ${audience}`)} due now${have ? `, ${have} of whom already have it` : ''}${later ? `; ${later} more at their own hour (next at ${mine?.nextDueAt})` : ''}.`);
  const size = `${(plan.messageBytes / 1024).toFixed(1)} KB`;
  println(io, `  ${owed ? `about ${count(owed, 'message')} of ${size}${owed === 1 ? '' : ' each'}` : `no message to send now (each is ${size})`}, through ${transport.name}. Nothing was sent.`);
  for (const line of planLines(editions, app.config.tz, at)) println(io, line);
}

/** `send --at`: every open edition (today's opened first when its cut-off has passed) to whoever is due at that moment. */
async function sendAt(ctx: CliContext, app: App, at: Date, json?: boolean): Promise<void> {
  const opened = await openDaily(app, at);
  if (opened.built) reportProblems(ctx.io, opened.built);
  // As the scheduler's job does at each cut-off: else a replayed week never opens its weekly edition.
  const last = lastCutoff(app, at);
  if (last) {
    try {
      await openWeekly(app, realWeekly(app), last.date, last.cutoff);
    } catch (err) {
      app.logger.error({ date: last.date, err }, 'could not build the weekly edition; weekly readers get it once a later run builds it');
    }
  }
  if (opened.action === 'empty' && !json) println(ctx.io, `The issue of ${opened.date} has no stories (GAZETTE_ON_EMPTY=skip): not opened.`);
  const editions = await deliverDue(app, at);
  if (json) {
    printJson(ctx.io, { at: at.toISOString(), opened: opened.action === 'opened' ? opened.date : null, editions: editions.map(({ report: _full, ...e }) => e) });
  } else {
    if (editions.length === 0) println(ctx.io, `Nothing is open at ${at.toISOString()}: no edition was frozen in the last 48 hours (weekly: 8 days).`);
    for (const e of editions) {
      println(ctx.io, `Edition ${e.edition} at ${at.toISOString()}: ${e.sent} sent now, ${e.delivered} delivered in all, ${count(e.variants.length, 'variant')} (${e.renders} rendered now)${permanent(e) ? `, ${permanent(e)} failed` : ''}${e.dropped ? `, ${e.dropped} not sent` : ''}${e.pending ? `, ${e.pending} left for a retry` : ''}.`);
      if (e.notYetDue) println(ctx.io, `  ${count(e.notYetDue, 'reader')} later: ${e.later.map((l) => `${l.subscribers} at ${l.at}`).join(', ')}.`);
      if (e.stopped) println(ctx.io, `  stopped: ${e.stopped}`);
      // From cron this output is all the operator reads: the failures are named here, as plain `send` names them.
      if (e.report) for (const line of failureLines(e.report)) println(ctx.io, `  ${line}`);
    }
  }
  const pending = editions.reduce((n, e) => n + e.pending, 0);
  if (pending > 0) ctx.io.err.write(`gazette: ${count(pending, 'recipient')} failed temporarily and were not delivered; the next \`gazette send --at\` (or \`gazette run\`) retries them.\n`);
  if (pending > 0 || editions.some((e) => e.stopped)) ctx.setExitCode(1);
}

async function testCopy(io: Io, app: App, rendered: RenderedIssue, to: string, json?: boolean): Promise<void> {
  const transport = app.transport({ date: rendered.issue.date, subdir: 'test-copies' });
  try {
    const outcome = await sendTestCopy({ transport, clock: app.clock }, rendered, { ...app.config, to });
    if (json) printJson(io, { issue: rendered.issue.date, to, ...outcome });
    if (outcome.status !== 'sent') {
      throw new GazetteError('TRANSPORT', `The test copy to ${to} was not accepted: ${formatAnswer(outcome.code, outcome.response)}.`);
    }
    if (!json) println(io, `Sent a test copy of the issue of ${rendered.issue.date} to ${to} through ${transport.name} (${outcome.response}). It is not recorded as a delivery.`);
  } finally {
    await transport.close();
  }
}

/** Failures this tick that will not be retried (the temporary ones are the "left for a retry"). */
const permanent = (e: { report?: DeliveryReport }): number => e.report?.failed.filter((f) => f.permanent).length ?? 0;

/** The human account of a send. */
export function printReport(io: Io, report: DeliveryReport): void {
  const permanent = report.failed.filter((f) => f.permanent);
  println(io, `Delivered the issue of ${report.issue} through ${report.transport}: ${report.sent} sent now, ${report.skipped} already delivered, ${permanent.length} failed, ${report.pending} left for a retry (${count(report.recipients, 'recipient')}${report.dropped ? `; ${report.dropped} left the list before their copy` : ''}).`);
  for (const line of failureLines(report)) println(io, `  ${line}`);
}

/** Per relay (when SMTP_URL lists several), then each failure with the relay's answer: what `send` and `send --at` print under their counts. */
function failureLines(report: DeliveryReport): string[] {
  return [
    ...relayLines(report.relays),
    ...report.failed.filter((f) => f.permanent).map((f) => `failed: ${f.email}: ${formatAnswer(f.code, f.message)}`),
    ...report.failed.filter((f) => !f.permanent).map((f) => `will retry: ${f.email}: ${formatAnswer(f.code, f.message)}`),
  ];
}
