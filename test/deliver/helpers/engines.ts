// The ledger and delivery suites run on both engines: SQLite (a temporary
// file) and PostgreSQL (a fresh database in the test run's cluster, skipped
// with one line where there is none). `describeEngines` repeats a suite per
// engine; `openTestDb` gives the suite its database with a few engine-neutral
// helpers for the assertions that read the tables directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { Engine } from '../../../src/store/engine.js';
import { openPostgresPool } from '../../../src/store/postgres.js';
import { openSqlite } from '../../../src/store/sqlite.js';
import { freshPgEngine, hasPostgres } from '../../helpers/postgres.js';

export const ENGINE_KINDS = ['sqlite', 'postgres'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/** Declares `body` once per engine; the PostgreSQL copy is skipped (with one line) when the run has no cluster. */
export function describeEngines(suite: string, body: (kind: EngineKind) => void): void {
  for (const kind of ENGINE_KINDS) {
    describe.runIf(kind === 'sqlite' || hasPostgres(suite))(`${suite} on ${kind}`, () => body(kind));
  }
}

export interface TestDb {
  kind: EngineKind;
  engine: Engine;
  /** The SQLite file ('' on PostgreSQL). */
  path: string;
  /** The PostgreSQL URL ('' on SQLite). */
  url: string;
  /** Another connection to the same database, as a second process has. */
  another(): Engine;
  /** The rows of one query; write `?` for parameters on both engines. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes every connection and removes the database. */
  close(): Promise<void>;
}

/** `?` placeholders as PostgreSQL's $1, $2, … */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A fresh, empty database on `kind`. */
export async function openTestDb(kind: EngineKind): Promise<TestDb> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gz-engine-'));
    const path = join(dir, 'gazette.db');
    const db = openSqlite(path);
    const others = [db];
    return {
      kind, path, url: '',
      engine: { kind: 'sqlite', db, path },
      another() {
        const other = openSqlite(path);
        others.push(other);
        return { kind: 'sqlite', db: other, path };
      },
      async all<T>(sql: string, params: unknown[] = []) {
        return db.prepare(sql).all(...params) as T[];
      },
      async close() {
        for (const d of others.splice(0)) if (d.open) d.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { engine, url, close } = await freshPgEngine();
  const pools = [engine.pool];
  return {
    kind, engine, url, path: '',
    another() {
      const pool = openPostgresPool(url, { max: 4 });
      pools.push(pool);
      return { kind: 'postgres', pool, label: url, ready: async () => {} };
    },
    async all<T>(sql: string, params: unknown[] = []) {
      return (await engine.pool.query(numbered(sql), params)).rows as T[];
    },
    async close() {
      for (const p of pools.splice(1)) await p.end();
      await close();
    },
  };
}
