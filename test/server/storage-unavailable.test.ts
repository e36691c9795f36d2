// A page that reads the database (the archive, the feed) while the database
// cannot be reached answers 503 with Retry-After, as /healthz and the forms
// do, not 500 "something went wrong"; a bug still answers 500. Real errors:
// a PostgreSQL client refused by a closed port, SQLite busy under another
// connection's write lock.
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { securityDefaults, storageUnavailable } from '../../src/server/security.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function refusedByPostgres(): Promise<unknown> {
  const client = new pg.Client({ connectionString: `postgres://gazette@127.0.0.1:${await closedPort()}/gazette` });
  try {
    await client.connect();
  } catch (err) {
    return err;
  }
  throw new Error('connected to a closed port');
}

describe('a database that cannot be reached', () => {
  it('is told apart from a bug', async () => {
    expect(storageUnavailable(await refusedByPostgres())).toBe(true);
    const file = join(tmpDir(), 'busy.db');
    const holder = new Database(file);
    holder.exec('CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);');
    const other = new Database(file, { timeout: 0 });
    let busy: unknown;
    try { other.exec('INSERT INTO t VALUES (2)'); } catch (err) { busy = err; }
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
    expect(storageUnavailable(busy)).toBe(true);
    expect(storageUnavailable(new TypeError('Cannot read properties of undefined'))).toBe(false);
  });

  it('answers 503 with Retry-After on a page that reads it, and 500 for a bug', async () => {
    const app = Fastify();
    securityDefaults(app, { listName: 'Gazette', base: '/' });
    app.get('/archive', async () => { throw await refusedByPostgres(); });
    app.get('/broken', async () => { throw new TypeError('a bug'); });
    try {
      const down = await app.inject({ url: '/archive' });
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('60');
      expect(down.body).toContain('Temporarily unavailable');
      const bug = await app.inject({ url: '/broken' });
      expect(bug.statusCode).toBe(500);
    } finally {
      await app.close();
    }
  });
});
