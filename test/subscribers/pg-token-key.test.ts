// The token key with a PostgreSQL DATABASE_URL and no GAZETTE_SECRET: every
// host on the database signs with the same key (kept in the database, not a
// file per host), so a link one host mailed works on another.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { isolatedEnv } from '../helpers/cli.js';
import { freshPgDatabase, hasPostgres } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

async function keyRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query('SELECT count(*)::int AS n FROM token_key')).rows[0].n;
  } finally {
    await c.end();
  }
}

describe('the token key on SQLite', () => {
  it('is still generated into the data folder\'s secret file', async () => {
    const dir = tmpDir();
    const app = createApp({ env: isolatedEnv(dir), logger: silentLogger });
    try {
      const token = (await app.tokens()).sign('unsubscribe', '7');
      expect(existsSync(join(dir, 'data', 'secret'))).toBe(true);
      const again = createApp({ env: isolatedEnv(dir), logger: silentLogger });
      expect((await again.tokens()).verify('unsubscribe', token)).toBe('7');
      await again.close();
    } finally {
      await app.close();
    }
  });
});

describe('the token key when it cannot be read at first', () => {
  it('is tried again on the next call (a scheduler asks each tick)', async () => {
    const dir = tmpDir();
    // Where the key file belongs stands a folder: reading the key fails.
    mkdirSync(join(dir, 'data', 'secret'), { recursive: true });
    const app = createApp({ env: isolatedEnv(dir), logger: silentLogger });
    try {
      await expect(app.tokens()).rejects.toThrow();
      rmSync(join(dir, 'data', 'secret'), { recursive: true });
      const signer = await app.tokens();
      expect(signer.verify('unsubscribe', signer.sign('unsubscribe', '7'))).toBe('7');
    } finally {
      await app.close();
    }
  });
});

describe.runIf(hasPostgres('the token key'))('the token key on PostgreSQL', () => {
  it('two hosts starting at once agree on one key kept in the database, and make no key file', async () => {
    const db = await freshPgDatabase();
    const [a, b] = [tmpDir(), tmpDir()].map((dir) => ({ dir, app: createApp({ env: isolatedEnv(dir, { DATABASE_URL: db.url }), logger: silentLogger }) }));
    try {
      const [ta, tb] = await Promise.all([a!.app.tokens(), b!.app.tokens()]);
      const link = ta.sign('unsubscribe', '42');
      expect(tb.verify('unsubscribe', link)).toBe('42');
      expect(tb.verify('preferences', tb.sign('preferences', '42'))).toBe('42');
      expect(existsSync(join(a!.dir, 'data', 'secret'))).toBe(false);
      expect(existsSync(join(b!.dir, 'data', 'secret'))).toBe(false);
      expect(await keyRows(db.url)).toBe(1);
      // A third host, later, reads the same key back.
      const c = createApp({ env: isolatedEnv(tmpDir(), { DATABASE_URL: db.url }), logger: silentLogger });
      expect((await c.tokens()).verify('unsubscribe', link)).toBe('42');
      await c.close();
    } finally {
      await a!.app.close();
      await b!.app.close();
      await db.drop();
    }
  });

  it('a host\'s old key file seeds an empty table, so its links keep working', async () => {
    const db = await freshPgDatabase();
    const dir = tmpDir();
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'secret'), 'key-of-the-first-host-0123456789\n');
    const app = createApp({ env: isolatedEnv(dir, { DATABASE_URL: db.url }), logger: silentLogger });
    try {
      const old = createTokenSigner('key-of-the-first-host-0123456789').sign('unsubscribe', '5');
      expect((await app.tokens()).verify('unsubscribe', old)).toBe('5');
      const other = createApp({ env: isolatedEnv(tmpDir(), { DATABASE_URL: db.url }), logger: silentLogger });
      expect((await other.tokens()).verify('unsubscribe', old)).toBe('5');
      await other.close();
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('GAZETTE_SECRET still wins, and nothing is stored', async () => {
    const db = await freshPgDatabase();
    const secret = 'operator-chosen-secret-0123456789';
    const app = createApp({ env: isolatedEnv(tmpDir(), { DATABASE_URL: db.url, GAZETTE_SECRET: secret }), logger: silentLogger });
    try {
      const token = (await app.tokens()).sign('unsubscribe', '9');
      expect(createTokenSigner(secret).verify('unsubscribe', token)).toBe('9');
      const engine = app.engine();
      if (engine.kind === 'postgres') await engine.ready();
      expect(await keyRows(db.url)).toBe(0);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
