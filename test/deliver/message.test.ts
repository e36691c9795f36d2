import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { listIdFor, messageIdFor, parseSender, recipientAddress, unsubscribeLinker } from '../../src/deliver/headers.js';
import { preferencesLink, unsubscribeLink } from '../../src/subscribers/links.js';
import { prepareMessage, type Personal } from '../../src/deliver/message.js';
import { PERSONAL_MARKERS as M } from '../../src/render/personal.js';
import { personalize } from '../../src/render/personalize.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';

// A marker inside a long run without spaces (where QP must wrap), markers at the
// very start and end, several occurrences, non-ASCII text and a line far longer
// than SMTP's 998-octet limit.
const longRun = 'x'.repeat(70);
const rendered: RenderedIssue = {
  issue: { date: '2025-03-01', subject: 'Café, tram & “news” — 1 March', preheader: 'p', stories: [], articleCount: 0, htmlBytes: 0 },
  subject: 'Café, tram & “news” — 1 March',
  preheader: 'The tram opens',
  html: `<!doctype html><html><body><p>${'Ünïcode café ☕ '.repeat(120)}</p><a href="${M.unsubscribeUrl}">Unsubscribe</a><span>${longRun}${M.email}${longRun}</span><a href="${M.unsubscribeUrl}">again</a></body></html>`,
  text: `${M.email}\nThe tram opens.   \nTrailing blanks above.\nUnsubscribe: ${M.unsubscribeUrl}\nPreferences: ${M.preferencesUrl}\n${'naïve '.repeat(40)}\nSent to ${M.email}`,
};

const sender = parseSender('Gazette Dépêche <news@example.com>');
const tokens = createTokenSigner('a-test-secret-of-enough-length');

function personal(id: number, email: string): Personal {
  const links = unsubscribeLinker(tokens, 'https://news.example.com/', sender)(id);
  return { to: email, messageId: messageIdFor('2025-03-01', id, sender), unsubscribeUrl: links.url, unsubscribeMailto: links.mailto, preferencesUrl: links.preferences };
}

async function prepared() {
  return prepareMessage(rendered, { sender, listId: listIdFor('Gazette Dépêche', sender), date: new Date('2025-03-01T07:00:00Z') });
}

describe('prepared message', () => {
  it('parses back with the headers of the contract and both parts intact', async () => {
    const p = personal(42, 'reader@example.org');
    const raw = (await prepared()).personalise(p);
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(p.messageId);
    expect((mail.to as AddressObject).value).toEqual([{ address: 'reader@example.org', name: '' }]);
    expect((mail.from as AddressObject).value).toEqual([{ address: 'news@example.com', name: 'Gazette Dépêche' }]);
    expect(mail.subject).toBe('Café, tram & “news” — 1 March');
    expect(mail.date?.toISOString()).toBe('2025-03-01T07:00:00.000Z');
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const list = mail.headers.get('list') as unknown as Record<string, { url?: string; mail?: string; id?: string; name?: string }>;
    expect(list.unsubscribe).toMatchObject({ url: p.unsubscribeUrl, mail: expect.stringContaining('unsubscribe@example.com') });
    // mailparser leaves the RFC 2047 word of List-Id's phrase as it is.
    expect(list.id).toMatchObject({ id: 'gazette-depeche.example.com', name: '=?UTF-8?Q?Gazette_D=C3=A9p=C3=AAche?=' });
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const fields = { unsubscribeUrl: p.unsubscribeUrl, preferencesUrl: p.preferencesUrl, email: 'reader@example.org' };
    expect(mail.text).toBe(personalize(rendered.text, fields, { html: false }));
    expect(mail.html).toBe(personalize(rendered.html, fields, { html: true }));
    // The personal unsubscribe link, token and all, survives in both parts.
    expect(p.unsubscribeUrl).toMatch(/^https:\/\/news\.example\.com\/unsubscribe\?token=[\w.%-]+$/);
    expect(mail.text).toContain(`Unsubscribe: ${p.unsubscribeUrl}\n`);
    expect(mail.html).toContain(`<a href="${p.unsubscribeUrl}">Unsubscribe</a>`);
    expect(mail.html).toContain(`${longRun}reader@example.org${longRun}`);
    const token = decodeURIComponent(p.unsubscribeUrl.split('token=')[1]!);
    expect(tokens.verify('unsubscribe', token)).toBe('42');
    // And the preferences link, under its own purpose (never usable to unsubscribe).
    expect(mail.text).toContain(`Preferences: ${p.preferencesUrl}\n`);
    const prefsToken = decodeURIComponent(p.preferencesUrl.split('token=')[1]!);
    expect(p.preferencesUrl).toBe(preferencesLink('https://news.example.com/', tokens, 42));
    expect(tokens.verify('preferences', prefsToken)).toBe('42');
    expect(tokens.verify('unsubscribe', prefsToken)).toBeNull();
  });

  it('keeps body lines within 76 octets, header lines within 998, and the message 7-bit', async () => {
    const raw = (await prepared()).personalise(personal(7, 'a.very.long.local.part.for.testing.line.lengths@subdomain.example.org'));
    const [head, ...body] = raw.toString('latin1').split('\r\n\r\n');
    // The unsubscribe URLs cannot be folded inside their angle brackets, so
    // List-Unsubscribe may pass 78 (a SHOULD) but never 998 (a MUST).
    for (const line of head!.split('\r\n')) expect(line.length).toBeLessThanOrEqual(line.startsWith('List-Unsubscribe:') || line.startsWith(' <mailto:') ? 998 : 78);
    for (const line of body.join('\r\n\r\n').split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(raw.every((b) => b < 0x80)).toBe(true);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
  });

  it('keeps lines within 76 octets whatever the lengths of the values and of the text around them', async () => {
    for (let n = 60; n <= 80; n++) {
      const issue = { ...rendered, text: `${'t'.repeat(n)}${M.email}${'u'.repeat(n)}\n${M.unsubscribeUrl}`, html: `<p>${'h'.repeat(n)}${M.email}</p>` };
      const message = await prepareMessage(issue, { sender, listId: listIdFor('Gazette', sender), date: new Date() });
      const raw = message.personalise(personal(1, `${'a'.repeat(n - 20)}@example.org`));
      const body = raw.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
      for (const line of body.split('\r\n')) expect(line.length, `n=${n}: ${line}`).toBeLessThanOrEqual(76);
      expect((await simpleParser(raw)).text).toBe(personalize(issue.text, { email: `${'a'.repeat(n - 20)}@example.org`, unsubscribeUrl: personal(1, 'x@y.org').unsubscribeUrl, preferencesUrl: personal(1, 'x@y.org').preferencesUrl }, { html: false }));
    }
  });

  it('changes only the personal values from one recipient to the next', async () => {
    const message = await prepared();
    const a = message.personalise(personal(1, 'ann@example.org'));
    const b = message.personalise(personal(2, 'bob@example.org'));
    const [ma, mb] = await Promise.all([simpleParser(a), simpleParser(b)]);
    expect(ma.messageId).not.toBe(mb.messageId);
    expect(ma.text).toContain('Sent to ann@example.org');
    expect(mb.text).toContain('Sent to bob@example.org');
    expect(ma.text!.replace(/ann@example\.org/g, '').replace(/token=\S+/g, '')).toBe(mb.text!.replace(/bob@example\.org/g, '').replace(/token=\S+/g, ''));
  });

  it('writes into a reused buffer when it is large enough, with the same bytes', async () => {
    const message = await prepared();
    const fresh = message.personalise(personal(9, 'ann@example.org'));
    const scratch = Buffer.alloc(fresh.length + 100);
    const reused = message.personalise(personal(9, 'ann@example.org'), scratch);
    expect(reused.buffer).toBe(scratch.buffer);
    expect(reused.equals(fresh)).toBe(true);
    const small = message.personalise(personal(9, 'ann@example.org'), Buffer.alloc(10));
    expect(small.equals(fresh)).toBe(true);
  });

  it('escapes the values it puts into the HTML part', async () => {
    const message = await prepared();
    const raw = message.personalise({ ...personal(3, 'o+ne@example.org'), unsubscribeUrl: 'https://news.example.com/unsubscribe?a=1&token="x"' });
    const mail = await simpleParser(raw);
    expect(mail.html).toContain('href="https://news.example.com/unsubscribe?a=1&amp;token=&quot;x&quot;"');
    expect(mail.text).toContain('Unsubscribe: https://news.example.com/unsubscribe?a=1&token="x"');
  });
});

describe('header values', () => {
  it('gives a stable Message-ID per issue and subscriber', () => {
    expect(messageIdFor('2025-03-01', 5, sender)).toBe(messageIdFor('2025-03-01', 5, sender));
    expect(messageIdFor('2025-03-01', 5, sender)).not.toBe(messageIdFor('2025-03-02', 5, sender));
    expect(messageIdFor('2025-03-01', 5, sender)).toMatch(/^<2025-03-01\.5\.[\w-]{12}@example\.com>$/);
  });

  it('makes the same unsubscribe URL as the subscriber links, and refuses a PUBLIC_URL a header cannot carry', () => {
    for (const base of ['https://news.example.com', 'https://news.example.com/', 'https://example.com/gazette/']) {
      expect(unsubscribeLinker(tokens, base, sender)(42).url).toBe(unsubscribeLink(base, tokens, 42));
      expect(unsubscribeLinker(tokens, base, sender)(42).preferences).toBe(preferencesLink(base, tokens, 42));
    }
    expect(unsubscribeLinker(tokens, 'https://news.example.com', sender)(42).mailto).toMatch(/^mailto:unsubscribe@example\.com\?subject=unsubscribe%20[\w.-]+$/);
    expect(() => unsubscribeLinker(tokens, 'https://news.example.com/a,b', sender)).toThrow(/PUBLIC_URL/);
  });

  it('refuses addresses that could break a header', () => {
    expect(recipientAddress('reader@example.org')).toEqual({ ok: true, address: 'reader@example.org' });
    expect(recipientAddress('reader@example.org\r\nBcc: victim@example.org').ok).toBe(false);
    expect(recipientAddress('Name <reader@example.org>').ok).toBe(false);
    expect(recipientAddress('a@b.org, c@d.org').ok).toBe(false);
    const utf8 = recipientAddress('jörg@example.org');
    expect(utf8).toMatchObject({ ok: false, reason: expect.stringContaining('SMTPUTF8') });
    expect(recipientAddress('reader@bücher.example')).toEqual({ ok: true, address: 'reader@xn--bcher-kva.example' });
  });

  it('refuses a MAIL_FROM that is not one address', () => {
    expect(parseSender('news@example.com')).toMatchObject({ address: 'news@example.com', domain: 'example.com' });
    expect(() => parseSender('a@example.com, b@example.com')).toThrow(/MAIL_FROM/);
    expect(() => parseSender('nobody')).toThrow(/MAIL_FROM/);
  });
});
