// Engine-parameterised suites: one suite body, run on a fresh SQLite file and
// on a fresh PostgreSQL database (skipped with one line when the run has no
// cluster), so both implementations of a store answer the same tests.
import { join } from 'node:path';
import { describe } from 'vitest';
import { openSqlite } from '../../src/store/sqlite.js';
import { openPostgresPool } from '../../src/store/postgres.js';
import type { Engine } from '../../src/store/engine.js';
import { freshPgEngine, hasPostgres } from './postgres.js';
import { tmpDir } from './tmp.js';

export const ENGINE_KINDS = ['sqlite', 'postgres'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export interface TestEngine {
  engine: Engine;
  /** The same database through a second connection (another process, another host). */
  another(): Engine;
  /** DATABASE_URL for a child `gazette` process. */
  url: string;
  close(): Promise<void>;
}

/** A fresh, empty database of `kind` (SQLite stores migrate when created; PostgreSQL is migrated already). */
export async function freshEngine(kind: EngineKind): Promise<TestEngine> {
  if (kind === 'sqlite') {
    const path = join(tmpDir(), 'gazette.db');
    const opened: { open: boolean; close(): void }[] = [];
    const open = (): Engine => {
      const db = openSqlite(path);
      opened.push(db);
      return { kind: 'sqlite', db, path };
    };
    const engine = open();
    return { engine, another: open, url: `sqlite:${path}`, async close() { for (const db of opened) if (db.open) db.close(); } };
  }
  const pg = await freshPgEngine();
  const pools: { end(): Promise<void> }[] = [];
  return {
    engine: pg.engine,
    url: pg.url,
    another() {
      const pool = openPostgresPool(pg.url);
      pools.push(pool);
      return { kind: 'postgres', pool, label: pg.url, ready: async () => {} };
    },
    async close() {
      // A test may have ended a pool itself (a server gone away).
      for (const pool of pools) await pool.end().catch(() => {});
      await pg.close();
    },
  };
}

/** `describe(name)` once per engine; postgres is skipped (with its reason) when the run has no cluster. */
export function describeEngines(name: string, body: (kind: EngineKind) => void): void {
  for (const kind of ENGINE_KINDS) {
    describe.runIf(kind === 'sqlite' || hasPostgres(name))(`${name} (${kind})`, () => body(kind));
  }
}
