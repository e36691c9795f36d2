// Crash and resume at scale: a real `gazette send` (bin/gazette.js, a child
// process) is killed with SIGKILL at random moments of a multi-thousand
// recipient send and run again each time. Every recipient ends with their copy,
// resends stay within the messages in flight at each kill, and every copy of
// one recipient carries the same Message-ID. npm test: 1,000 recipients and 5
// kills; `npm run soak`: 5,000 and 20 (GAZETTE_SOAK_RECIPIENTS, GAZETTE_SOAK_KILLS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { SqliteRunStore } from '../../src/store/runs.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { isolatedEnv, spawnGazette } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { recordFigures, tally } from './helpers/figures.js';
import { startSink } from './helpers/smtp-sink.js';
import { seeded } from '../helpers/seeded.js';

afterAll(cleanupTmp);

const N = Number(process.env.GAZETTE_SOAK_RECIPIENTS ?? 1_000);
const KILLS = Number(process.env.GAZETTE_SOAK_KILLS ?? 5);
const CONNECTIONS = 4;
const DATE = '2026-11-20';
const SEED = Number(process.env.GAZETTE_SOAK_SEED ?? 20261203);

const send = (env: Record<string, string>) => spawnGazette(['send', '--date', DATE, '--json'], env);

describe('crash and resume at scale', () => {
  it(`SIGKILLed ${KILLS} times at random moments of a ${N}-recipient send, re-run each time: everyone gets exactly their copy`, async () => {
    const t0 = performance.now();
    const dir = tmpDir('gz-crash-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), '---\ntitle: The Harbour Line opens\noutlet: River Post\nurl: https://riverpost.example/tram\npublished: 2026-11-20T06:00:00Z\n---\nThe Harbour Line tram carried its first passengers on Friday. The line links the station with the ferry pier in eleven minutes.\n');
    const sink = await startSink({ delayMs: 1 });
    const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: sink.url, SMTP_MAX_CONNECTIONS: String(CONNECTIONS), LOG_LEVEL: 'error' });
    const emails = Array.from({ length: N }, (_, i) => `reader${i + 1}@example.org`);
    const db = openSqlite(join(dir, 'data', 'gazette.db'));
    await createSqliteSubscriberStore(db, systemClock).upsertMany(emails.map((email) => ({ email, status: 'confirmed' as const })), { source: 'cli', reason: 'test' });

    // Kill points: random counts of accepted messages, spread over the send.
    const random = seeded(SEED);
    const points = Array.from({ length: KILLS }, () => Math.floor(random() * N * 0.95)).sort((a, b) => a - b);
    let kills = 0;
    let windowSum = 0;
    try {
      for (const point of points) {
        const child = send(env);
        const before = sink.received.length;
        let exited = false;
        void child.exit.then(() => { exited = true; });
        while (!exited && sink.received.length < Math.max(point, before + 1)) await new Promise((r) => setTimeout(r, 2));
        if (exited) continue; // finished first (only at the very end of the list)
        child.proc.kill('SIGKILL');
        expect((await child.exit).signal).toBe('SIGKILL');
        kills++;
        windowSum += CONNECTIONS;
      }
      const last = send(env);
      const { code } = await last.exit;
      expect(code, last.err()).toBe(0);
      const report = JSON.parse(last.out());
      expect(report).toMatchObject({ recipients: N, pending: 0, failed: [] });

      const t = tally(sink.received, emails);
      recordFigures({ test: 'SIGKILL and resume (gazette send child)', recipients: N, faults: { SIGKILL: kills }, messages: sink.received.length, duplicates: t.duplicates, losses: t.losses, ms: Math.round(performance.now() - t0) });
      expect(kills).toBeGreaterThan(0);
      expect(t.losses).toBe(0);
      expect(t.strangers).toBe(0);
      expect(t.mixedIds).toBe(0);
      // Resends only within the window: the messages in flight at each kill.
      expect(t.duplicates).toBeLessThanOrEqual(windowSum);
      expect(await openSendLedger({ kind: 'sqlite', db, path: join(dir, 'data', 'gazette.db') }).counts(DATE)).toMatchObject({ sent: N, sending: 0, queued: 0, temp_failed: 0 });
      // The killed runs show as ended, none as running.
      expect((await new SqliteRunStore(db).recent(KILLS + 5)).filter((r) => r.outcome === 'running')).toEqual([]);
    } finally {
      db.close();
      await sink.close();
    }
  }, 600_000);
});
