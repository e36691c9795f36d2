// The subscribe form and double opt-in, over real HTTP with the confirmation
// mail read from a real SMTP server.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TIMEZONE_SCRIPT } from '../../src/server/pages.js';
import { unsubscribeLink } from '../../src/subscribers/links.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { ENGINES, engineAvailable } from '../helpers/subscriber-stores.js';
import { postForm, startHarness, type Harness } from './support/harness.js';
import { confirmLinkIn } from './support/smtp-inbox.js';

afterAll(cleanupTmp);

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'subscribe and confirm'))(`subscribe and confirm on ${kind}`, () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({}, kind); });
  afterEach(async () => { await h.close(); });

  it('serves an accessible form at / and /subscribe', async () => {
    for (const path of ['/', '/subscribe']) {
      const res = await fetch(h.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await res.text();
      expect(html).toMatch(/<html lang="en">/);
      expect(html).toContain('<label for="email">');
      expect(html).toMatch(/<input id="email" name="email" type="email"[^>]* required/);
      expect(html).toContain('<form method="post" action="/subscribe">');
      // The form works without script; the one script is the time zone picker, nothing else.
      expect(html.split('<script').length - 1).toBe(1);
      expect(html).toContain(`<script>${TIMEZONE_SCRIPT}</script>`);
    }
  });

  it('completes the double opt-in round trip through the emailed link', async () => {
    const res = await postForm(`${h.url}/subscribe`, { email: ' New.Reader@Example.ORG ' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your inbox');

    const mail = await h.inbox.nth(1);
    expect(mail.to).toMatchObject({ value: [{ address: 'New.Reader@example.org' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'news@example.com', name: 'The Test Gazette' }] });
    expect(mail.subject).toBe('Confirm your subscription to The Test Gazette');
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toMatch(/^<confirm\.1\.[0-9a-f]+@example\.com>$/);
    const link = confirmLinkIn(mail);
    expect(link.startsWith(`${h.url}/confirm?token=`)).toBe(true);
    expect(mail.html).toContain('Confirm my subscription');
    await h.settle();
    expect((await h.store.find('new.reader@example.org'))?.status).toBe('pending');

    const confirmed = await fetch(link);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('New.Reader@example.org is now subscribed');
    expect((await h.store.find('new.reader@example.org'))?.status).toBe('confirmed');
    expect((await h.store.history(1)).map((c) => [c.from, c.to, c.source])).toEqual([[null, 'pending', 'web'], ['pending', 'confirmed', 'web']]);

    // Following the link again is harmless.
    expect((await fetch(link)).status).toBe(200);
    expect(await h.store.history(1)).toHaveLength(2);
  });

  it('answers the same way for unknown, pending, confirmed and unsubscribed addresses, and mails only who may be', async () => {
    await h.store.upsertMany([
      { email: 'known@example.org', status: 'confirmed' },
      { email: 'left@example.org', status: 'confirmed' },
      { email: 'spam@example.org', status: 'confirmed' },
    ], { source: 'cli', reason: 'setup' });
    await h.store.setStatus('left@example.org', 'unsubscribed', { source: 'web', reason: 'one-click' });
    await h.store.setStatus('spam@example.org', 'complained', { source: 'delivery', reason: 'feedback loop' });
    h.clock.advance(1000);

    const answers: { status: number; headers: string; body: string }[] = [];
    for (const email of ['unknown@example.org', 'known@example.org', 'left@example.org', 'spam@example.org', 'unknown@example.org']) {
      const res = await postForm(`${h.url}/subscribe`, { email });
      const headers = [...res.headers.entries()]
        .filter(([k]) => !['date', 'content-length', 'x-ratelimit-remaining', 'x-ratelimit-reset'].includes(k))
        .map(([k, v]) => `${k}: ${v}`).sort().join('\n');
      answers.push({ status: res.status, headers, body: (await res.text()).replaceAll(email, 'ADDRESS') });
    }
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);

    await h.settle();
    // unknown@ once (the repeat falls inside the resend gap), left@ to come back; nobody else.
    expect(h.inbox.mails.map((m) => m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : '').sort()).toEqual(['left@example.org', 'unknown@example.org']);
    expect((await h.store.find('unknown@example.org'))?.status).toBe('pending');
    expect((await h.store.find('left@example.org'))?.status).toBe('unsubscribed');
    expect((await h.store.find('known@example.org'))?.status).toBe('confirmed');

    // The returning reader confirms: subscribed again, with the reason on record.
    const link = confirmLinkIn(h.inbox.mails.find((m) => m.text?.includes('left@example.org'))!);
    expect((await fetch(link)).status).toBe(200);
    expect((await h.store.find('left@example.org'))?.status).toBe('confirmed');
    expect((await h.store.history(2)).at(-1)).toMatchObject({ from: 'unsubscribed', to: 'confirmed', reason: expect.stringMatching(/re-subscribed/) });
  });

  it('mails a pending address again only after the resend gap', async () => {
    await postForm(`${h.url}/subscribe`, { email: 'slow@example.org' });
    await h.inbox.nth(1);
    h.clock.advance(60_000);
    await postForm(`${h.url}/subscribe`, { email: 'slow@example.org' });
    await h.settle();
    expect(h.inbox.mails).toHaveLength(1);
    h.clock.advance(5 * 60_000);
    await postForm(`${h.url}/subscribe`, { email: 'slow@example.org' });
    await h.inbox.nth(2);
    // Either link confirms.
    expect((await fetch(confirmLinkIn(h.inbox.mails[0]!))).status).toBe(200);
    expect((await h.store.find('slow@example.org'))?.status).toBe('confirmed');
  });

  it('mails a working link to a reader who unsubscribes and comes back within the resend gap, and only one', async () => {
    await postForm(`${h.url}/subscribe`, { email: 'back@example.org' });
    const first = confirmLinkIn(await h.inbox.nth(1));
    h.clock.advance(30_000);
    expect((await fetch(first)).status).toBe(200);
    h.clock.advance(30_000);
    expect((await postForm(unsubscribeLink(h.url, h.tokens, 1), { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    h.clock.advance(30_000);
    // "You can subscribe again", 90 seconds after the first mail: the first link is out of date now.
    expect(await (await fetch(first)).text()).toContain('unsubscribed after this link was sent');
    const again = await postForm(`${h.url}/subscribe`, { email: 'back@example.org' });
    expect(await again.text()).toContain('a confirmation mail is on its way');
    await h.settle(); // (the inbox keeps a mail before it answers 250, so it is there once the background work is done)
    expect(h.inbox.mails).toHaveLength(2);
    const second = confirmLinkIn(h.inbox.mails[1]!);
    expect(second).not.toBe(first);
    // A second press of the button is still inside the gap: no third mail, and the page says the first link is the one.
    const twice = await postForm(`${h.url}/subscribe`, { email: 'back@example.org' });
    expect(await twice.text()).toContain('Asked again within a few minutes? Then no second mail is sent');
    await h.settle();
    expect(h.inbox.mails).toHaveLength(2);
    expect((await fetch(second)).status).toBe(200);
    expect((await h.store.find('back@example.org'))?.status).toBe('confirmed');
  });

  it('refuses an invalid address with the reason, showing what was typed escaped', async () => {
    const res = await postForm(`${h.url}/subscribe`, { email: '<script>alert(1)</script>@example.org' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@example.org');
    expect(html.split('<script>').length - 1).toBe(1);
    expect(html).toContain(`<script>${TIMEZONE_SCRIPT}</script>`);

    const injected = await postForm(`${h.url}/subscribe`, { email: 'victim@example.org\r\nBcc: everyone@example.com' });
    expect(injected.status).toBe(400);
    expect(await injected.text()).toContain('line break');
    expect((await postForm(`${h.url}/subscribe`, {})).status).toBe(400);
    await h.settle();
    expect(h.inbox.mails).toHaveLength(0);
    expect(await h.store.list({ limit: 10 })).toHaveLength(0);
  });

  it('rejects forged, altered and wrong-purpose confirm tokens and changes nothing', async () => {
    await h.store.upsertMany([{ email: 'p@example.org', status: 'pending' }], { source: 'cli', reason: 'setup' });
    const genuine = h.tokens.sign('confirm', `1:${h.clock.now().getTime()}`);
    const [payload, mac] = genuine.split('.') as [string, string];
    const otherPayload = Buffer.from(`confirm.2:${h.clock.now().getTime()}`).toString('base64url');
    const flipped = mac.slice(0, -2) + (mac.at(-2) === 'A' ? 'B' : 'A') + mac.at(-1);
    const { createTokenSigner } = await import('../../src/subscribers/tokens.js');
    const bad = [
      'nonsense',
      '',
      `${payload}.${flipped}`,
      `${otherPayload}.${mac}`,
      createTokenSigner('another-secret-entirely-0000').sign('confirm', `1:${h.clock.now().getTime()}`),
      h.tokens.sign('unsubscribe', '1'),
    ];
    for (const token of bad) {
      const res = await fetch(`${h.url}/confirm?token=${encodeURIComponent(token)}`);
      expect(res.status, token).toBe(400);
      expect(await res.text()).toContain('This link does not work');
    }
    expect((await fetch(`${h.url}/confirm`)).status).toBe(400);
    expect((await h.store.find(1))?.status).toBe('pending');
    expect(await h.store.history(1)).toHaveLength(1);
    // The genuine one works.
    expect((await fetch(`${h.url}/confirm?token=${genuine}`)).status).toBe(200);
  });

  it('lets a confirm link expire, and never lets an old one undo an unsubscribe', async () => {
    await postForm(`${h.url}/subscribe`, { email: 'late@example.org' });
    const link = confirmLinkIn(await h.inbox.nth(1));
    h.clock.advance(8 * 24 * 3600_000);
    const expired = await fetch(link);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('expired');
    expect((await h.store.find('late@example.org'))?.status).toBe('pending');

    h.clock.advance(10 * 60_000);
    await postForm(`${h.url}/subscribe`, { email: 'late@example.org' });
    const fresh = confirmLinkIn(await h.inbox.nth(2));
    expect((await fetch(fresh)).status).toBe(200);
    h.clock.advance(60_000);
    await h.store.setStatus('late@example.org', 'unsubscribed', { source: 'web', reason: 'one-click' });
    const replay = await fetch(fresh);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('unsubscribed after this link was sent');
    expect((await h.store.find('late@example.org'))?.status).toBe('unsubscribed');
  });
});

describe('the subscribe rate limit', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({ subscribeRateLimit: { max: 3, timeWindowMs: 60_000 } }); });
  afterEach(async () => { await h.close(); });

  it('answers 429 with a page once a client has used its tries, and stores nothing more', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postForm(`${h.url}/subscribe`, { email: `r${i}@example.org` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await postForm(`${h.url}/subscribe`, { email: 'r9@example.org' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await limited.text()).toContain('Too many requests');
    await h.settle();
    expect((await h.store.list({ limit: 10 })).map((s) => s.email)).toEqual(['r0@example.org', 'r1@example.org', 'r2@example.org']);
    // The form page itself is not limited.
    expect((await fetch(`${h.url}/subscribe`)).status).toBe(200);
  });
});
