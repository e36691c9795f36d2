// Every SQLite store, opened once so each applies its own migrations (SQLite
// stores migrate their tables when created): what `gazette db migrate` and
// `gazette db copy` do to bring a SQLite file up to date. The SQLite twin of
// PG_MODULES (schema.ts); a new store adds one line here too.
import { systemClock } from '../clock.js';
import type { Db } from './sqlite.js';
import { createSqliteSubscriberStore } from '../subscribers/sqlite-store.js';
import { SqliteSendLedger } from '../deliver/sqlite-ledger.js';
import { SqliteIssueStore } from './issues.js';
import { SqliteRunStore } from './runs.js';
import { SqliteLeaseStore } from '../schedule/lease.js';
import { sqliteFeedCache } from '../gather/feeds/cache.js';

/** Opens every SQLite store on `db` (applying what migrations are pending), in dependency order. */
export function openEverySqliteStore(db: Db): void {
  createSqliteSubscriberStore(db, systemClock);
  new SqliteSendLedger(db);
  new SqliteIssueStore(db);
  new SqliteRunStore(db);
  new SqliteLeaseStore(db);
  sqliteFeedCache(db);
}

/** Applied migration versions of `db`, per module. */
export function sqliteApplied(db: Db): Map<string, number[]> {
  const rows = db.prepare('SELECT module, version FROM schema_migrations ORDER BY module, version').all() as { module: string; version: number }[];
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.module, [...(out.get(r.module) ?? []), r.version]);
  return out;
}

/**
 * The migrations `db` still lacks, per module, without applying them: every
 * store is opened inside a transaction that is then rolled back (each
 * migration step becomes a savepoint in it).
 */
export function sqlitePending(db: Db): Map<string, number[]> {
  const before = sqliteApplied(db);
  db.exec('BEGIN');
  let after: Map<string, number[]>;
  try {
    openEverySqliteStore(db);
    after = sqliteApplied(db);
  } finally {
    db.exec('ROLLBACK');
  }
  const pending = new Map<string, number[]>();
  for (const [module, versions] of after) {
    const had = new Set(before.get(module) ?? []);
    const missing = versions.filter((v) => !had.has(v));
    if (missing.length) pending.set(module, missing);
  }
  return pending;
}
