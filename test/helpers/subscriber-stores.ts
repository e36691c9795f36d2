// A subscriber store on either engine, for suites that run once per engine:
// a fresh SQLite file, or a fresh database in the run's PostgreSQL cluster.
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createPgSubscriberStore } from '../../src/subscribers/pg-store.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import type { SubscriberStore } from '../../src/subscribers/store.js';
import { openPostgresPool } from '../../src/store/postgres.js';
import { freshPgEngine, hasPostgres } from './postgres.js';
import { tmpDir } from './tmp.js';

export type EngineKind = 'sqlite' | 'postgres';
export const ENGINES: readonly EngineKind[] = ['sqlite', 'postgres'];

/** True for SQLite; for PostgreSQL, whether the run has a cluster (printing why not). */
export function engineAvailable(kind: EngineKind, suite: string): boolean {
  return kind === 'sqlite' || hasPostgres(suite);
}

export interface TestStore {
  store: SubscriberStore;
  /** DATABASE_URL for a child process: the SQLite file or the postgres:// URL. */
  url: string;
  /** Runs one statement directly (to check a constraint holds). */
  sql(text: string): Promise<void>;
  /** Empties the list (a new SQLite file, or TRUNCATE on PostgreSQL) and returns the store to use from now on. */
  reset(): Promise<SubscriberStore>;
  /** A second store on the same database through its own connection(s), as another process has. */
  second(): Promise<SubscriberStore>;
  close(): Promise<void>;
}

/** A new, empty subscriber store on `kind`. */
export async function openTestStore(kind: EngineKind, clock: Clock): Promise<TestStore> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => { for (const c of closers.splice(0).reverse()) await c(); };
  if (kind === 'sqlite') {
    const file = join(tmpDir(), 'gazette.db');
    const db = openSqlite(file);
    closers.push(() => { db.close(); });
    return {
      store: createSqliteSubscriberStore(db, clock),
      url: file,
      async sql(text) { db.prepare(text).run(); },
      async reset() {
        const fresh = openSqlite(':memory:');
        closers.push(() => { fresh.close(); });
        return createSqliteSubscriberStore(fresh, clock);
      },
      async second() {
        const other = openSqlite(file);
        closers.push(() => { other.close(); });
        return createSqliteSubscriberStore(other, clock);
      },
      close,
    };
  }
  const { engine, url, close: drop } = await freshPgEngine();
  closers.push(drop);
  const store = createPgSubscriberStore(engine, clock);
  return {
    store,
    url,
    async sql(text) { await engine.pool.query(text); },
    async reset() {
      await engine.pool.query('TRUNCATE subscriber_events, subscribers RESTART IDENTITY CASCADE');
      return store;
    },
    async second() {
      const pool = openPostgresPool(url);
      closers.push(() => pool.end());
      return createPgSubscriberStore({ ...engine, pool }, clock);
    },
    close,
  };
}
