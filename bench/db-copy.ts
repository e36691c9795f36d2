// `node --import tsx bench/db-copy.ts`: `gazette db copy` on a generated SQLite
// database (100,000 subscribers, one event each, one issue delivered to all of
// them: 300,000 rows and more) into a fresh database of a throwaway PostgreSQL
// cluster, printing rows per second.
//
// Baseline, measured in the same run: the same rows inserted one statement per
// row (what a hand-rolled copy loop does), on a 10,000-row slice of the
// subscribers, inside one transaction as well.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqlite, type Db } from '../src/store/sqlite.js';
import { openEverySqliteStore } from '../src/store/sqlite-schema.js';
import { copySqliteToPostgres } from '../src/store/copy-to-postgres.js';
import { migratePostgres, openPostgresPool } from '../src/store/postgres.js';
import { PG_MODULES } from '../src/store/schema.js';
import { startPgCluster } from '../test/helpers/pg-cluster.js';

const SUBSCRIBERS = 100_000;
const SLICE = 10_000;
const print = (s = '') => process.stdout.write(s + '\n');

/** Fills a fresh SQLite file with the list, its history, one issue and its ledger. */
function generate(db: Db): void {
  openEverySqliteStore(db);
  const at = '2026-11-22T07:00:00.000Z';
  const sub = db.prepare(`INSERT INTO subscribers (id, email, email_key, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'confirmed', ?, ?)`);
  const ev = db.prepare(`INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason) VALUES (?, ?, NULL, 'confirmed', 'import', 'bench')`);
  const del = db.prepare(`INSERT INTO deliveries (issue_date, subscriber_id, email, message_id, state, attempts, queued_at, updated_at, sent_at) VALUES ('2026-11-22', ?, ?, ?, 'sent', 1, ?, ?, ?)`);
  db.transaction(() => {
    db.prepare(`INSERT INTO delivery_issues (issue_date, started_at) VALUES ('2026-11-22', ?)`).run(at);
    for (let i = 1; i <= SUBSCRIBERS; i++) {
      const email = `reader${i}@example.org`;
      sub.run(i, email, email, `Reader ${i}`, at, at);
      ev.run(i, at);
      del.run(i, email, `<2026-11-22.${i}@example.org>`, at, at, at);
    }
  })();
}

const cluster = await startPgCluster();
if ('skip' in cluster) {
  print(`skipped: ${cluster.skip}`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-copy-'));
const admin = new pg.Client({ connectionString: cluster.url('postgres') });
try {
  await admin.connect();
  await admin.query('CREATE DATABASE copy_target');
  await admin.query('CREATE DATABASE naive_target');
  const db = openSqlite(join(dir, 'gazette.db'));
  generate(db);

  const pool = openPostgresPool(cluster.url('copy_target'), { max: 2 });
  const t0 = performance.now();
  const report = await copySqliteToPostgres(db, pool);
  const secs = (performance.now() - t0) / 1000;
  const rows = report.tables.reduce((n, t) => n + t.postgres, 0);
  await pool.end();
  print(`gazette db copy: ${rows.toLocaleString('en')} rows in ${secs.toFixed(1)} s = ${Math.round(rows / secs).toLocaleString('en')} rows/s (counts checked on both sides)`);

  // Baseline: one INSERT per row, same transaction discipline.
  const naive = openPostgresPool(cluster.url('naive_target'), { max: 1 });
  await migratePostgres(naive, PG_MODULES);
  const client = await naive.connect();
  const slice = db.prepare('SELECT id, email, email_key, name, status, created_at, updated_at FROM subscribers ORDER BY id LIMIT ?').raw(true).all(SLICE) as unknown[][];
  const t1 = performance.now();
  await client.query('BEGIN');
  for (const row of slice) {
    await client.query('INSERT INTO subscribers (id, email, email_key, name, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', row);
  }
  await client.query('COMMIT');
  const naiveSecs = (performance.now() - t1) / 1000;
  client.release();
  await naive.end();
  const naiveRate = SLICE / naiveSecs;
  print(`baseline, one INSERT per row: ${SLICE.toLocaleString('en')} rows in ${naiveSecs.toFixed(1)} s = ${Math.round(naiveRate).toLocaleString('en')} rows/s`);
  print(`db copy is ${(rows / secs / naiveRate).toFixed(1)} times the baseline's rate`);
  db.close();
} finally {
  await admin.end().catch(() => {});
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
