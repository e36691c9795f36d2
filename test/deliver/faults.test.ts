// Fault injection around delivery, all on 127.0.0.1: a relay that refuses
// connections, answers 421/451 at random, drops mid-DATA, stalls past the
// timeout, refuses some recipients with 550, goes away and comes back; and the
// database made read-only or full mid-run. For each: the server holds exactly
// one copy for every deliverable recipient and the ledger a recorded failure
// for the rest; no row is left 'sending'. Sizes fit CI; `npm run soak` scales them.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { DeliveryStopped, deliverIssue, type DeliverOptions, type DeliveryReport } from '../../src/deliver/index.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import type { Transport } from '../../src/deliver/transport.js';
import { isGazetteError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { fixture, renderedIssue, settings, tokens, type Fixture } from './helpers/fixture.js';
import { startFaultProxy, type Fault, type FaultProxy } from './helpers/fault-proxy.js';
import { recordFigures, tally } from './helpers/figures.js';
import { startSink, type Sink, type SinkOptions } from './helpers/smtp-sink.js';
import { seeded } from '../helpers/seeded.js';

const N = Number(process.env.GAZETTE_FAULT_RECIPIENTS ?? 120);
const DATE = '2025-03-01';
const CONNECTIONS = 4;

const everyone = (n: number) => Array.from({ length: n }, (_, i) => `reader${i + 1}@example.org`);

describe('delivery under injected faults', () => {
  let fx: Fixture | undefined;
  let sink: Sink | undefined;
  let proxy: FaultProxy | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await proxy?.close();
    await sink?.close();
    fx?.cleanup();
    fx = sink = proxy = transport = undefined;
  });

  async function setup(sinkOptions: SinkOptions = {}, faultFor?: (n: number) => Fault) {
    fx = await fixture(N);
    sink = await startSink(sinkOptions);
    proxy = await startFaultProxy(sink.port, faultFor);
    transport = smtp(proxy.url);
  }
  function smtp(url: string) {
    return createSmtpTransport({ url, maxConnections: CONNECTIONS, timeouts: { connection: 1_000, greeting: 1_000, socket: 400 } });
  }
  function run(extra: Partial<DeliverOptions> = {}): Promise<DeliveryReport> {
    return deliverIssue({ engine: fx!.engine, subscribers: fx!.store, transport: transport!, tokens, clock: systemClock, logger: silentLogger }, renderedIssue(DATE),
      { ...settings, concurrency: CONNECTIONS, pollMs: 20, retry: { attempts: 6, baseDelayMs: 5, maxDelayMs: 40 }, outageMs: 3_000, ...extra });
  }
  function ledger() {
    return openSendLedger(fx!.engine).counts(DATE);
  }
  /** Asserts exactly once for `deliverable` and records the figures. */
  async function expectExactlyOnce(test: string, deliverable: string[], t0: number, faults: Record<string, number>) {
    const t = tally(sink!.received, deliverable);
    recordFigures({ test, recipients: N, faults, messages: sink!.received.length, duplicates: t.duplicates, losses: t.losses, ms: Math.round(performance.now() - t0) });
    expect(t).toEqual({ duplicates: 0, losses: 0, strangers: 0, mixedIds: 0 });
    expect(await ledger()).toMatchObject({ sending: 0, queued: 0, temp_failed: 0 });
  }

  it('a relay that refuses connections pauses the send with the reason, leaves every row queued, and the next run delivers', async () => {
    const t0 = performance.now();
    fx = await fixture(N);
    sink = await startSink();
    proxy = await startFaultProxy(sink.port);
    await proxy.down();
    transport = smtp(proxy.url);
    const err = await run({ outageMs: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryStopped);
    expect((err as Error).message).toMatch(/could not be reached for \d+ s \(latest: .*ECONNREFUSED/);
    expect((err as DeliveryStopped).report.pending).toBe(N);
    expect(await ledger()).toMatchObject({ queued: N, sending: 0, sent: 0, failed: 0 });
    // Nobody was blamed for the relay's outage.
    expect((await fx.store.list({ limit: N + 5 })).filter((s) => s.status === 'bounced')).toEqual([]);

    await transport.close();
    await proxy.up();
    transport = smtp(proxy.url);
    const report = await run();
    expect(report).toMatchObject({ sent: N, pending: 0, failed: [] });
    await expectExactlyOnce('refused connections, then up', everyone(N), t0, { refusedConnections: 1 });
  });

  it('random 421 and 451 answers are retried until each recipient has exactly one copy', async () => {
    const t0 = performance.now();
    const random = seeded(14);
    let faults = 0;
    await setup({
      answer: () => {
        const r = random();
        if (r < 0.15) { faults++; return { code: 451, message: '4.7.1 Greylisted, try again later' }; }
        if (r < 0.2) { faults++; return { code: 421, message: '4.3.2 Service shutting down' }; }
        return null;
      },
    });
    const report = await run();
    expect(report).toMatchObject({ sent: N, pending: 0, failed: [] });
    expect(faults).toBeGreaterThan(0);
    await expectExactlyOnce('random 421/451', everyone(N), t0, { '421/451': faults });
  });

  it('connections cut mid-DATA are retried without a lost or doubled message', async () => {
    const t0 = performance.now();
    const random = seeded(8);
    await setup({}, () => (random() < 0.1 ? 'drop-mid-data' : 'none'));
    const report = await run();
    expect(report).toMatchObject({ sent: N, pending: 0, failed: [] });
    expect(proxy!.injected['drop-mid-data'] ?? 0).toBeGreaterThan(0);
    await expectExactlyOnce('drops mid-DATA', everyone(N), t0, { ...proxy!.injected });
  });

  it('connections that stall past the socket timeout are given up and their messages sent on others', async () => {
    const t0 = performance.now();
    const random = seeded(3);
    await setup({}, () => (random() < 0.03 ? 'stall-in-data' : 'none'));
    const report = await run();
    expect(report).toMatchObject({ sent: N, pending: 0, failed: [] });
    expect(proxy!.injected['stall-in-data'] ?? 0).toBeGreaterThan(0);
    await expectExactlyOnce('stalls past the timeout', everyone(N), t0, { ...proxy!.injected });
  });

  it('recipients refused with 550 5.1.1 are recorded as failed and bounced; everyone else gets one copy', async () => {
    const t0 = performance.now();
    const dead = new Set(everyone(N).filter((_, i) => i % 17 === 5));
    await setup({ answer: (rcpt) => (dead.has(rcpt) ? { code: 550, message: '5.1.1 No such user' } : null) });
    const report = await run();
    expect(report.sent).toBe(N - dead.size);
    expect(report.failed.map((f) => f.email).sort()).toEqual([...dead].sort());
    expect(report.failed.every((f) => f.permanent && f.code === 550)).toBe(true);
    for (const email of dead) expect((await fx!.store.find(email))!.status).toBe('bounced');
    await expectExactlyOnce('550 for some recipients', everyone(N).filter((e) => !dead.has(e)), t0, { '550': dead.size });
    expect((await ledger()).failed).toBe(dead.size);
  });

  it('a relay that goes away mid-send and comes back 2 s later: the send waits with back-off and finishes', async () => {
    const t0 = performance.now();
    await setup({ delayMs: 2 });
    const sending = run();
    while (sink!.received.length < N / 3) await new Promise((r) => setTimeout(r, 5));
    await proxy!.down();
    await new Promise((r) => setTimeout(r, 2_000));
    await proxy!.up();
    const report = await sending;
    expect(report).toMatchObject({ sent: N, pending: 0, failed: [] });
    await expectExactlyOnce('relay away for 2 s', everyone(N), t0, { outages: 1 });
  });

  for (const fault of ['read-only', 'full'] as const) {
    it(`a database made ${fault} mid-run stops the send with a named DATABASE error; after the fix a re-run completes within the in-flight window`, async () => {
      const t0 = performance.now();
      await setup({ delayMs: 1 });
      const sending = run();
      while (sink!.received.length < N / 3) await new Promise((r) => setTimeout(r, 2));
      if (fault === 'read-only') fx!.db.pragma('query_only = ON');
      else fx!.db.pragma(`max_page_count = ${fx!.db.pragma('page_count', { simple: true })}`);
      const err = await sending.catch((e: unknown) => e);
      expect(isGazetteError(err, 'DATABASE'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(fault === 'full' ? /SQLITE_FULL.*full/ : /SQLITE_READONLY/);
      const before = sink!.received.length;
      expect(before).toBeLessThan(N);

      if (fault === 'read-only') fx!.db.pragma('query_only = OFF');
      else fx!.db.pragma('max_page_count = 1073741823');
      // The rows this run still held wait out their claims (its process lives on here): expire them as a dead sender's would.
      fx!.db.prepare(`UPDATE deliveries SET claim_expires_at = 0 WHERE state = 'sending'`).run();
      const report = await run();
      expect(report.pending).toBe(0);
      const t = tally(sink!.received, everyone(N));
      recordFigures({ test: `database ${fault} mid-run`, recipients: N, faults: { [fault]: 1 }, messages: sink!.received.length, duplicates: t.duplicates, losses: t.losses, ms: Math.round(performance.now() - t0) });
      expect(t.losses).toBe(0);
      expect(t.strangers).toBe(0);
      expect(t.mixedIds).toBe(0);
      // Accepted but unrecorded when the database refused: at most one per connection.
      expect(t.duplicates).toBeLessThanOrEqual(CONNECTIONS);
      expect(await ledger()).toMatchObject({ sending: 0, queued: 0, temp_failed: 0, sent: N });
    });
  }
});
