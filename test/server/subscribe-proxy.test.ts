// Issue 14 item 6: behind a proxy the subscribe rate limit was shared by
// everyone, or, with --trust-proxy, anyone's X-Forwarded-For was believed.
// Now exactly the configured hops (or proxy addresses) are trusted, and each
// address gets a few confirmation mails a day whatever client asks.
import { afterEach, describe, expect, it } from 'vitest';
import { trustProxyValue } from '../../src/config/schema.js';
import { postForm, startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

const post = (email: string, forwardedFor?: string) => postForm(`${h!.url}/subscribe`, { email }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

describe('the subscribe rate limit behind a proxy', () => {
  it.each([[1], [['127.0.0.1']], [['loopback']], [['127.0.0.0/8', '10.0.0.1']]])('trusting %j: each client behind the proxy has its own limit', async (trustProxy) => {
    h = await startHarness({ subscribeRateLimit: { max: 3, timeWindowMs: 60_000 }, trustProxy });
    const a = [];
    for (let i = 0; i < 4; i++) a.push((await post(`a${i}@example.org`, '203.0.113.7')).status);
    expect(a).toEqual([200, 200, 200, 429]);
    // Another client through the same proxy is not blocked by the first.
    expect((await post('b@example.org', '198.51.100.9')).status).toBe(200);
  });

  it('with one trusted hop, a client cannot escape its limit by writing its own X-Forwarded-For', async () => {
    h = await startHarness({ subscribeRateLimit: { max: 3, timeWindowMs: 60_000 }, trustProxy: 1 });
    // The proxy appends the address it saw; what the client wrote comes before it.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(`s${i}@example.org`, `10.9.9.${i}, 203.0.113.7`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('trusting no proxy, X-Forwarded-For is ignored: rotating it does not buy more tries', async () => {
    h = await startHarness({ subscribeRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(`n${i}@example.org`, `10.9.9.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it.each([
    ['1', 1], ['2', 2], ['10.0.0.5', ['10.0.0.5']], ['10.0.0.5, 192.168.0.0/16', ['10.0.0.5', '192.168.0.0/16']], ['::1,fd00::/8', ['::1', 'fd00::/8']], ['loopback', ['loopback']],
    ['true', null], ['*', null], ['10.0.0.300', null], ['10.0.0.0/33', null], ['example.org', null], ['', null], ['-1', null], ['1.2.3.4/8/9', null],
  ])('TRUST_PROXY=%j reads as %j', (setting, expected) => {
    expect(trustProxyValue(setting)).toEqual(expected);
  });
});

describe('confirmation mails per address', () => {
  it('mails one address at most 3 times a day, whichever clients ask, then again the next day', async () => {
    h = await startHarness({ subscribeRateLimit: { max: 100, timeWindowMs: 60_000 }, trustProxy: 1, resendGapMs: 60_000 });
    for (let i = 0; i < 6; i++) {
      expect((await post(i % 2 ? 'target@example.org' : 'TARGET@example.org', `198.51.100.${i}`)).status).toBe(200);
      await h.settle();
      h.clock.advance(10 * 60_000);
    }
    const sent = () => h!.logs().split('\n').filter((l) => l.includes('confirmation mail sent')).length;
    expect(sent()).toBe(3);
    expect(h.logs()).toContain('had its share today');
    h.clock.advance(24 * 3600_000);
    await post('target@example.org', '198.51.100.99');
    await h.settle();
    expect(sent()).toBe(4);
    expect((await h.inbox.nth(4)).subject).toBeTruthy();
  });
});
