// `gazette send --at`: replaying a day in-process against a real SMTP server.
// Each call delivers what is due at that moment; the dry run and `status`
// say who is due and when the rest fall due.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { setPrefs } from '../deliver/helpers/prefs.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';
import { TRAM_ARTICLE as ARTICLE } from '../helpers/tram-article.js';

afterAll(cleanupTmp);


/** A workspace with the tram article, sending through `smtpUrl`, its cut-off 06:00 in Berlin. */
function berlinWorkspace(smtpUrl: string) {
  const dir = tmpDir('gz-send-at-');
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
  const env = isolatedEnv(dir, {
    MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: smtpUrl,
    GAZETTE_TZ: 'Europe/Berlin', GAZETTE_SCHEDULE: '0 6 * * *',
  });
  return { dir, env };
}

describe('gazette send --at', () => {
  let sink: Sink | undefined;
  afterEach(async () => { await sink?.close(); sink = undefined; });

  it('delivers each reader at their hour when the day is replayed, and plans the rest', async () => {
    sink = await startSink();
    const { dir, env } = berlinWorkspace(sink.url);
    for (const email of ['now@example.org', 'berlin@example.org', 'la@example.org']) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    const db = openSqlite(join(dir, 'data', 'gazette.db'));
    await setPrefs({ kind: 'sqlite', db, path: '' }, 'berlin@example.org', { send_hour: 9 });
    await setPrefs({ kind: 'sqlite', db, path: '' }, 'la@example.org', { timezone: 'America/Los_Angeles', send_hour: 7 });
    db.close();

    // 07:00Z: the cut-off (06:00 Berlin = 05:00Z) has passed; the edition is not built yet.
    const dry = await runCli(['send', '--dry-run', '--json', '--at', '2026-12-03T07:00:00Z'], env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ issue: '2026-12-03', dryRun: true, at: '2026-12-03T07:00:00.000Z', plan: [{
      edition: '2026-12-03', kind: 'daily', cutoff: '2026-12-03T05:00:00.000Z', due: 1, delivered: 0, notYetDue: 2, nextDueAt: '2026-12-03T08:00:00.000Z',
      dueVariants: [{ variant: '', subscribers: 1 }],
      later: [{ at: '2026-12-03T08:00:00.000Z', subscribers: 1 }, { at: '2026-12-03T15:00:00.000Z', subscribers: 1 }],
    }] });
    expect(sink.received).toHaveLength(0);

    const at = async (time: string) => {
      const r = await runCli(['send', '--json', '--at', time], env);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { opened: string | null; editions: { edition: string; sent: number; notYetDue: number }[] };
    };
    expect(await at('2026-12-03T07:00:00Z')).toMatchObject({ opened: '2026-12-03', editions: [{ edition: '2026-12-03', sent: 1, notYetDue: 2 }] });
    expect(sink.received.map((m) => m.to[0])).toEqual(['now@example.org']);
    expect(await at('2026-12-03T08:00:00Z')).toMatchObject({ opened: null, editions: [{ sent: 1, notYetDue: 1 }] });
    expect(await at('2026-12-03T08:30:00Z')).toMatchObject({ editions: [{ sent: 0, notYetDue: 1 }] });
    expect(await at('2026-12-03T16:00:00Z')).toMatchObject({ editions: [{ sent: 1, notYetDue: 0 }] });
    expect(sink.received.map((m) => m.to[0])).toEqual(['now@example.org', 'berlin@example.org', 'la@example.org']);

    const status = await runCli(['status', '--json'], env, { clock: manualClock('2026-12-03T16:30:00Z') });
    expect(JSON.parse(status.stdout).plan).toMatchObject([{ edition: '2026-12-03', due: 3, delivered: 3, notYetDue: 0 }]);
    const text = await runCli(['status'], env, { clock: manualClock('2026-12-03T16:30:00Z') });
    expect(text.stdout).toContain('2026-12-03 (daily, cut-off 2026-12-03T05:00:00.000Z): 3 readers due now, 3 delivered');

    const bad = await runCli(['send', '--at', 'tomorrow'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not an ISO time');
  });
  it('opens the weekly edition at the first cut-off of a week when that is replayed, so weekly readers get it', async () => {
    sink = await startSink();
    const { dir, env } = berlinWorkspace(sink.url);
    for (const email of ['daily@example.org', 'weekly@example.org']) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    const db = openSqlite(join(dir, 'data', 'gazette.db'));
    await setPrefs({ kind: 'sqlite', db, path: '' }, 'weekly@example.org', { frequency: 'weekly:mon' });
    db.close();
    // Thursday of 2026-W49: the daily goes out; Monday of W50, after its cut-off: the weekly of W49 is due to the Monday reader.
    expect((await runCli(['send', '--json', '--at', '2026-12-03T07:00:00Z'], env)).code).toBe(0);
    const monday = await runCli(['send', '--json', '--at', '2026-12-07T07:00:00Z'], env);
    expect(monday.code, monday.stderr).toBe(0);
    expect(sink.received.map((m) => m.to[0])).toEqual(['daily@example.org', 'weekly@example.org']);
    expect(JSON.parse(monday.stdout).editions).toEqual([expect.objectContaining({ edition: '2026-W49', sent: 1 })]);
  });

  it('names each failure with the relay\'s answer, as plain send does, and exits 1 while a temporary one remains', async () => {
    sink = await startSink({ answer: (rcpt) => rcpt === 'gone@example.org' ? { code: 550, message: 'No such user' } : rcpt === 'full@example.org' ? { code: 452, message: 'Mailbox full' } : null });
    const dir = tmpDir('gz-send-at-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
    const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: sink.url, SMTP_RETRY_DELAY_MS: '5', SMTP_RETRIES: '1' });
    for (const email of ['ann@example.org', 'gone@example.org', 'full@example.org']) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    const r = await runCli(['send', '--at', '2026-12-03T07:00:00Z'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 sent now');
    expect(r.stdout).toContain('1 failed');
    expect(r.stdout).toContain('failed: gone@example.org: 550 No such user');
    expect(r.stdout).toContain('will retry: full@example.org: 452 Mailbox full');
    expect(r.stderr).toMatch(/1 recipient failed temporarily/);
  });
});
