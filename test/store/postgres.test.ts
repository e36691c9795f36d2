// The PostgreSQL foundation: several processes migrating one database at once
// apply each step exactly once (the advisory lock), and a URL's password never
// reaches a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPostgresPool, redactUrl } from '../../src/store/postgres.js';
import { PG_MODULES } from '../../src/store/schema.js';
import { freshPgDatabase, hasPostgres, type TestDatabase } from '../helpers/postgres.js';

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://gz:s3cret@db.example:5432/news')).toBe('postgres://gz:***@db.example:5432/news');
    expect(redactUrl('postgres://gz@db.example/news')).toBe('postgres://gz@db.example/news');
  });
});

describe.runIf(hasPostgres('store/postgres'))('PostgreSQL migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await freshPgDatabase(); });
  afterAll(async () => { await db?.drop(); });

  it('apply every step once when three pools migrate together', async () => {
    const pools = [0, 1, 2].map(() => openPostgresPool(db.url, { max: 2 }));
    try {
      const results = await Promise.all(pools.map((p) => migratePostgres(p, PG_MODULES)));
      const total = PG_MODULES.reduce((n, m) => n + m.steps.length, 0);
      expect(results.reduce((n, r) => n + r.applied.length, 0)).toBe(total);
      const rows = await pools[0]!.query('SELECT module, version FROM schema_migrations');
      expect(rows.rowCount).toBe(total);
      // Again: nothing left to do.
      expect((await migratePostgres(pools[1]!, PG_MODULES)).applied).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('tells an operator what to check when the server cannot be reached', async () => {
    const pool = openPostgresPool('postgres://gazette@127.0.0.1:1/nowhere');
    try {
      await expect(migratePostgres(pool, PG_MODULES)).rejects.toThrow(/Cannot connect to PostgreSQL: .*Check DATABASE_URL/);
    } finally {
      await pool.end();
    }
  });
});
