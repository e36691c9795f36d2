// Several senders sharing one PostgreSQL, for `npm run bench:send`: real
// `gazette send` processes (bin/gazette.js) deliver the sample issue to a list
// in a throwaway cluster (test/helpers/pg-cluster.ts), against a loopback
// smtp-server that answers each message after 20 ms, as a relay across a
// network does: the figure is then what the workers manage, not this
// machine's CPU. One worker on SQLite is measured beside them. The clock is
// the server's: first to last message accepted, not the processes' lifetimes
// (start-up and the issue's build are left out). Then peak RSS of one sender
// on PostgreSQL at two list sizes (through a transport that discards, no SMTP).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { migratePostgres, openPostgresPool } from '../../src/store/postgres.js';
import { PG_MODULES } from '../../src/store/schema.js';
import { startPgCluster, type PgCluster } from '../../test/helpers/pg-cluster.js';
import { BENCH_SECRET, BENCH_SETTINGS } from './settings.js';
import { benchList } from './fixture.js';
import { startSinkProcess, type SinkProcess } from './sink-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', '..', 'bin', 'gazette.js');

export interface WorkersRow {
  engine: 'sqlite' | 'postgres';
  workers: number;
  messages: number;
  /** Messages per second by the server's clock (first to last accepted). */
  perSecond: number;
  /** Peak RSS of each worker process, MB. */
  peakRssMb: number[];
}

export interface WorkersBenchResult {
  rows: WorkersRow[];
  /** Three workers' rate over one worker's, on PostgreSQL. */
  ratio?: number;
  memory: { subscribers: number; peakRssMb: number }[];
}

export interface WorkersBenchOptions {
  /** Recipients per round. */
  recipients: number;
  /** SMTP connections per worker. */
  connections: number;
  /** The server's delay per message. */
  delayMs: number;
  /** Worker counts to measure on PostgreSQL. */
  counts: number[];
  /** List sizes for the peak-RSS comparison ([] skips it). */
  rssScales: number[];
  print(line: string): void;
  /** The rendered issue as JSON (for the memory child). */
  issueFile: string;
}

/** Runs the rounds and prints them; null when no PostgreSQL can be had (one line says why). */
export async function runWorkersBench(options: WorkersBenchOptions): Promise<WorkersBenchResult | null> {
  const { print } = options;
  const cluster = await startPgCluster();
  if ('skip' in cluster) {
    print(`  several workers on PostgreSQL: skipped (${cluster.skip})`);
    return null;
  }
  // Interrupted (Ctrl-C, a time limit), the cluster still goes: it runs as another user and would outlive us.
  const onSignal = () => { void cluster.stop().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sink = await startSinkProcess(options.delayMs);
  const dir = mkdtempSync(join(tmpdir(), 'gz-bench-workers-'));
  try {
    if (options.counts.length > 0) print(`  workers sharing the list: ${options.recipients} recipients per round, ${options.connections} SMTP connections per worker, the server answering each message after ${options.delayMs} ms; rate by the server's clock (first to last message)`);
    const rows: WorkersRow[] = [];
    if (options.counts.length > 0) {
      const sqlitePath = await benchList(options.recipients);
      try {
        rows.push(await round(options, sink, dir, { engine: 'sqlite', url: `sqlite:${sqlitePath}` }, 1));
      } finally {
        rmSync(dirname(sqlitePath), { recursive: true, force: true });
      }
      print(line(rows[0]!));
    }
    for (const workers of options.counts) {
      const url = await freshDatabase(cluster, options.recipients);
      rows.push(await round(options, sink, dir, { engine: 'postgres', url }, workers));
      print(line(rows.at(-1)!));
    }
    const one = rows.find((r) => r.engine === 'postgres' && r.workers === 1);
    const three = rows.find((r) => r.engine === 'postgres' && r.workers === 3);
    const ratio = one && three ? three.perSecond / one.perSecond : undefined;
    if (ratio !== undefined) print(`    3 workers vs 1 on PostgreSQL: ${ratio.toFixed(2)}x messages/s (target >= 2.5x: ${ratio >= 2.5 ? 'met' : 'NOT met'})`);
    const memory = [];
    for (const n of options.rssScales) {
      const url = await freshDatabase(cluster, n);
      const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', ...gazetteNodeFlags(), '--import', 'tsx', join(here, 'rss-child.ts'), url, options.issueFile], { encoding: 'utf8', maxBuffer: 1 << 20 }));
      if (out.sent !== n) throw new Error(`memory run at ${n} on PostgreSQL: sent ${out.sent}`);
      memory.push({ subscribers: n, peakRssMb: out.maxRss / 1048576 });
      print(`    one worker on PostgreSQL, ${String(n).padStart(7)} subscribers: peak RSS ${(out.maxRss / 1048576).toFixed(1)} MB (${(n / out.seconds).toFixed(0)} msg/s through a transport that discards)`);
    }
    if (memory.length >= 2) {
      const [a, b] = [memory[0]!, memory.at(-1)!];
      const growth = ((b.peakRssMb / a.peakRssMb) - 1) * 100;
      print(`    ${b.subscribers} vs ${a.subscribers} on PostgreSQL: peak RSS ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (target: within 10%: ${Math.abs(growth) <= 10 ? 'met' : 'NOT met'})`);
    }
    return { rows, ratio, memory };
  } finally {
    sink.stop();
    rmSync(dir, { recursive: true, force: true });
    await cluster.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function line(r: WorkersRow): string {
  const rss = r.peakRssMb.map((m) => m.toFixed(0)).join(', ');
  return `    ${`${r.workers} worker${r.workers > 1 ? 's' : ''} on ${r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`.padEnd(26)} ${r.perSecond.toFixed(0).padStart(6)} msg/s   peak RSS per worker: ${rss} MB`;
}

/** A new database in the cluster, migrated, holding `n` confirmed subscribers (bench-1@… upwards). */
async function freshDatabase(cluster: PgCluster, n: number): Promise<string> {
  const name = `bench_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = cluster.url(name);
  const pool = openPostgresPool(url, { max: 1 });
  try {
    await migratePostgres(pool, PG_MODULES);
    const at = new Date().toISOString();
    // Written with SQL in one statement: the list is the bench's input, not what it measures.
    await pool.query(`INSERT INTO subscribers (email, email_key, status, created_at, updated_at)
      SELECT 'bench-' || i || '@example.org', 'bench-' || i || '@example.org', 'confirmed', $2, $2 FROM generate_series(1, $1::int) AS i ORDER BY i`, [n, at]);
  } finally {
    await pool.end();
  }
  return url;
}

/** Builds the issue once, then runs `workers` senders at once; measures by the server's clock. */
async function round(options: WorkersBenchOptions, sink: SinkProcess, dir: string, db: { engine: 'sqlite' | 'postgres'; url: string }, workers: number): Promise<WorkersRow> {
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: db.url,
    GAZETTE_CONTENT_DIR: resolve('content'),
    GAZETTE_OUT_DIR: join(dir, 'out'),
    GAZETTE_DATA_DIR: join(dir, 'data'),
    GAZETTE_TZ: 'UTC',
    GAZETTE_SECRET: BENCH_SECRET,
    MAIL_FROM: BENCH_SETTINGS.mailFrom,
    PUBLIC_URL: BENCH_SETTINGS.publicUrl,
    GAZETTE_LIST_NAME: BENCH_SETTINGS.listName,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    SMTP_MAX_CONNECTIONS: String(options.connections),
    LOG_LEVEL: 'error',
  };
  await gazette(['build'], env);
  // Frozen, as the first sender would: every worker then reuses the stored
  // copy instead of rendering its own, and they start sending together.
  const app = createApp({ env: { ...env, LOG_LEVEL: 'silent' }, logger: silentLogger });
  try {
    await app.issues().freeze(app.today(), new Date());
  } finally {
    await app.close();
  }
  const before = await sink.count();
  sink.mark();
  const runs = Array.from({ length: workers }, () => gazette(['send', '--json'], env));
  const results = await Promise.all(runs);
  const stats = await sink.stats();
  const received = stats.count - before;
  if (received !== options.recipients) throw new Error(`${workers} workers on ${db.engine}: the server received ${received} messages, expected ${options.recipients}`);
  const sent = results.reduce((n, r) => n + (JSON.parse(r.stdout) as { sent: number }).sent, 0);
  if (sent !== options.recipients) throw new Error(`${workers} workers on ${db.engine}: the reports say ${sent} sent, expected ${options.recipients}`);
  return { engine: db.engine, workers, messages: received, perSecond: received / ((stats.last - stats.first) / 1000), peakRssMb: results.map((r) => r.peakRss / 1048576) };
}

/** Runs `gazette ...args` to its end, sampling its peak RSS (VmHWM) while it runs; throws on a non-zero exit. */
function gazette(args: string[], env: Record<string, string>): Promise<{ stdout: string; peakRss: number }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [...gazetteNodeFlags(), BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    // The kernel keeps the high-water mark; read it until the process is gone.
    const sample = setInterval(() => {
      try {
        const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (kb) peakRss = Math.max(peakRss, Number(kb) * 1024);
      } catch {
        // Gone, or no /proc.
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code === 0) ok({ stdout, peakRss });
      else fail(new Error(`gazette ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** The V8 flags bin/gazette.js runs with (its shebang line). */
function gazetteNodeFlags(): string[] {
  const shebang = readFileSync(BIN, 'utf8').split('\n', 1)[0]!;
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}
