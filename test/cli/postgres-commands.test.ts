// Commands on a PostgreSQL DATABASE_URL, as an operator runs them: `build`
// stores the issue and the feed cache in PostgreSQL (the database is migrated
// on first use), a rebuild asks the feed conditionally and still has its
// items, and `articles` reads the same history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresPool } from '../../src/store/postgres.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { freshPgDatabase, hasPostgres, type TestDatabase } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { rssFeed, startFeedServer, type FeedServer } from '../gather/feeds-server.js';

describe.runIf(hasPostgres('commands on PostgreSQL'))('commands on a PostgreSQL DATABASE_URL', () => {
  let target: TestDatabase;
  let feeds: FeedServer;
  beforeAll(async () => {
    target = await freshPgDatabase();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds?.close();
    await target?.drop();
    cleanupTmp();
  });

  it('build keeps the issue and the feed cache in PostgreSQL; a rebuild gets a 304 and the same stories', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'content'), { recursive: true });
    feeds.set('/news.xml', {
      etag: true,
      body: rssFeed('Harbour Outlet', [{ title: 'Night trams return', link: 'https://outlet.example.org/trams', date: '2026-11-21T08:00:00Z', html: '<p>Night trams run again from December. The council voted nine to two for the plan. Riders had asked for years.</p>' }]),
    });
    writeFileSync(join(dir, 'content', 'feeds.txt'), `${feeds.url('/news.xml')} Harbour Outlet\n`);
    const env = isolatedEnv(dir, { DATABASE_URL: target.url });

    const first = await runCli(['build', '--date', '2026-11-22', '--json'], env);
    // With --json the template checks go to stderr; no error may.
    expect(first.stderr).not.toContain('gazette:');
    expect(first.code).toBe(0);
    const issue = JSON.parse(first.stdout);
    expect(issue.articleCount).toBe(1);
    const second = await runCli(['build', '--date', '2026-11-22', '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).articleCount).toBe(1);
    expect(feeds.requests.map((r) => r.status)).toEqual([200, 304]);

    const pool = openPostgresPool(target.url);
    try {
      expect((await pool.query('SELECT date, frozen_at FROM issues')).rows).toEqual([{ date: '2026-11-22', frozen_at: null }]);
      expect((await pool.query('SELECT count(*) AS n FROM issue_articles')).rows[0].n).toBe(1);
      expect((await pool.query('SELECT url, etag IS NOT NULL AS has_etag FROM feed_cache')).rows).toEqual([{ url: feeds.url('/news.xml'), has_etag: true }]);
    } finally {
      await pool.end();
    }
    // No SQLite file was made beside it.
    expect(existsSync(join(dir, 'data', 'gazette.db'))).toBe(false);
    const status = await runCli(['db', 'status', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ engine: 'postgres' });

    const articles = await runCli(['articles', '--json'], env);
    expect(articles.code).toBe(0);
    expect(JSON.parse(articles.stdout).articles.map((a: { title: string }) => a.title)).toEqual(['Night trams return']);
  });
});
