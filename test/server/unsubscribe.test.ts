// One-click unsubscribe (RFC 8058) and the unsubscribe page, over real HTTP.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeLink } from '../../src/subscribers/links.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { ENGINES, engineAvailable } from '../helpers/subscriber-stores.js';
import { postForm, startHarness, type Harness } from './support/harness.js';

afterAll(cleanupTmp);

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'unsubscribe'))(`unsubscribe on ${kind}`, () => {
  let h: Harness;
  let link: string;
  beforeEach(async () => {
    h = await startHarness({}, kind);
    await h.store.upsertMany([
      { email: 'reader@example.org', status: 'confirmed' },
      { email: 'other@example.org', status: 'confirmed' },
    ], { source: 'cli', reason: 'setup' });
    link = unsubscribeLink(h.url, h.tokens, 1);
  });
  afterEach(async () => { await h.close(); });

  it('unsubscribes at once on the one-click POST, and a repeat is a 200 with no second change', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await postForm(link, { 'List-Unsubscribe': 'One-Click' });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('reader@example.org will not receive The Test Gazette any more');
    }
    expect((await h.store.find(1))?.status).toBe('unsubscribed');
    const history = await h.store.history(1);
    expect(history.filter((c) => c.to === 'unsubscribed')).toEqual([
      { at: expect.any(String), from: 'confirmed', to: 'unsubscribed', source: 'web', reason: 'one-click unsubscribe (RFC 8058)' },
    ]);
    expect((await h.store.find(2))?.status).toBe('confirmed');
  });

  it('accepts the one-click POST as multipart/form-data and with no body at all', async () => {
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    expect((await fetch(link, { method: 'POST', body: form })).status).toBe(200);
    expect((await h.store.find(1))?.status).toBe('unsubscribed');
    expect((await fetch(unsubscribeLink(h.url, h.tokens, 2), { method: 'POST' })).status).toBe(200);
    expect((await h.store.find(2))?.status).toBe('unsubscribed');
  });

  it('shows a page with one button on GET, changes nothing until the button is pressed', async () => {
    const res = await fetch(link);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html.match(/<button /g)).toHaveLength(1);
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1]?.replaceAll('&#x3D;', '=');
    expect(action).toBe(new URL(link).pathname + new URL(link).search);
    expect(html).toContain('reader@example.org');
    // Link scanners fetch it repeatedly: still subscribed.
    await fetch(link);
    await fetch(link, { method: 'HEAD' });
    expect((await h.store.find(1))?.status).toBe('confirmed');

    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map((m) => [m[1]!, m[2]!]));
    const pressed = await postForm(h.url + action, fields);
    expect(pressed.status).toBe(200);
    expect((await h.store.history(1)).at(-1)).toMatchObject({ to: 'unsubscribed', source: 'web', reason: 'unsubscribe page' });
    // The page now says so, without a button.
    const after = await (await fetch(link)).text();
    expect(after).toContain('You are unsubscribed');
    expect(after).not.toContain('<button');
  });

  it('answers 400 to forged and altered tokens and changes nothing', async () => {
    const token = new URL(link).searchParams.get('token')!;
    const [payload, mac] = token.split('.') as [string, string];
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    const bad = [
      'garbage',
      `${payload}.${flipped}`,
      `${Buffer.from('unsubscribe.2').toString('base64url')}.${mac}`,
      `${payload}.`,
      `${payload}.${mac}.extra`,
      createTokenSigner('a-different-secret-0000000').sign('unsubscribe', '1'),
      h.tokens.sign('confirm', '1'),
      h.tokens.sign('unsubscribe', '999'),
    ];
    for (const t of bad) {
      const url = `${h.url}/unsubscribe?token=${encodeURIComponent(t)}`;
      const post = await postForm(url, { 'List-Unsubscribe': 'One-Click' });
      expect(post.status, t).toBe(400);
      expect(await post.text()).toContain('This link does not work');
      expect((await fetch(url)).status, t).toBe(400);
    }
    expect((await postForm(`${h.url}/unsubscribe`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(400);
    for (const id of [1, 2]) {
      expect((await h.store.find(id))?.status).toBe('confirmed');
      expect(await h.store.history(id)).toHaveLength(1);
    }
  });

  it('keeps a bounced or complained status rather than overwriting it', async () => {
    await h.store.setStatus(1, 'complained', { source: 'delivery', reason: 'feedback loop' });
    expect((await postForm(link, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    expect((await h.store.find(1))?.status).toBe('complained');
  });

  it('accepts a token signed for the address, as the signer allows', async () => {
    const byAddress = `${h.url}/unsubscribe?token=${h.tokens.sign('unsubscribe', 'other@example.org')}`;
    expect((await postForm(byAddress, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    expect((await h.store.find(2))?.status).toBe('unsubscribed');
  });
});
