// Under `gazette run`: the relay is down when the tick comes. Back within
// SMTP_OUTAGE_MS, the run waits for it with back-off and delivers everyone;
// down for longer, the run ends as failed with the reason (the scheduler then
// releases its lease and tries again later) and leaves no row claimed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { issueJobFor } from '../../src/cli/run.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { silentLogger } from '../../src/log.js';
import { isolatedEnv } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startFaultProxy, type FaultProxy } from '../deliver/helpers/fault-proxy.js';
import { tally } from '../deliver/helpers/figures.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';

afterAll(cleanupTmp);
const DATE = '2026-11-20';
const READERS = Array.from({ length: 40 }, (_, i) => `reader${i + 1}@example.org`);

describe('gazette run with the relay down at the tick', () => {
  let sink: Sink | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await sink?.close();
    sink = proxy = undefined;
  });

  async function appWith(outageMs: number) {
    const dir = tmpDir('gz-outage-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), '---\ntitle: The Harbour Line opens\noutlet: River Post\nurl: https://riverpost.example/tram\npublished: 2026-11-20T06:00:00Z\n---\nThe Harbour Line tram carried its first passengers on Friday. Fares match the buses.\n');
    sink = await startSink();
    proxy = await startFaultProxy(sink.port);
    await proxy.down();
    const app = createApp({ logger: silentLogger, env: isolatedEnv(dir, {
      MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: proxy.url,
      SMTP_RETRY_DELAY_MS: '20', SMTP_OUTAGE_MS: String(outageMs),
    }) });
    await app.subscribers().upsertMany(READERS.map((email) => ({ email, status: 'confirmed' as const })), { source: 'cli', reason: 'test' });
    return app;
  }

  it('back 1.5 s later: the run waits for it and delivers everyone once', async () => {
    const app = await appWith(10_000);
    try {
      const running = issueJobFor(app).runIssue(DATE, new AbortController().signal);
      await new Promise((r) => setTimeout(r, 1_500));
      await proxy!.up();
      const report = await running;
      expect(report).toMatchObject({ outcome: 'sent', recipients: READERS.length, sent: READERS.length });
      expect(tally(sink!.received, READERS)).toEqual({ duplicates: 0, losses: 0, strangers: 0, mixedIds: 0 });
    } finally {
      await app.close();
    }
  });

  it('down past SMTP_OUTAGE_MS: the run ends failed with the reason, and no row stays claimed', async () => {
    const app = await appWith(300);
    try {
      const report = await issueJobFor(app).runIssue(DATE, new AbortController().signal);
      expect(report.outcome).toBe('failed');
      expect(report.reason).toMatch(/paused: the SMTP server could not be reached for \d+ s/);
      expect(await openSendLedger(app.engine()).counts(DATE)).toMatchObject({ queued: READERS.length, sending: 0 });
    } finally {
      await app.close();
    }
  });
});
