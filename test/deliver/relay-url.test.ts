// SMTP_URL listing several relays: each one's pool, rate and hourly limits,
// errors that name the relay and the parameter with the fix, names that never
// carry a password; and each relay's rate limiter on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { createTransport, parseRelayList } from '../../src/deliver/transports/index.js';
import { RelayRate } from '../../src/deliver/transports/relay-rate.js';
import { GazetteError } from '../../src/errors.js';

const defaults = { pool: 5, rate: 0 };
const baseConfig = { outboxDir: 'outbox', smtpMaxConnections: 2, smtpRateLimit: 0, dkimDomain: undefined, dkimSelector: undefined, dkimPrivateKey: undefined, tz: 'UTC' };

function configError(fn: () => unknown): GazetteError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GazetteError);
    expect((err as GazetteError).code).toBe('CONFIG');
    return err as GazetteError;
  }
  throw new Error('expected a configuration error');
}

describe('parseRelayList', () => {
  it('reads several relays with their own parameters, the others taking the defaults', () => {
    const relays = parseRelayList('smtp://u:s3cret@a.example:587?pool=4&rate=20&hourly=50000, smtps://b.example?rate=2.5,smtp://[::1]:2525', defaults);
    expect(relays).toEqual([
      { name: 'a.example:587', url: 'smtp://u:s3cret@a.example:587', pool: 4, rate: 20, hourly: 50000, tuned: true },
      { name: 'b.example:465', url: 'smtps://b.example', pool: 5, rate: 2.5, hourly: 0, tuned: true },
      { name: '[::1]:2525', url: 'smtp://[::1]:2525', pool: 5, rate: 0, hourly: 0, tuned: false },
    ]);
  });

  it('names SMTP_URL, the relay and the parameter, with what it takes', () => {
    const bad = configError(() => parseRelayList('smtp://a.example, smtp://b.example?rate=fast', defaults));
    expect(bad.message).toContain('SMTP_URL relay 2 of 2');
    expect(bad.message).toContain('rate="fast"');
    expect(bad.message).toContain('messages per second');
    const unknown = configError(() => parseRelayList('smtp://a.example?pools=3', defaults));
    expect(unknown.message).toMatch(/^SMTP_URL has an unknown parameter "pools"; the parameters are pool= .*rate= .*hourly= /);
    expect(configError(() => parseRelayList('smtp://a.example?pool=0', defaults)).message).toContain('pool="0"');
    expect(configError(() => parseRelayList('smtp://a.example?pool=2.5', defaults)).message).toContain('whole number');
    expect(configError(() => parseRelayList('smtp://a.example,,smtp://b.example', defaults)).message).toContain('SMTP_URL relay 2 of 3 is empty');
    expect(configError(() => parseRelayList('smtp://a.example:25,smtp://x:y@a.example:25', defaults)).message).toContain('lists the relay a.example:25 twice');
  });

  it('never shows a password, in names or in errors', () => {
    const relays = parseRelayList('smtp://user:pa55word@a.example:587,smtp://other:hunter2@b.example:587', defaults);
    expect(relays.map((r) => r.name)).toEqual(['a.example:587', 'b.example:587']);
    const bad = configError(() => parseRelayList('smtp://user:pa55word@a.example:587, http://user:hunter2@b.example', defaults));
    expect(bad.message).toContain('SMTP_URL relay 2 of 2');
    expect(bad.message).not.toContain('hunter2');
    const transport = createTransport({ ...baseConfig, smtpUrl: 'smtp://user:pa55word@127.0.0.1:2525,smtp://user:hunter2@127.0.0.1:2526?pool=3' });
    expect(transport.name).toBe('smtp 127.0.0.1:2525, 127.0.0.1:2526');
    expect(transport.connections).toBe(5);
    void transport.close();
  });

  it('keeps a lone relay without parameters on the single transport, as before', () => {
    const single = createTransport({ ...baseConfig, smtpUrl: 'smtp://127.0.0.1:2525' });
    expect(single.name).toBe('smtp 127.0.0.1:2525');
    expect(single.connections).toBeUndefined();
    void single.close();
    const tuned = createTransport({ ...baseConfig, smtpUrl: 'smtp://127.0.0.1:2525?pool=3' });
    expect(tuned.connections).toBe(3);
    void tuned.close();
  });
});

describe('RelayRate', () => {
  /** Lets `count` messages ask at once and returns when each was let go, on a clock moved 1 ms at a time. */
  async function releases(rate: RelayRate, clock: { t: number }, count: number, until: number): Promise<number[]> {
    const at: number[] = [];
    for (let i = 0; i < count; i++) void rate.take().then(() => at.push(clock.t));
    while (clock.t < until && at.length < count) {
      clock.t++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return at;
  }

  it('spaces messages evenly at the rate per second', async () => {
    const clock = { t: 1_000 };
    const rate = new RelayRate(100, 0, () => clock.t);
    const at = await releases(rate, clock, 30, 2_000);
    expect(at).toHaveLength(30);
    // 100 a second: one every 10 ms, the first at once (seen on the next tick of the test's clock).
    expect(at[0]).toBeLessThanOrEqual(1_001);
    // Never ahead of the schedule (a late timer may make up a little, never more than the schedule).
    at.forEach((t, k) => expect(t).toBeGreaterThanOrEqual(1_000 + 10 * k));
    expect(at.at(-1)! - at[0]!).toBeLessThanOrEqual(29 * 10 + 29);
  }, 20_000);

  it('stops at the hourly allowance, and says when the relay is free again', async () => {
    const clock = { t: 0 };
    const rate = new RelayRate(0, 3, () => clock.t);
    const first = await releases(rate, clock, 3, 10);
    expect(first).toHaveLength(3);
    // The bucket is empty: the next message waits a third of an hour (one token's refill).
    expect(rate.nextFree()).toBeGreaterThanOrEqual(1_200_000 - 10);
    const more: number[] = [];
    void rate.take().then(() => more.push(clock.t));
    clock.t = 1_199_000;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(more).toEqual([]);
  });

  it('stops waiting for the hourly allowance when the run stops, and gives the place up to the message behind', async () => {
    const clock = { t: 0 };
    const rate = new RelayRate(0, 1, () => clock.t);
    expect(await rate.take()).toBe(true);
    // The allowance is spent: the next slot is an hour away, the one after two hours.
    const stop = new AbortController();
    const waiting = rate.take(stop.signal);
    void rate.take();
    expect(rate.nextFree()).toBe(3 * 3_600_000);
    stop.abort();
    expect(await waiting).toBe(false);
    // The stopped message left the line: one message waits now, so a new one would go in two hours, not three.
    expect(rate.nextFree()).toBe(2 * 3_600_000);
  });

  it('answers at once, without waiting, when the run has already stopped', async () => {
    const rate = new RelayRate(0, 1, () => 0);
    expect(await rate.take()).toBe(true);
    expect(await rate.take(AbortSignal.abort())).toBe(false);
  });
});
