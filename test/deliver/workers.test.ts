// Several senders sharing one PostgreSQL: three real `gazette send` processes
// (bin/gazette.js) deliver one issue to 20,000 confirmed recipients at a real
// SMTP server; one is SIGKILLed mid-way. The survivors take its rows over and
// finish: everyone gets the issue, every copy of one recipient carries one
// Message-ID, and the resends are at most the killed sender's messages in
// flight (its SMTP connections).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { silentLogger } from '../../src/log.js';
import { freshPgEngine, hasPostgres } from '../helpers/postgres.js';
import { insertSubscribers } from '../helpers/pg-subscribers.js';
import { isolatedEnv, spawnGazette } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { recordFigures, tally } from './helpers/figures.js';
import { startSink } from './helpers/smtp-sink.js';

afterAll(cleanupTmp);

const N = Number(process.env.GAZETTE_WORKERS_RECIPIENTS ?? 20_000);
const WORKERS = 3;
// Messages in flight per sender: the killed one may have this many accepted but unrecorded.
const CONNECTIONS = 4;
const DATE = '2026-11-20';

const gazette = spawnGazette;

describe.runIf(hasPostgres('deliver/workers'))('several senders on one PostgreSQL', () => {
  it(`three gazette send processes share ${N} recipients; one SIGKILLed mid-way; everyone gets exactly their copy`, async () => {
    const t0 = performance.now();
    const dir = tmpDir('gz-workers-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), '---\ntitle: The Harbour Line opens\noutlet: River Post\nurl: https://riverpost.example/tram\npublished: 2026-11-20T06:00:00Z\n---\nThe Harbour Line tram carried its first passengers on Friday. The line links the station with the ferry pier in eleven minutes.\n');
    const { engine, url, close } = await freshPgEngine();
    const sink = await startSink({ headersOnly: true });
    try {
      const emails = Array.from({ length: N }, (_, i) => `reader${i + 1}@example.org`);
      await insertSubscribers(engine.pool, emails.map((email) => ({ email, status: 'confirmed' as const })));
      const env = isolatedEnv(dir, {
        DATABASE_URL: url, MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', GAZETTE_SECRET: 'workers-test-secret-0123456789',
        SMTP_URL: sink.url, SMTP_MAX_CONNECTIONS: String(CONNECTIONS), GAZETTE_CLAIM_TTL_MS: '5000', LOG_LEVEL: 'error',
      });
      // The issue is built once and frozen (as the first sender would), so the three senders start on the same stored copy.
      const build = gazette(['build', '--date', DATE], env);
      expect((await build.exit).code, build.err()).toBe(0);
      const app = createApp({ env, logger: silentLogger });
      await app.issues().freeze(DATE, new Date());
      await app.close();

      const senders = Array.from({ length: WORKERS }, () => gazette(['send', '--date', DATE, '--json'], env));
      const victim = senders[0]!;
      let victimExited = false;
      void victim.exit.then(() => { victimExited = true; });
      while (!victimExited && sink.received.length < N / 3) await new Promise((r) => setTimeout(r, 10));
      expect(victimExited, `the first sender finished before it could be killed: ${victim.err()}`).toBe(false);
      victim.proc.kill('SIGKILL');
      expect((await victim.exit).signal).toBe('SIGKILL');

      const reports = [];
      for (const s of senders.slice(1)) {
        const { code } = await s.exit;
        expect(code, s.err()).toBe(0);
        reports.push(JSON.parse(s.out()));
      }
      for (const report of reports) expect(report).toMatchObject({ recipients: N, pending: 0, failed: [] });

      const t = tally(sink.received, emails);
      recordFigures({ test: `${WORKERS} senders on PostgreSQL, one SIGKILLed`, recipients: N, faults: { SIGKILL: 1 }, messages: sink.received.length, duplicates: t.duplicates, losses: t.losses, ms: Math.round(performance.now() - t0) });
      expect(t.losses).toBe(0);
      expect(t.strangers).toBe(0);
      expect(t.mixedIds).toBe(0);
      // Resends only of the killed sender's messages in flight.
      expect(t.duplicates).toBeLessThanOrEqual(CONNECTIONS);
      expect(await openSendLedger(engine).counts(DATE)).toMatchObject({ sent: N, sending: 0, queued: 0, temp_failed: 0 });
      // All three did part of the work (the survivors' reports say what each sent after the kill).
      expect(reports.every((r) => r.sent > 0)).toBe(true);
    } finally {
      await sink.close();
      await close();
    }
  }, 300_000);
});
