// The plan `send --dry-run`, `status` and `start` print, held to what a real
// send at the same moment does, on both engines, against the outbox.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { openPostgresPool } from '../../src/store/postgres.js';
import type { Engine } from '../../src/store/engine.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli, spawnGazette } from '../helpers/cli.js';
import { freshPgDatabase, hasPostgres, type TestDatabase } from '../helpers/postgres.js';
import { setPrefs, type PrefColumns } from '../deliver/helpers/prefs.js';
import { TRAM_ARTICLE as ARTICLE } from '../helpers/tram-article.js';

afterAll(cleanupTmp);


const pgs: TestDatabase[] = [];
afterAll(async () => { for (const db of pgs) await db.drop(); });

/** A workspace on `kind` with confirmed readers; `prefs` sets their preference columns. */
async function workspace(kind: 'sqlite' | 'postgres', readers: Record<string, PrefColumns>, extra: Record<string, string> = {}) {
  const dir = tmpDir('gz-send-plan-');
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
  let url = `sqlite:${dir}/data/gazette.db`;
  if (kind === 'postgres') {
    const db = await freshPgDatabase();
    pgs.push(db);
    url = db.url;
  }
  const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', DATABASE_URL: url, ...extra });
  await addReaders(kind, env, dir, readers);
  return { dir, env };
}

async function addReaders(kind: 'sqlite' | 'postgres', env: Record<string, string>, dir: string, readers: Record<string, PrefColumns>) {
  for (const email of Object.keys(readers)) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
  const engine: Engine = kind === 'sqlite' ? { kind: 'sqlite', db: openSqlite(join(dir, 'data', 'gazette.db')), path: '' } : { kind: 'postgres', pool: openPostgresPool(env.DATABASE_URL!) } as Engine;
  for (const [email, cols] of Object.entries(readers)) if (Object.keys(cols).length > 0) await setPrefs(engine, email, cols);
  if (engine.kind === 'sqlite') engine.db.close();
  else await engine.pool.end();
}

/** Rows in the issues and deliveries tables. */
async function storedRows(kind: 'sqlite' | 'postgres', env: Record<string, string>, dir: string): Promise<number> {
  const sql = 'SELECT (SELECT count(*) FROM issues) + (SELECT count(*) FROM deliveries) AS n';
  if (kind === 'sqlite') {
    const db = openSqlite(join(dir, 'data', 'gazette.db'));
    try { return (db.prepare(sql).get() as { n: number }).n; } finally { db.close(); }
  }
  const pool = openPostgresPool(env.DATABASE_URL!);
  try { return Number((await pool.query(sql)).rows[0].n); } finally { await pool.end(); }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.runIf(kind === 'sqlite' || hasPostgres('send plan on postgres'))(`send --dry-run on ${kind}`, () => {
    it('the headline counts who a real send at that moment serves now, and who later', async () => {
      const { dir, env } = await workspace(kind, { 'now@example.org': {}, 'nine@example.org': { send_hour: 9 }, 'three@example.org': { send_hour: 15 }, 'eight@example.org': { send_hour: 20 } });
      const clock = manualClock('2026-12-03T07:00:00Z');
      const dry = await runCli(['send', '--date', '2026-12-03', '--dry-run'], env, { clock });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('would go to 1 confirmed subscriber due now; 3 more at their own hour (next at 2026-12-03T09:00:00.000Z).');
      expect(dry.stdout).toContain('about 1 message of');
      const dryJson = JSON.parse((await runCli(['send', '--date', '2026-12-03', '--dry-run', '--json'], env, { clock })).stdout);
      expect(dryJson).toMatchObject({ recipients: 1, skipped: 0, owed: 1, notYetDue: 3 });
      const real = await runCli(['send', '--date', '2026-12-03', '--json'], env, { clock });
      expect(real.code, real.stderr).toBe(0);
      expect(JSON.parse(real.stdout)).toMatchObject({ sent: 1, notYetDue: 3 });

      // One more reader confirms: the dry run owes one message, as the real send then sends.
      await addReaders(kind, env, dir, { 'new@example.org': {} });
      const later = manualClock('2026-12-03T07:30:00Z');
      const again = await runCli(['send', '--date', '2026-12-03', '--dry-run'], env, { clock: later });
      expect(again.stdout).toContain('would go to 2 confirmed subscribers due now, 1 of whom already have it; 3 more at their own hour');
      expect(again.stdout).toContain('about 1 message of');
      expect(again.stdout).toContain('1 story)');
      expect(again.stdout).toContain('2 readers due now');
      const second = await runCli(['send', '--date', '2026-12-03', '--json'], env, { clock: later });
      expect(JSON.parse(second.stdout)).toMatchObject({ sent: 1, skipped: 1 });
      // Nothing owed now: said in words, not "about 0 messages".
      const none = await runCli(['send', '--date', '2026-12-03', '--dry-run'], env, { clock: later });
      expect(none.stdout).toContain('no message to send now');
      const at = await runCli(['send', '--at', '2026-12-03T09:30:00Z'], env);
      expect(at.stdout).toMatch(/1 sent now, \d+ delivered in all, 1 variant \(/);
      expect(at.stdout).toContain('2 readers later');
    });

    it('--dry-run builds in memory: no issue row, no delivery row, nothing under out/', async () => {
      const { dir, env } = await workspace(kind, { 'ann@example.org': {} });
      const at = await runCli(['send', '--at', '2026-12-03T07:00:00Z', '--dry-run'], env);
      expect(at.code, at.stderr).toBe(0);
      expect(at.stdout).toContain('Dry run: the issue of 2026-12-03');
      const date = await runCli(['send', '--date', '2026-12-04', '--dry-run', '--json'], env);
      expect(date.code, date.stderr).toBe(0);
      expect(await storedRows(kind, env, dir)).toBe(0);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      expect(existsSync(join(dir, 'outbox'))).toBe(false);
    });

    it('the plan shows the weekly edition the real run opens, and when weekly readers get it before then', async () => {
      const { env } = await workspace(kind, { 'daily@example.org': {}, 'weekly@example.org': { frequency: 'weekly:mon', send_hour: 8, timezone: 'Europe/London' } }, { GAZETTE_TZ: 'Europe/London', GAZETTE_SCHEDULE: '0 6 * * *' });
      // Thursday of 2026-W49: the daily goes out; the weekly reader waits for Monday.
      expect((await runCli(['send', '--json', '--at', '2026-12-03T07:00:00Z'], env)).code).toBe(0);
      const thursday = manualClock('2026-12-03T07:30:00Z');
      const status = await runCli(['status'], env, { clock: thursday });
      expect(status.stdout).toContain("1 weekly reader gets the week's edition (2026-W49) on Monday 7 Dec at 08:00 Europe/London");
      expect(JSON.parse((await runCli(['status', '--json'], env, { clock: thursday })).stdout).plan).toMatchObject([
        { edition: '2026-12-03', due: 1 }, { edition: '2026-W49', kind: 'weekly', due: 0, notYetDue: 1, nextDueAt: '2026-12-07T08:00:00.000Z' },
      ]);
      // Monday at the weekly reader's hour: the plan lists the weekly edition as due, as the real send then delivers it.
      const dry = await runCli(['send', '--dry-run', '--json', '--at', '2026-12-07T08:30:00Z'], env);
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout).plan).toEqual(expect.arrayContaining([expect.objectContaining({ edition: '2026-W49', kind: 'weekly', due: 1, owed: 1 })]));
      const real = await runCli(['send', '--json', '--at', '2026-12-07T08:30:00Z'], env);
      expect(JSON.parse(real.stdout).editions).toEqual(expect.arrayContaining([expect.objectContaining({ edition: '2026-W49', sent: 1 })]));
    });
  });
}

describe('gazette send off a terminal', () => {
  it('prints each warning once, as a human line, with no JSON log lines unless LOG_LEVEL asks for them', async () => {
    const dir = tmpDir('gz-send-plan-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
    writeFileSync(join(dir, 'content', 'broken.md'), '---\ntitle: [oops\n---\ntext');
    const { LOG_LEVEL: _level, ...env } = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com' });
    expect((await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed'], env)).code).toBe(0);
    const child = spawnGazette(['send', '--date', '2026-12-03'], env);
    expect((await child.exit).code, child.err()).toBe(0);
    const lines = child.err().trim().split('\n');
    expect(lines.filter((l) => l.includes('broken.md'))).toEqual([expect.stringMatching(/^warning: skipped .*broken\.md: the front matter is not valid YAML/)]);
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(child.out()).toContain('1 sent now');

    const asked = spawnGazette(['send', '--date', '2026-12-03'], { ...env, LOG_LEVEL: 'info' });
    expect((await asked.exit).code, asked.err()).toBe(0);
    expect(asked.err().split('\n').some((l) => l.startsWith('{'))).toBe(true);
  }, 60_000);
});
