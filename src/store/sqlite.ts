// The embedded database: one SQLite file (better-sqlite3) shared by the
// subscriber list, the issues, the send ledger and the run reports.
// Each module owns its tables and declares its own migrations; this file only
// opens the database and applies migrations in order, once, at start.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GazetteError } from '../errors.js';

export type Db = Database.Database;

/** True for SQLite's "locked" errors: another connection holds the write lock. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Opens (creating if needed) the SQLite file at `path`, in WAL mode. ':memory:' works too. */
export function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new GazetteError('DATABASE', `Cannot open the database file ${path}: ${(err as Error).message}. Check DATABASE_URL and that the folder is writable.`, { cause: err });
  }
  // WAL lets readers (serve, status) run while a send writes; busy_timeout makes a
  // second process wait for a write lock instead of failing at once.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version))`);
  return db;
}

/**
 * Applies the migrations of one module that have not run yet, each in its own
 * transaction. `steps[i]` is version i+1; never edit a released step, append one.
 */
export function migrate(db: Db, module: string, steps: readonly string[]): void {
  const applied = db.prepare('SELECT version FROM schema_migrations WHERE module = ?').all(module) as { version: number }[];
  const done = new Set(applied.map((r) => r.version));
  const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)');
  steps.forEach((sql, i) => {
    const version = i + 1;
    if (done.has(version)) return;
    // IMMEDIATE takes the write lock first, so two processes starting together
    // do not both run the same step.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?').get(module, version);
      if (again) return;
      db.exec(sql);
      record.run(module, version, new Date().toISOString());
    }).immediate();
  });
}
