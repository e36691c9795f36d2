// PostgreSQL connections cut mid-send (a server restart, a failover, a proxy
// dropping idle links): an answer the SMTP server gave is never lost. The
// ledger's writes are retried on a fresh connection; should the run stop
// anyway, the next run resumes, and resends stay within the messages that
// were in flight, with the same Message-ID.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { deliverIssue } from '../../src/deliver/index.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import type { Transport } from '../../src/deliver/transport.js';
import { silentLogger } from '../../src/log.js';
import { hasPostgres } from '../helpers/postgres.js';
import { tally } from './helpers/figures.js';
import { engineFixture, renderedIssue, settings, tokens, type EngineFixture } from './helpers/fixture.js';
import { startSink, type Sink } from './helpers/smtp-sink.js';

const DATE = '2025-03-01';
const N = 300;
const CONNECTIONS = 4;

describe.runIf(hasPostgres('deliver/pg-connection-loss'))('delivery on PostgreSQL when connections are cut', () => {
  let fx: EngineFixture | undefined;
  let sink: Sink | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    await fx?.cleanup();
    fx = sink = transport = undefined;
  });

  it('records every answer and reaches everyone once, however often the connections are cut', async () => {
    fx = await engineFixture('postgres', N);
    sink = await startSink({ delayMs: 5, headersOnly: true });
    transport = createSmtpTransport({ url: sink.url, maxConnections: CONNECTIONS });
    const engine = fx.engine;
    if (engine.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const db = (await engine.pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    // Another client ends every other connection to the database, six times while the send runs.
    const admin = new pg.Client({ connectionString: (engine.pool.options as { connectionString: string }).connectionString, application_name: 'cutter' });
    await admin.connect();
    let cuts = 0;
    let rounds = 0;
    const cutter = setInterval(() => {
      if (sink!.received.length < 20 || rounds >= 6) return;
      rounds++;
      void admin.query('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db])
        .then((r) => { cuts += Number(r.rows[0].n); }, () => {});
    }, 300);
    const run = () => deliverIssue({ engine, subscribers: fx!.store, transport: transport!, tokens, clock: systemClock, logger: silentLogger }, renderedIssue(DATE),
      { ...settings, concurrency: CONNECTIONS, pollMs: 20, claimTtlMs: 1_000, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    let stopped = 0;
    try {
      // Runs until everyone has the issue; a run stopped by the database is simply run again, as an operator would.
      for (let i = 0; i < 20; i++) {
        const report = await run().catch(() => undefined);
        if (report?.pending === 0) break;
        stopped++;
        await new Promise((r) => setTimeout(r, 1_100));
      }
    } finally {
      clearInterval(cutter);
      await admin.end();
    }
    expect(cuts).toBeGreaterThan(0);
    const t = tally(sink.received, Array.from({ length: N }, (_, i) => `reader${i + 1}@example.org`));
    expect(t.losses).toBe(0);
    expect(t.mixedIds).toBe(0);
    // At most the messages in flight, for each run the cuts stopped.
    expect(t.duplicates).toBeLessThanOrEqual(CONNECTIONS * stopped);
    expect(await openSendLedger(engine).counts(DATE)).toMatchObject({ sent: N, sending: 0, queued: 0 });
  });
});
