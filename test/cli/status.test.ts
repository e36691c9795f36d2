import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { issueJobFor } from '../../src/cli/run.js';
import { manualClock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { emptyReport, SqliteRunStore } from '../../src/store/runs.js';
import { SqliteLeaseStore } from '../../src/schedule/lease.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('gazette status', () => {
  it('says there are no runs yet and when the next one is, in the configured zone', async () => {
    const dir = tmpDir();
    openSqlite(`${dir}/data/gazette.db`).close();
    const r = await runCli(['status'], isolatedEnv(dir, { GAZETTE_TZ: 'Europe/Paris', GAZETTE_SCHEDULE: '30 6 * * 1-5' }), { clock: manualClock('2026-11-21T12:00:00Z') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No runs yet.');
    // Saturday the 21st: the next weekday is Monday the 23rd.
    expect(r.stdout).toContain('Next scheduled run: 2026-11-23 06:30 (UTC+01:00) (GAZETTE_SCHEDULE "30 6 * * 1-5" in Europe/Paris)');
    expect(r.stdout).toContain('Last success: none yet');
  });

  // Issue 14 item 20: a mistyped DATABASE_URL made a folder and an empty database, and status said "No runs yet".
  it.each([['status'], ['subscribers', 'list'], ['subscribers', 'show', 'a@example.org'], ['subscribers', 'export']])('%s %s on a database that does not exist names the path and creates nothing', async (...args) => {
    const dir = tmpDir();
    const r = await runCli(args.filter(Boolean), isolatedEnv(dir, { DATABASE_URL: `sqlite:${dir}/nonexistent/dir/g.db` }));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`gazette: Database error: The database ${dir}/nonexistent/dir/g.db does not exist (DATABASE_URL=sqlite:${dir}/nonexistent/dir/g.db). Check DATABASE_URL; a new one is created by the first command that writes (build, send, subscribers add or import, serve).\n`);
    expect(existsSync(`${dir}/nonexistent`)).toBe(false);
  });

  it('a command that writes creates a missing database and, at a terminal, says where', async () => {
    const dir = tmpDir();
    const out = new PassThrough();
    const err = new PassThrough();
    let stderr = '';
    err.on('data', (c) => { stderr += c; });
    const code = await main(['subscribers', 'add', 'a@example.org', '--confirmed'], { io: { out, err, isTty: true }, env: isolatedEnv(dir), logger: silentLogger });
    expect(code).toBe(0);
    expect(stderr).toBe(`gazette: created a new database at ${dir}/data/gazette.db\n`);
    expect(existsSync(`${dir}/data/gazette.db`)).toBe(true);
  });

  it('lists recent runs with sent, skipped, failed and duration, the last success and a held lock', async () => {
    const dir = tmpDir();
    const env = isolatedEnv(dir, { GAZETTE_TZ: 'UTC' });
    const db = openSqlite(`${dir}/data/gazette.db`);
    const runs = new SqliteRunStore(db);
    const a = await runs.start('2026-11-21', 'h:1', new Date('2026-11-21T07:00:00Z'));
    await runs.finish(a, { ...emptyReport('interrupted', 'stopped by a signal; the next run resumes'), recipients: 40, sent: 12 }, new Date('2026-11-21T07:00:04.200Z'));
    const b = await runs.start('2026-11-21', 'h:2', new Date('2026-11-21T07:01:00Z'));
    await runs.finish(b, { ...emptyReport('sent'), recipients: 40, sent: 27, skipped: 12, failed: 1 }, new Date('2026-11-21T07:01:09Z'));
    await runs.start('2026-11-22', 'h:2', new Date('2026-11-22T07:00:00Z'));
    await new SqliteLeaseStore(db).acquire('issue:2026-11-22', 'h:2', 60_000, new Date('2026-11-22T07:00:00Z'));
    db.close();

    const r = await runCli(['status'], env, { clock: manualClock('2026-11-22T07:00:30Z') });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Recent runs, newest first:');
    expect(lines[1]).toMatch(/^ {2}issue +outcome +sent +skipped +failed +duration +started$/);
    expect(lines[2]).toMatch(/^ {2}2026-11-22 +running +0 +0 +0 +- +2026-11-22 07:00 \(UTC\+00:00\)$/);
    expect(lines[3]).toMatch(/^ {2}2026-11-21 +sent +27 +12 +1 +9\.0 s +2026-11-21 07:01/);
    expect(lines[4]).toMatch(/^ {2}2026-11-21 +interrupted +12 +0 +0 +4\.2 s +2026-11-21 07:00/);
    expect(r.stdout).toContain('2026-11-21 interrupted: stopped by a signal; the next run resumes');
    expect(r.stdout).toContain('Next scheduled run: 2026-11-23 07:00 (UTC+00:00)');
    expect(r.stdout).toContain('Last success: the issue of 2026-11-21, finished 2026-11-21 07:01:09 (UTC+00:00)');
    expect(r.stdout).toContain('Running now: issue:2026-11-22 held by h:2 (lease until 2026-11-22 07:01 (UTC+00:00))');

    const json = await runCli(['status', '--json', '--limit', '1'], env, { clock: manualClock('2026-11-22T07:00:30Z') });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.runs).toHaveLength(1);
    expect(parsed).toMatchObject({ schedule: '0 7 * * *', tz: 'UTC', next: '2026-11-23T07:00:00.000Z', lastSuccess: { issue: '2026-11-21' } });
  });

  it('shows what the send ledger holds per issue, whichever command delivered it', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'a.md'), '---\ntitle: The bridge reopens\noutlet: River Post\nurl: https://riverpost.example/bridge\n---\nThe Elm Street bridge reopened on Friday. Engineers replaced the deck. Cyclists get a lane.\n');
    const env = isolatedEnv(dir);
    for (const email of ['ada@example.org', 'ben@example.org']) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    const app = createApp({ env, logger: silentLogger });
    try {
      expect((await issueJobFor(app).runIssue('2026-11-20', new AbortController().signal)).sent).toBe(2);
    } finally {
      await app.close();
    }
    const r = await runCli(['status'], env);
    expect(r.stdout).toContain('Deliveries (send ledger), newest first:\n  2026-11-20  2 sent, 0 failed, 0 pending\n');
  });

  it('fails with the variable named when the schedule is invalid', async () => {
    const r = await runCli(['status'], isolatedEnv(tmpDir(), { GAZETTE_SCHEDULE: '0 25 * * *' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('GAZETTE_SCHEDULE is not a usable schedule: its hour field "25" is not valid (it allows 0 to 23)');
  });
});
