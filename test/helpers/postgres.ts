// PostgreSQL for a suite: a fresh database in the run's cluster
// (test/setup/postgres.ts), dropped afterwards. Suites that need it skip with
// one line when the run has no cluster.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgresPool, migratePostgres } from '../../src/store/postgres.js';
import { PG_MODULES } from '../../src/store/schema.js';
import type { PostgresEngine } from '../../src/store/engine.js';

/** True when the run has a PostgreSQL cluster; otherwise prints why the suite is skipped. */
export function hasPostgres(suite: string): boolean {
  const skip = inject('pgSkip');
  if (skip) console.log(`skipped ${suite} on PostgreSQL: ${skip}`);
  return !skip;
}

/** The admin URL with another database name. */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database; `drop()` removes it (closing what is still connected). */
export async function freshPgDatabase(): Promise<TestDatabase> {
  const admin = inject('pgUrl');
  const name = `gz_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated PostgreSQL engine on a fresh database, and its cleanup. */
export async function freshPgEngine(): Promise<{ engine: PostgresEngine; url: string; close(): Promise<void> }> {
  const db = await freshPgDatabase();
  const pool = openPostgresPool(db.url);
  await migratePostgres(pool, PG_MODULES);
  const engine: PostgresEngine = { kind: 'postgres', pool, label: db.url, ready: async () => {} };
  return {
    engine,
    url: db.url,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}
