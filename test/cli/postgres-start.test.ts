// `npm start` and the operator's other commands on a PostgreSQL DATABASE_URL,
// end to end: start builds and delivers once, a second start sends nothing
// twice, status reads the runs and the ledger from PostgreSQL, and `serve`
// (a child process) answers /healthz with PostgreSQL as its storage and
// publishes the sent issue in its archive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { freshPgDatabase, hasPostgres, type TestDatabase } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startServeChild } from '../server/support/serve-child.js';

describe.runIf(hasPostgres('gazette start on PostgreSQL'))('gazette start, status and serve on PostgreSQL', () => {
  let target: TestDatabase;
  let child: ChildProcess | undefined;
  beforeAll(async () => { target = await freshPgDatabase(); });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await target?.drop();
    cleanupTmp();
  });

  it('delivers the sample issue once, reports it, and serves it', async () => {
    const dir = tmpDir();
    cpSync(resolve('content'), join(dir, 'content'), { recursive: true });
    const env = isolatedEnv(dir, { DATABASE_URL: target.url, GAZETTE_SECRET: 'pg-start-test-secret-long-enough' });
    // 18:30 UTC: every daily sample reader's hour has passed (London 07:00 and 18:00, New York 06:00 and 07:00),
    // so the four daily readers get it at once; the weekly reader gets no daily issue.
    const clock = manualClock('2026-11-22T18:30:00Z');

    const first = await runCli(['start'], env, { clock });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Added 5 sample subscribers/);
    expect(first.stdout).toMatch(/4 sent now, 0 already delivered, 0 failed/);
    clock.advance(60 * 60 * 1000);
    const second = await runCli(['start'], env, { clock });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 sent now, 4 already delivered/);
    expect(readdirSync(join(dir, 'outbox', '2026-11-22')).filter((f) => f.endsWith('.eml'))).toHaveLength(4);
    expect(existsSync(join(dir, 'data', 'gazette.db'))).toBe(false);

    const status = await runCli(['status', '--json'], env, { clock });
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s.runs.map((r: { outcome: string; sent: number; skipped: number }) => [r.outcome, r.sent, r.skipped])).toEqual([['sent', 0, 4], ['sent', 4, 0]]);
    expect(s.lastSuccess).toMatchObject({ issue: '2026-11-22' });
    expect(s.deliveries).toEqual([{ issue: '2026-11-22', sent: 4, failed: 0, pending: 0 }]);

    const db = JSON.parse((await runCli(['db', 'status', '--json'], env)).stdout);
    expect(db).toMatchObject({ engine: 'postgres' });
    expect(Object.fromEntries(db.tables.map((t: { table: string; rows: number }) => [t.table, t.rows]))).toMatchObject({ subscribers: 5, issues: 1, deliveries: 4, runs: 2 });

    const serve = await startServeChild(dir, env);
    child = serve.child;
    const health = await fetch(`${serve.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', storage: 'ok', scheduler: { lastSuccess: { issue: '2026-11-22' } } });
    const archive = await fetch(`${serve.url}/archive/2026-11-22`);
    expect(archive.status).toBe(200);
  });
});
