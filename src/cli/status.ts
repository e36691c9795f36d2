// `gazette status`: recent runs (issue, sent, skipped, failed, duration), the
// next scheduled run, and who holds a run lock right now.
import type { Command } from 'commander';
import type { App } from '../app.js';
import { cronSpec, formatInZone } from '../schedule/cron-spec.js';
import { openSendLedger, relayLines, type RelayCounts } from '../deliver/index.js';
import type { RunRecord } from '../store/runs.js';
import { type CliContext, type Io, printJson, println } from './context.js';
import { parsePositiveInt } from './options.js';
import { planDue, type EditionPlan } from '../pipeline/deliver-due.js';
import { planLines } from './plan-lines.js';
import { printListHealth, readListHealth } from './status-health.js';

interface StatusFlags { limit: number; json?: boolean }

/** Registers `gazette status`. */
export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('recent runs (issue, sent, skipped, failed, duration) and the next scheduled one')
    .option('--limit <n>', 'how many runs to list', parsePositiveInt, 10)
    .option('--json', 'print the status as JSON')
    .action(async (flags: StatusFlags) => {
      // Reads only: a mistyped DATABASE_URL is an error, not a new empty database.
      const app = ctx.boot({}, { quiet: true, database: 'existing' });
      try {
        const status = await readStatus(app, flags.limit);
        // List health (bounces, complaints, complaint rate): its own block, from the bounce store.
        const health = await readListHealth(app, status.deliveries);
        if (flags.json) printJson(ctx.io, { ...status, health });
        else {
          printStatus(ctx.io, status);
          printListHealth(ctx.io, health);
        }
      } finally {
        await app.close();
      }
    });
}

export interface Status {
  schedule: string;
  tz: string;
  next: string | null;
  lastSuccess: { issue: string; finishedAt: string } | null;
  locks: { name: string; owner: string; expiresAt: string }[];
  runs: RunRecord[];
  /** Issues whose delivery began, newest first, with the send ledger's counts (covers `gazette send` from cron too). */
  deliveries: { issue: string; sent: number; failed: number; pending: number; relays?: RelayCounts }[];
  /** The open editions now: who is due, who is delivered, when the rest fall due (as `send --dry-run --json`'s plan). */
  plan: EditionPlan[];
}

/** Everything `status` shows, read from the database and the configured schedule. */
export async function readStatus(app: App, limit: number): Promise<Status> {
  const spec = cronSpec(app.config.schedule, app.config.tz);
  const runs = app.runs();
  const now = app.clock.now();
  const last = await runs.lastSuccess();
  return {
    schedule: spec.expression,
    tz: spec.tz,
    next: spec.next(now)?.toISOString() ?? null,
    lastSuccess: last?.finishedAt ? { issue: last.issueDate, finishedAt: last.finishedAt } : null,
    locks: (await app.leases().active(now)).map((l) => ({ name: l.name, owner: l.owner, expiresAt: l.expiresAt.toISOString() })),
    runs: await runs.recent(limit),
    deliveries: await deliveries(app, limit),
    plan: await planDue(app, now),
  };
}

async function deliveries(app: App, limit: number): Promise<Status['deliveries']> {
  const ledger = openSendLedger(app.engine());
  return Promise.all((await app.issues().listFrozen(limit)).map(async ({ date }) => {
    const c = await ledger.counts(date);
    const relays = await ledger.relayCounts(date);
    // Per relay only when SMTP_URL listed several (a lone relay's rows carry none).
    return { issue: date, sent: c.sent, failed: c.failed, pending: c.queued + c.sending + c.temp_failed, ...(Object.keys(relays).length > 0 ? { relays } : {}) };
  }));
}

function printStatus(io: Io, s: Status): void {
  if (s.runs.length === 0) {
    println(io, 'No runs yet.');
  } else {
    println(io, 'Recent runs, newest first:');
    const rows = [['issue', 'outcome', 'sent', 'skipped', 'failed', 'duration', 'started'], ...s.runs.map((r) => [
      r.issueDate, r.outcome, String(r.sent), String(r.skipped), String(r.failed), duration(r.durationMs), formatInZone(new Date(r.startedAt), s.tz),
    ])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    // Numbers right-aligned, words left-aligned.
    for (const row of rows) println(io, '  ' + row.map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
    for (const r of s.runs.filter((x) => x.reason)) println(io, `  ${r.issueDate} ${r.outcome}: ${r.reason}`);
  }
  if (s.deliveries.length > 0) {
    println(io, 'Deliveries (send ledger), newest first:');
    for (const d of s.deliveries) {
      println(io, `  ${d.issue}  ${d.sent} sent, ${d.failed} failed, ${d.pending} pending`);
      for (const line of relayLines(d.relays)) println(io, `    ${line}`);
    }
  }
  for (const line of planLines(s.plan, s.tz)) println(io, line);
  println(io, `Next scheduled run: ${s.next ? formatInZone(new Date(s.next), s.tz) : 'none'} (GAZETTE_SCHEDULE "${s.schedule}" in ${s.tz})`);
  println(io, `Last success: ${s.lastSuccess ? `the issue of ${s.lastSuccess.issue}, finished ${formatInZone(new Date(s.lastSuccess.finishedAt), s.tz)}` : 'none yet'}`);
  for (const l of s.locks) println(io, `Running now: ${l.name} held by ${l.owner} (lease until ${formatInZone(new Date(l.expiresAt), s.tz)})`);
}

function duration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
