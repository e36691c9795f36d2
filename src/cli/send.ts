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
import { parseDate } from './options.js';
import { progressBar, progressLog, type ProgressView } from './send-progress.js';

interface SendFlags {
  date?: string;
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
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)')
    .option('--dry-run', 'render the issue and count the recipients; send nothing')
    .option('--to <address>', 'send one test copy to this address only (not recorded as a delivery)')
    .option('--json', 'print the send report as JSON')
    .action(async (flags: SendFlags) => {
      // On a terminal the progress bar tells the story; elsewhere the log lines do.
      const app = ctx.boot({ contentDir: flags.content }, { quiet: ctx.io.isTty });
      try {
        const date = flags.date ?? app.today();
        const built = await buildIssue(app.buildParts(), app.buildSettings(date));
        reportProblems(ctx.io, built);
        const rendered = built.stored;
        if (flags.dryRun) return await dryRun(ctx.io, app, rendered, flags.json);
        if (flags.to) return await testCopy(ctx.io, app, rendered, flags.to, flags.json);
        if (rendered.issue.stories.length === 0 && !built.reused && app.config.onEmpty === 'skip') {
          throw new GazetteError('INPUT', `The issue of ${date} has no stories: nothing new since the last issue. Nothing was sent; add articles to ${app.config.contentDir}, or set GAZETTE_ON_EMPTY=send to send it anyway.`);
        }
        await warnAboutDomain(ctx.io, app);
        const report = await sendRecorded(ctx, app, rendered, flags.json);
        if (flags.json) printJson(ctx.io, report);
        else printReport(ctx.io, report);
        if (report.pending > 0) {
          ctx.io.err.write(`gazette: ${report.pending} recipients failed temporarily and were not delivered; run \`gazette send\` again later to retry them.\n`);
          ctx.setExitCode(1);
        }
      } finally {
        await app.close();
      }
    });
}

/** The real send: progress, Ctrl-C to stop cleanly, and a run record for `gazette status`. */
export async function sendRecorded(ctx: CliContext, app: App, rendered: RenderedIssue, json?: boolean): Promise<DeliveryReport> {
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
    const report = await sendIssue(app, rendered, { signal: stop.signal, onProgress: (p) => view.update(p) });
    view.stop();
    const reason = report.pending > 0 ? `${report.pending} recipients failed temporarily; the next run retries them` : undefined;
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

async function dryRun(io: Io, app: App, rendered: RenderedIssue, json?: boolean): Promise<void> {
  const plan = await planDelivery({ ledger: openSendLedger(app.engine()), subscribers: app.subscribers() }, rendered, app.config);
  const transport = app.transport({ date: plan.issue });
  await transport.close();
  if (json) return printJson(io, { issue: plan.issue, recipients: plan.recipients, sent: 0, skipped: plan.skipped, failed: [], dryRun: true, messageBytes: plan.messageBytes, transport: transport.name });
  const toSend = Math.max(0, plan.recipients - plan.skipped);
  println(io, `Dry run: the issue of ${plan.issue} ("${rendered.subject}", ${rendered.issue.stories.length} stories) would go to ${plan.recipients} confirmed subscribers${plan.skipped ? `, ${plan.skipped} of whom already have it` : ''}.`);
  println(io, `  about ${toSend} messages of ${(plan.messageBytes / 1024).toFixed(1)} KB each, through ${transport.name}. Nothing was sent.`);
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

/** The human account of a send. */
export function printReport(io: Io, report: DeliveryReport): void {
  const permanent = report.failed.filter((f) => f.permanent);
  const temporary = report.failed.filter((f) => !f.permanent);
  println(io, `Delivered the issue of ${report.issue} through ${report.transport}: ${report.sent} sent now, ${report.skipped} already delivered, ${permanent.length} failed, ${report.pending} left for a retry (${report.recipients} recipients${report.dropped ? `; ${report.dropped} left the list before their copy` : ''}).`);
  for (const line of relayLines(report.relays)) println(io, `  ${line}`);
  for (const f of permanent) println(io, `  failed: ${f.email}: ${formatAnswer(f.code, f.message)}`);
  for (const f of temporary) println(io, `  will retry: ${f.email}: ${formatAnswer(f.code, f.message)}`);
}
