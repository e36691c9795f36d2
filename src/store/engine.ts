// Which database a process talks to. Each store (subscribers, issues, the send
// ledger, runs, leases, the feed cache) has one implementation per engine
// behind one async interface; the composition root (app.ts) picks them by
// DATABASE_URL. The delivery, scheduling and server logic sees only the
// interfaces, so there is one copy of it for both engines.
import type pg from 'pg';
import type { Db } from './sqlite.js';

export interface SqliteEngine {
  kind: 'sqlite';
  db: Db;
  /** The file (or ':memory:'). */
  path: string;
}

export interface PostgresEngine {
  kind: 'postgres';
  pool: pg.Pool;
  /** The URL with the password hidden. */
  label: string;
  /** Resolves once every module's migrations have been applied (once per process). */
  ready(): Promise<void>;
}

export type Engine = SqliteEngine | PostgresEngine;

/** True for a postgres:// or postgresql:// DATABASE_URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}
