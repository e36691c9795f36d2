// `npm run bench:import` (and a section of `npm run bench`): the subscriber CSV import of a generated 100,000-row
// file (1% invalid lines, some duplicates) into PostgreSQL and into SQLite,
// timed from opening the file to the last batch committed.
//
// PostgreSQL runs on a throwaway cluster this bench starts and stops
// (test/helpers/pg-cluster.ts). Baseline, in the same run on the same cluster:
// the same parser feeding what a careful engineer writes without COPY:
// batches of 1,000 rows as one multi-row INSERT … ON CONFLICT DO NOTHING
// RETURNING, storing what Gazette stores (how each subscriber came to be is on
// its row, creation.ts).
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemClock } from '../src/clock.js';
import { inTransaction, migratePostgres, openPostgresPool } from '../src/store/postgres.js';
import { PG_MODULES } from '../src/store/schema.js';
import { addressKey } from '../src/subscribers/address.js';
import { importSubscribersCsv, type ImportProblem, type ImportSummary } from '../src/subscribers/import-csv.js';
import { createPgSubscriberStore } from '../src/subscribers/pg-store.js';
import type { SubscriberStore, UpsertOutcome } from '../src/subscribers/store.js';
import { DEFAULT_PREFERENCES } from '../src/subscribers/preferences.js';
import { startPgCluster } from '../test/helpers/pg-cluster.js';
import { timeImport, writeImportCsv, type GeneratedCsv } from './import.js';

const BASELINE_BATCH = 1000;

/** The baseline's store: multi-row INSERT … ON CONFLICT per batch (only what a fresh import needs). */
function multiRowInsertStore(pool: pg.Pool): SubscriberStore {
  const unused = () => { throw new Error('not part of the baseline'); };
  return {
    batchSize: BASELINE_BATCH,
    confirmedAfter: unused, countConfirmed: unused, find: unused, history: unused, list: unused,
    setStatus: unused, setPreferences: unused, markBounced: unused, claimConfirmation: unused,
    async upsertMany(rows, options) {
      const at = new Date().toISOString();
      return inTransaction(pool, async (client) => {
        // ON CONFLICT cannot touch one row twice in a statement: the first row per address goes in.
        const first = new Map<string, number>();
        rows.forEach((r, i) => { if (!first.has(addressKey(r.email))) first.set(addressKey(r.email), i); });
        const picked = [...first.values()];
        const values: unknown[] = [];
        const tuples = picked.map((i, n) => {
          const r = rows[i]!;
          values.push(r.email, addressKey(r.email), r.name?.trim() || null, r.status, at, options.runId ?? null, r.line ?? null, options.source, options.reason);
          const p = n * 9;
          return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 4}, $${p + 8}, $${p + 9})`;
        });
        // The same facts Gazette stores: how each subscriber came to be, on its row.
        const inserted = (await client.query<{ id: number; email_key: string; status: string }>(
          `INSERT INTO subscribers (email, email_key, name, status, created_at, updated_at, import_run, import_line, created_status, created_source, created_reason)
           VALUES ${tuples.join(', ')}
           ON CONFLICT (email_key) DO NOTHING RETURNING id, email_key, status`, values)).rows;
        const ids = new Map(inserted.map((r) => [r.email_key, r.id]));
        return rows.map((r, i): UpsertOutcome => {
          const key = addressKey(r.email);
          const id = ids.get(key);
          if (id !== undefined && first.get(key) === i) {
            return { kind: 'created', subscriber: { id, email: r.email, name: r.name ?? null, status: r.status, createdAt: at, updatedAt: at, preferences: DEFAULT_PREFERENCES } };
          }
          return { kind: 'duplicate', firstLine: rows[first.get(key)!]!.line ?? 0 };
        });
      });
    },
  };
}

/**
 * The server's share alone, for scale: the file's good rows, with the columns
 * Gazette writes, COPYed straight into the list in batches of 10,000, timed
 * from the first COPY to the last commit. No parsing, no checks, no lookup of
 * existing addresses, no per-line report: what any importer of this schema
 * pays PostgreSQL for 100,000 new subscribers.
 */
async function serverFloor(pool: pg.Pool, csv: string, rows: number, backends: Set<number>): Promise<{ seconds: number; rowsPerSecond: number; serverCpu: number; rows: number }> {
  const client = await pool.connect();
  try {
    const lines = readFileSync(csv, 'utf8').split('\n').slice(1);
    const at = new Date().toISOString();
    const chunks: string[] = [];
    let good = 0;
    let text = '';
    for (const [i, l] of lines.entries()) {
      const [email, name, status] = l.split(',');
      if (!email || !/^reader\.\d+@example\.org$/.test(email)) continue;
      good += 1;
      text += `${email}\t${email}\t${name}\t${status || 'pending'}\t${at}\t${at}\tfloor\t${i + 2}\t${status || 'pending'}\timport\tfloor\n`;
      if (good % 10_000 === 0) { chunks.push(text); text = ''; }
    }
    if (text) chunks.push(text);
    const serverBefore = [...backends].reduce((sum, pid) => sum + processCpu(pid), 0);
    const start = performance.now();
    for (const chunk of chunks) {
      await client.query('BEGIN');
      const stream = client.query(copyFrom('COPY subscribers (email, email_key, name, status, created_at, updated_at, import_run, import_line, created_status, created_source, created_reason) FROM STDIN'));
      const done = once(stream, 'finish');
      stream.end(chunk);
      await done;
      await client.query('COMMIT');
    }
    const seconds = (performance.now() - start) / 1000;
    const serverCpu = [...backends].reduce((sum, pid) => sum + processCpu(pid), 0) - serverBefore;
    return { seconds, rowsPerSecond: rows / seconds, serverCpu, rows: good };
  } finally {
    client.release();
  }
}

interface Timed {
  summary: ImportSummary;
  problems: ImportProblem[];
  seconds: number;
  rowsPerSecond: number;
  /** CPU seconds of this process, and of the server processes that did the work. */
  clientCpu: number;
  serverCpu: number;
}

// CPU time of a process from /proc (Linux): user + system, in seconds. This
// machine is shared, so wall time alone says as much about the neighbours as
// about the import; CPU time says what the import cost.
const TICKS = 100;
function processCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Records the server process of every connection `pool` opens, to read their CPU time. */
function trackBackends(pool: pg.Pool): Set<number> {
  const pids = new Set<number>();
  pool.on('connect', (client) => { pids.add((client as unknown as { processID: number }).processID); });
  return pids;
}

/** Imports `csv` into `store`, timed from opening the file to the import's end (every batch committed). */
async function timed(store: SubscriberStore, csv: string, backends: Set<number>): Promise<Timed> {
  const problems: ImportProblem[] = [];
  const serverBefore = [...backends].reduce((sum, pid) => sum + processCpu(pid), 0);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await importSubscribersCsv(store, createReadStream(csv), { reason: 'bench', onProblem: (p) => problems.push(p) });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const serverCpu = [...backends].reduce((sum, pid) => sum + processCpu(pid), 0) - serverBefore;
  return { summary, problems, seconds, rowsPerSecond: summary.rows / seconds, clientCpu: (used.user + used.system) / 1e6, serverCpu };
}

/** "all 1,400 reported" or what is missing: the bench checks its own result. */
function checkReported(problems: ImportProblem[], generated: GeneratedCsv, kinds: readonly ImportProblem['kind'][]): string {
  const want = [...generated.expected.entries()].filter(([, kind]) => kinds.includes(kind));
  const got = new Map(problems.map((p) => [p.line, p.kind]));
  const missing = want.filter(([line, kind]) => got.get(line) !== kind);
  return missing.length === 0 ? `all ${want.length.toLocaleString('en')} ${kinds.join(' and ')} lines reported` : `MISSING ${missing.length} of ${want.length} reports (first: line ${missing[0]![0]})`;
}

export interface PgImportBenchResult {
  rows: number;
  postgres: number;
  baseline: number;
  sqlite: number;
}

/** Runs the PostgreSQL import bench (with SQLite beside it) and prints its figures; null when no PostgreSQL can be started. */
export async function runPgImportBench(options: { rows?: number; print?: (line: string) => void } = {}): Promise<PgImportBenchResult | null> {
  const rows = options.rows ?? 100_000;
  const print = options.print ?? ((line: string) => console.log(line));
  const cluster = await startPgCluster();
  if ('skip' in cluster) {
    print(`import into PostgreSQL: skipped (${cluster.skip})`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gazette-import-pg-bench-'));
  const pools: pg.Pool[] = [];
  const freshPool = async (name: string) => {
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const pool = openPostgresPool(cluster.url(name));
    pools.push(pool);
    const backends = trackBackends(pool);
    await migratePostgres(pool, PG_MODULES);
    return { pool, backends };
  };
  try {
    const csv = join(dir, 'subscribers.csv');
    const generated = await writeImportCsv(csv, rows);
    print(`import: ${rows.toLocaleString('en')} rows (${generated.expected.size.toLocaleString('en')} bad lines: invalid or duplicate), from opening the file to the last commit`);

    // The same lines with the four preference columns filled in (issue 13).
    const prefsCsv = join(dir, 'subscribers-preferences.csv');
    await writeImportCsv(prefsCsv, rows, { preferences: true });

    const gazetteStore = async (name: string) => {
      const db = await freshPool(name);
      return { ...db, store: createPgSubscriberStore({ kind: 'postgres', pool: db.pool, label: 'bench', ready: async () => {} }, systemClock) };
    };
    const copyDb = await gazetteStore('bench_copy');
    const gazettePool = copyDb.pool;
    const gazette = await timed(copyDb.store, csv, copyDb.backends);
    const baselineDb = await freshPool('bench_baseline');
    const baseline = await timed(multiRowInsertStore(baselineDb.pool), csv, baselineDb.backends);
    const sqlite = await timeImport(csv, join(dir, 'bench.db'));
    const prefsDb = await gazetteStore('bench_preferences');
    const withPrefs = await timed(prefsDb.store, prefsCsv, prefsDb.backends);
    const sqlitePrefs = await timeImport(prefsCsv, join(dir, 'bench-preferences.db'));
    const floorDb = await freshPool('bench_floor');
    const floor = await serverFloor(floorDb.pool, csv, rows, floorDb.backends);
    const stored = (await gazettePool.query<{ n: number }>('SELECT count(*)::int AS n FROM subscribers')).rows[0]!.n;

    const line = (name: string, r: { seconds: number; rowsPerSecond: number }, cpu: string) =>
      print(`  ${name.padEnd(60)} ${Math.round(r.rowsPerSecond).toLocaleString('en').padStart(8)} rows/s  (${r.seconds.toFixed(2)} s; ${cpu})`);
    // Rows per CPU-second of both processes: steadier than wall time on a shared machine.
    const perCpu = (cpu: number) => `${Math.round(rows / cpu).toLocaleString('en')} rows per CPU-s`;
    const cpuOf = (r: Timed) => `CPU ${r.clientCpu.toFixed(2)} s here + ${r.serverCpu.toFixed(2)} s in PostgreSQL = ${perCpu(r.clientCpu + r.serverCpu)}`;
    line('PostgreSQL, Gazette (lookup, COPY into the list, set-wise merge)', gazette, cpuOf(gazette));
    line(`PostgreSQL, baseline (multi-row INSERT … ON CONFLICT, ${BASELINE_BATCH}/batch)`, baseline, cpuOf(baseline));
    line('SQLite, Gazette (batched prepared statements)', sqlite, `CPU ${(rows / sqlite.rowsPerCpuSecond).toFixed(2)} s = ${perCpu(rows / sqlite.rowsPerCpuSecond)}`);
    line('PostgreSQL, Gazette, with the 4 preference columns', withPrefs, cpuOf(withPrefs));
    line('PostgreSQL, server share alone (good rows COPYed into the list)', floor, `CPU ${floor.serverCpu.toFixed(2)} s in PostgreSQL = ${perCpu(floor.serverCpu)}; ${floor.rows.toLocaleString('en')} good rows stored, rate over all ${rows.toLocaleString('en')} lines`);
    line('SQLite, Gazette, with the 4 preference columns', sqlitePrefs, `CPU ${(rows / sqlitePrefs.rowsPerCpuSecond).toFixed(2)} s = ${perCpu(rows / sqlitePrefs.rowsPerCpuSecond)}`);
    print(`  PostgreSQL: the server's share alone allows at most ${Math.round(rows / floor.serverCpu).toLocaleString('en')} rows/s on one backend, before any parsing or checking`);
    print(`  PostgreSQL: Gazette is ${(gazette.rowsPerSecond / baseline.rowsPerSecond).toFixed(2)}x the baseline; ${(gazette.rowsPerSecond / sqlite.rowsPerSecond).toFixed(2)}x SQLite (target: >= 100,000 rows/s on PostgreSQL: ${gazette.rowsPerSecond >= 100_000 ? 'met' : 'NOT met'})`);
    print(`  PostgreSQL, Gazette: stored ${stored.toLocaleString('en')} of ${generated.unique.toLocaleString('en')} distinct good addresses; ${checkReported(gazette.problems, generated, ['invalid', 'duplicate'])}`);
    print(`  PostgreSQL, baseline: ${checkReported(baseline.problems, generated, ['invalid'])} (it reports a duplicate only within one batch)`);
    print(`  SQLite: ${checkReported(sqlite.problems, generated, ['invalid', 'duplicate'])}`);
    print(`  With preference columns, CPU per row: PostgreSQL ${((withPrefs.clientCpu + withPrefs.serverCpu) / (gazette.clientCpu + gazette.serverCpu)).toFixed(2)}x, SQLite ${(sqlite.rowsPerCpuSecond / sqlitePrefs.rowsPerCpuSecond).toFixed(2)}x the same file without them; `
      + `PostgreSQL ${checkReported(withPrefs.problems, generated, ['invalid', 'duplicate'])}`);
    return { rows, postgres: gazette.rowsPerSecond, baseline: baseline.rowsPerSecond, sqlite: sqlite.rowsPerSecond };
  } finally {
    for (const pool of pools) await pool.end();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runPgImportBench();
}
