// `gazette db migrate|status|copy` as an operator runs them: the sample
// database `npm start` makes, its status, and its move into a fresh
// PostgreSQL database, checked row for row and by the ids new rows get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { manualClock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { openPostgresPool, redactUrl } from '../../src/store/postgres.js';
import { createRunStore } from '../../src/store/runs.js';
import { PG_MODULES } from '../../src/store/schema.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { freshPgDatabase, hasPostgres, type TestDatabase } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

/** A workspace where `gazette start` has run once: the sample database. */
async function sampleWorkspace() {
  const dir = tmpDir();
  cpSync(resolve('content'), join(dir, 'content'), { recursive: true });
  const env = isolatedEnv(dir);
  // 18:30 UTC: every daily sample reader's hour has passed; the weekly reader gets no daily issue.
    const started = await runCli(['start'], env, { clock: manualClock('2026-11-22T18:30:00Z') });
  expect(started.code).toBe(0);
  return { dir, env };
}

const TRICKY_BODY = Buffer.from([0x00, 0xff, 0x5c, 0x09, 0x0a, 0x0d, 0x4e, 0x5c, 0x4e]);

const rowsOf = (status: { tables: { table: string; rows: number | null }[] }) => Object.fromEntries(status.tables.map((t) => [t.table, t.rows]));

describe('gazette db on SQLite', () => {
  it('reports the engine, every module migrated, and the rows of the sample database', async () => {
    const { dir, env } = await sampleWorkspace();
    const status = await runCli(['db', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s).toMatchObject({ engine: 'sqlite', database: join(dir, 'data', 'gazette.db') });
    // leases: `start` never takes one, so its table is pending until `db migrate` (status itself changes nothing).
    expect(s.modules.map((m: { module: string; pending: number[] }) => [m.module, m.pending])).toEqual([
      ['deliver', []], ['feeds', []], ['issues', []], ['leases', [1]], ['runs', []], ['subscribers', []],
    ]);
    expect(JSON.parse((await runCli(['db', 'status', '--json'], env)).stdout).modules).toEqual(s.modules);
    expect(rowsOf(s)).toMatchObject({ subscribers: 5, issues: 1, deliveries: 4, delivery_issues: 1, runs: 1, leases: null });

    const migrated = await runCli(['db', 'migrate'], env);
    expect(migrated.stdout).toMatch(/^Applied 1 migration to .*gazette\.db: leases 1\.$/m);
    expect((await runCli(['db', 'migrate', '--json'], env)).stdout).toContain('"applied": []');
    const text = await runCli(['db', 'status'], env);
    expect(text.stdout).toMatch(/^Engine: SQLite, .*gazette\.db$/m);
    expect(text.stdout).toMatch(/^ {2}leases +0$/m);
  });

  it('does not make a database to report on', async () => {
    const dir = tmpDir();
    const r = await runCli(['db', 'status'], isolatedEnv(dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not exist/);
  });
});

describe.runIf(hasPostgres('gazette db copy'))('gazette db copy into PostgreSQL', () => {
  let target: TestDatabase;
  let work: { dir: string; env: Record<string, string> };
  beforeAll(async () => {
    target = await freshPgDatabase();
    work = await sampleWorkspace();
    // What COPY's text format must escape: bytes that are not text, tabs, newlines, backslashes, NULL.
    const sqlite = openSqlite(join(work.dir, 'data', 'gazette.db'));
    sqlite.prepare(`INSERT INTO feed_cache (url, etag, last_modified, body, content_type, final_url, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)`)
      .run('https://a.example/feed', 'W/"x\\y\tz"', TRICKY_BODY, 'text/xml\r\nX: y', 'https://a.example/feed', '2026-11-22T07:00:00.000Z');
    sqlite.close();
  });
  afterAll(async () => { await target?.drop(); });

  it('moves every table, counts match on both sides, and new rows on PostgreSQL get fresh ids', async () => {
    const before = JSON.parse((await runCli(['db', 'status', '--json'], work.env)).stdout);
    const copied = await runCli(['db', 'copy', '--to', target.url, '--json'], work.env);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    const report = JSON.parse(copied.stdout);
    const order = report.tables.map((t: { table: string }) => t.table);
    // Parents before children.
    expect(order.indexOf('subscribers')).toBeLessThan(order.indexOf('subscriber_events'));
    expect(order.indexOf('issues')).toBeLessThan(order.indexOf('issue_articles'));
    for (const t of report.tables) expect(t.postgres, t.table).toBe(t.sqlite);
    expect(report.tables.find((t: { table: string }) => t.table === 'subscribers').postgres).toBe(5);
    // The key that signed the links in the mail `start` sent moves too: a host
    // on PostgreSQL with no GAZETTE_SECRET and no key file of its own takes it.
    expect(report.tokenKey).toBe('copied');
    const sqliteKey = readFileSync(join(work.dir, 'data', 'secret'), 'utf8').trim();
    const link = createTokenSigner(sqliteKey).sign('unsubscribe', '3');
    const otherHost = createApp({ env: isolatedEnv(tmpDir(), { DATABASE_URL: target.url }), logger: silentLogger });
    try {
      expect((await otherHost.tokens()).verify('unsubscribe', link)).toBe('3');
    } finally {
      await otherHost.close();
    }

    // The same rows as the SQLite side reports, now through the PostgreSQL engine.
    const pgEnv = { ...work.env, DATABASE_URL: target.url };
    const after = JSON.parse((await runCli(['db', 'status', '--json'], pgEnv)).stdout);
    expect(after).toMatchObject({ engine: 'postgres', database: redactUrl(target.url) });
    expect(after.modules.flatMap((m: { pending: number[] }) => m.pending)).toEqual([]);
    expect(after.modules.map((m: { module: string }) => m.module)).toEqual(PG_MODULES.map((m) => m.module).sort());
    expect(rowsOf(after)).toEqual({ ...rowsOf(before), leases: 0 });
    // Status names the key's table among the modules but never shows the key.
    const statusText = (await runCli(['db', 'status'], pgEnv)).stdout;
    expect(statusText).toMatch(/token_key +applied 1/);
    expect(statusText).not.toContain(sqliteKey);
    expect(JSON.stringify(after)).not.toContain(sqliteKey);

    const pool = openPostgresPool(target.url);
    try {
      // Same content, not only the same counts: the issue's bytes and the subscribers' ids.
      const sqlite = openSqlite(join(work.dir, 'data', 'gazette.db'));
      const issue = sqlite.prepare('SELECT date, html FROM issues').get() as { date: string; html: string };
      const ids = (sqlite.prepare('SELECT id, email FROM subscribers ORDER BY id').all() as { id: number; email: string }[]);
      sqlite.close();
      expect((await pool.query('SELECT html FROM issues WHERE date = $1', [issue.date])).rows[0].html).toBe(issue.html);
      expect((await pool.query('SELECT id, email FROM subscribers ORDER BY id')).rows).toEqual(ids);
      expect((await pool.query('SELECT etag, last_modified, body, content_type FROM feed_cache')).rows).toEqual([
        { etag: 'W/"x\\y\tz"', last_modified: null, body: TRICKY_BODY, content_type: 'text/xml\r\nX: y' },
      ]);
      const added = await pool.query<{ id: number }>(`INSERT INTO subscribers (email, email_key, status, created_at, updated_at)
        VALUES ('new@example.org', 'new@example.org', 'confirmed', $1, $1) RETURNING id`, ['2026-11-23T07:00:00.000Z']);
      expect(added.rows[0]!.id).toBe(Math.max(...ids.map((r) => r.id)) + 1);
      const runId = await createRunStore({ kind: 'postgres', pool, label: target.url, ready: async () => {} }).start('2026-11-23', 'h:1', new Date('2026-11-23T07:00:00Z'));
      expect(runId).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it('refuses a target that holds rows, names them, and with --force replaces them in one transaction', async () => {
    const again = await runCli(['db', 'copy', '--to', target.url], work.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has rows: subscribers \(6\)/);
    expect(again.stderr).toMatch(/--force/);
    const forced = await runCli(['db', 'copy', '--to', target.url, '--force'], work.env);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/replacing \d+ rows/);
    expect(forced.stdout).toMatch(/^ {2}subscribers +5 +5$/m);
    expect(forced.stdout).toMatch(/Row counts match on both sides/);
    expect(forced.stdout).toMatch(/token key .* was stored in the database, so links in mail already sent keep working/);
    const withSecret = await runCli(['db', 'copy', '--to', target.url, '--force'], { ...work.env, GAZETTE_SECRET: 'operator-chosen-secret-0123456789' });
    expect(withSecret.code).toBe(0);
    expect(withSecret.stdout).toMatch(/No token key was copied: GAZETTE_SECRET signs the links/);
  });

  it('stops on a SQLite table PostgreSQL has no table for, naming it, and copies nothing', async () => {
    const empty = await freshPgDatabase();
    try {
      const sqlite = openSqlite(join(work.dir, 'data', 'gazette.db'));
      sqlite.exec('CREATE TABLE notes_by_hand (id INTEGER PRIMARY KEY, text TEXT)');
      sqlite.close();
      const r = await runCli(['db', 'copy', '--to', empty.url], work.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no PostgreSQL counterpart: notes_by_hand/);
      const c = new pg.Client({ connectionString: empty.url });
      await c.connect();
      try {
        expect((await c.query('SELECT count(*)::int AS n FROM subscribers')).rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      await empty.drop();
    }
  });

  it('db migrate on PostgreSQL applies every module once, and then nothing', async () => {
    const fresh = await freshPgDatabase();
    try {
      const env = { ...work.env, DATABASE_URL: fresh.url };
      const before = JSON.parse((await runCli(['db', 'status', '--json'], env)).stdout);
      expect(before.modules.map((m: { module: string; applied: number[] }) => [m.module, m.applied])).toEqual(PG_MODULES.map((m) => [m.module, []]).sort());
      expect(before.tables.every((t: { rows: number | null }) => t.rows === null)).toBe(true);
      const first = JSON.parse((await runCli(['db', 'migrate', '--json'], env)).stdout);
      expect(first).toMatchObject({ engine: 'postgres', database: redactUrl(fresh.url) });
      expect(first.applied).toEqual(PG_MODULES.flatMap((m) => m.steps.map((_, i) => ({ module: m.module, version: i + 1 }))));
      expect((await runCli(['db', 'migrate'], env)).stdout).toMatch(/is up to date: no migration was pending/);
    } finally {
      await fresh.drop();
    }
  });

  it('blames the --to URL, not DATABASE_URL, when the target cannot be reached', async () => {
    const url = new URL(target.url);
    url.pathname = '/nosuchdb';
    const r = await runCli(['db', 'copy', '--to', url.toString()], work.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/database "nosuchdb" does not exist\. Check the --to URL \(host, port, user, password, database\)/);
    expect(r.stderr).not.toContain('DATABASE_URL');
  });

  it('asks for a postgres:// target', async () => {
    const r = await runCli(['db', 'copy', '--to', 'mysql://x@y/z'], work.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--to must be a postgres:\/\/ URL/);
  });
});
