// Several relays in SMTP_URL, against real smtp-server sinks on 127.0.0.1:
// one relay shut down midway (every recipient still gets exactly one copy, the
// report and the ledger count both relays), a relay refusing the login (the
// other carries everything), every relay down (the send pauses as with one),
// and each relay held to its own rate, measured on the servers' clocks.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { DeliveryStopped, deliverIssue, type DeliverOptions, type DeliveryReport } from '../../src/deliver/index.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createRelaysTransport, parseRelayList, type RelaySpec } from '../../src/deliver/transports/index.js';
import type { Transport } from '../../src/deliver/transport.js';
import { silentLogger } from '../../src/log.js';
import { describeEngines } from './helpers/engines.js';
import { engineFixture, renderedIssue, settings, tokens, type EngineFixture } from './helpers/fixture.js';
import { tally } from './helpers/figures.js';
import { startSink, type Received, type Sink, type SinkOptions } from './helpers/smtp-sink.js';

const DATE = '2025-03-01';
const everyone = (n: number) => Array.from({ length: n }, (_, i) => `reader${i + 1}@example.org`);
const TIMEOUTS = { connection: 1_000, greeting: 1_000, socket: 2_000 };

function relaysOf(url: string): RelaySpec[] {
  return parseRelayList(url, { pool: 5, rate: 0 });
}

function harness(kind: 'sqlite' | 'postgres') {
  const state: { fx?: EngineFixture; sinks: Sink[]; transport?: Transport; downs: { relay: string; why: string; until: number | null }[] } = { sinks: [], downs: [] };
  afterEach(async () => {
    await state.transport?.close();
    await Promise.all(state.sinks.map((s) => s.close()));
    await state.fx?.cleanup();
    state.fx = state.transport = undefined;
    state.sinks = [];
    state.downs = [];
  });
  return {
    state,
    async setup(recipients: number, sinks: SinkOptions[]) {
      state.fx = await engineFixture(kind, recipients);
      state.sinks = await Promise.all(sinks.map((o) => startSink(o)));
      return state.sinks;
    },
    run(url: string, extra: Partial<DeliverOptions> = {}): Promise<DeliveryReport> {
      const transport = createRelaysTransport({
        relays: relaysOf(url), timeouts: TIMEOUTS, coolOffMs: 60_000,
        onRelayDown: (relay, why, until) => state.downs.push({ relay, why, until }),
      });
      state.transport = transport;
      const fx = state.fx!;
      return deliverIssue({ engine: fx.engine, subscribers: fx.store, transport, tokens, clock: systemClock, logger: silentLogger }, renderedIssue(DATE),
        { ...settings, concurrency: transport.connections, pollMs: 20, retry: { attempts: 6, baseDelayMs: 5, maxDelayMs: 40 }, outageMs: 2_000, ...extra });
    },
  };
}

const name = (s: Sink) => `127.0.0.1:${s.port}`;

describeEngines('several relays', (kind) => {
  const h = harness(kind);

  it('sends every recipient exactly one copy when one relay shuts down midway, and counts both relays', async () => {
    const n = 400;
    const [a, b] = await h.setup(n, [{ closeTimeoutMs: 1 }, {}]);
    let closing: Promise<void> | undefined;
    const report = await h.run(`${a!.url}?pool=3, ${b!.url}?pool=3`, {
      // Midway by the relay's own count: it has taken a good share, and most of the list is still to go.
      onProgress: () => { if (!closing && a!.received.length >= 60) closing = a!.close(); },
    });
    await closing;
    expect(closing).toBeDefined();
    const received: Received[] = [...a!.received, ...b!.received];
    // The shutdown may cut a session after the relay took a message and before
    // its answer arrived: that copy is sent again through the other relay, with
    // the same Message-ID (docs/RELIABILITY.md section 1, "a duplicate is
    // possible in that window"). At most one such message per connection the
    // closed relay had open (pool=3); everyone else gets exactly one copy.
    const { duplicates, ...rest } = tally(received, everyone(n));
    expect(rest).toEqual({ losses: 0, strangers: 0, mixedIds: 0 });
    expect(duplicates).toBeLessThanOrEqual(3);
    expect(report.sent).toBe(n);
    expect(report.pending).toBe(0);
    const counts = report.relays;
    expect(Object.keys(counts).sort()).toEqual([name(a!), name(b!)].sort());
    // A cut-off copy is the closed relay's but recorded as the other's.
    expect(a!.received.length - counts[name(a!)]!.sent).toBe(duplicates);
    expect(counts[name(b!)]!.sent).toBe(b!.received.length);
    expect(counts[name(a!)]!.sent + counts[name(b!)]!.sent).toBe(n);
    expect(b!.received.length).toBeGreaterThan(n / 2);
    if (process.env.SHOW) console.log(JSON.stringify(report.relays));
    // The ledger names the relay of each delivered row.
    expect(await openSendLedger(h.state.fx!.engine).relayCounts(DATE)).toEqual({
      [name(a!)]: { sent: a!.received.length - duplicates, failed: 0 },
      [name(b!)]: { sent: b!.received.length, failed: 0 },
    });
  });

  it('moves everything to the other relay when one refuses the login, and says which relay took what', async () => {
    const n = 40;
    const [a, b] = await h.setup(n, [{ auth: { user: 'gazette', pass: 'right' } }, {}]);
    const wrong = `smtp://gazette:wrong@127.0.0.1:${a!.port}`;
    const report = await h.run(`${wrong}?pool=2,${b!.url}?pool=2`);
    expect(a!.received).toHaveLength(0);
    expect(tally(b!.received, everyone(n))).toEqual({ duplicates: 0, losses: 0, strangers: 0, mixedIds: 0 });
    expect(report.relays).toEqual({ [name(b!)]: { sent: n, failed: 0 } });
    expect(JSON.stringify(report)).not.toContain('wrong');
    // Told once, for the rest of the run, with the relay's name and the server's answer.
    expect(h.state.downs).toEqual([{ relay: name(a!), why: expect.stringContaining('EAUTH'), until: null }]);
    expect(h.state.downs[0]!.why).not.toContain('wrong');
  });

  it('sets aside a relay that answers 4xx again and again, and sends its messages through the other once', async () => {
    const n = 60;
    const [a, b] = await h.setup(n, [{ answer: () => ({ code: 451, message: '4.3.0 Try again later' }) }, {}]);
    const report = await h.run(`${a!.url}?pool=2,${b!.url}?pool=2`);
    expect(a!.received).toHaveLength(0);
    // Three 451s in a row, then no more: the relay rests for the rest of this run (cool-off 60 s here).
    expect([...a!.attempts.values()].reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(3 + 2);
    expect(tally(b!.received, everyone(n))).toEqual({ duplicates: 0, losses: 0, strangers: 0, mixedIds: 0 });
    expect(report.sent).toBe(n);
    expect(report.relays).toEqual({ [name(b!)]: { sent: n, failed: 0 } });
  });

  it('pauses the send as with one relay when every relay is down, and the next run finishes it', async () => {
    const n = 20;
    const [a, b] = await h.setup(n, [{}, {}]);
    await a!.close();
    await b!.close();
    const err = await h.run(`${a!.url}?pool=2,${b!.url}?pool=2`, { outageMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryStopped);
    expect((err as DeliveryStopped).message).toContain('every relay is down');
    expect((err as DeliveryStopped).report.pending).toBe(n);
    await h.state.transport!.close();
    // A relay up again (a new one here): the next run sends everyone once.
    const [c] = await Promise.all([startSink()]);
    h.state.sinks.push(c!);
    const report = await h.run(`${c!.url}?pool=2`);
    expect(report.sent).toBe(n);
    expect(tally(c!.received, everyone(n))).toEqual({ duplicates: 0, losses: 0, strangers: 0, mixedIds: 0 });
  });
});

describe('several relays: each at its own rate', () => {
  const h = harness('sqlite');

  it('holds each relay to its rate= within 5 %, measured on the servers\' clocks', async () => {
    // Low limits, so that a loaded two-core machine is never what slows the send.
    const rates = [40, 20];
    const n = 300; // about 5 s at 60 a second
    const sinks = await h.setup(n, [{ headersOnly: true }, { headersOnly: true }]);
    const report = await h.run(sinks.map((s, i) => `${s.url}?pool=8&rate=${rates[i]}`).join(','));
    expect(report.sent).toBe(n);
    sinks.forEach((sink, i) => {
      const at = sink.received.map((r) => r.at).sort((x, y) => x - y);
      // The first second is the start-up (connections opening); measure the three seconds after it.
      const from = at[0]! + 1_000;
      const to = from + 3_000;
      expect(at.at(-1)!).toBeGreaterThan(to);
      const inWindow = at.filter((t) => t >= from && t < to).length;
      const perSecond = inWindow / 3;
      if (process.env.SHOW) console.log(rates[i], perSecond);
      expect(Math.abs(perSecond - rates[i]!) / rates[i]!).toBeLessThanOrEqual(0.05);
      expect(report.relays[name(sink)]!.sent).toBe(sink.received.length);
    });
  }, 20_000);
});
