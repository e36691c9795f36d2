// VERP return paths and DKIM over a real send: `gazette send` to a real
// smtp-server on 127.0.0.1, then each recipient's MAIL FROM and signature checked.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { readReturnPath, returnPathFor } from '../../src/deliver/return-path.js';
import { readUnsubscribeToken } from '../../src/subscribers/links.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { verifyDkim } from '../helpers/dkim-verify.js';
import { startSink, type Sink } from './helpers/smtp-sink.js';
import { NOV20_TRAM_ARTICLE as ARTICLE } from '../helpers/tram-article.js';

afterAll(cleanupTmp);

const SECRET = 'return-path-test-secret-0123456789';
const signer = createTokenSigner(SECRET);

describe('return path tokens', () => {
  it('name the issue and subscriber, fit a local part, and survive lowercasing and uppercasing', () => {
    const address = returnPathFor(signer, 'bounces.example.org', { issueDate: '2026-12-03', subscriberId: 123456789 });
    const local = address.slice(0, address.indexOf('@'));
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toMatch(/^bounces\+[0-9a-z-]+$/);
    expect(readReturnPath(signer, 'bounces.example.org', address)).toEqual({ ok: true, issueDate: '2026-12-03', subscriberId: 123456789 });
    expect(readReturnPath(signer, 'BOUNCES.example.org', address.toUpperCase())).toEqual({ ok: true, issueDate: '2026-12-03', subscriberId: 123456789 });
  });

  it('carry a weekly edition key in a compact form, and keep the daily form byte for byte', () => {
    const weekly = returnPathFor(signer, 'bounces.example.org', { issueDate: '2026-W49', subscriberId: 42 });
    expect(weekly).toMatch(/^bounces\+2026w49-42-[0-9a-f]{20}@bounces\.example\.org$/);
    expect(readReturnPath(signer, 'bounces.example.org', weekly)).toEqual({ ok: true, issueDate: '2026-W49', subscriberId: 42 });
    expect(readReturnPath(signer, 'bounces.example.org', weekly.toUpperCase())).toEqual({ ok: true, issueDate: '2026-W49', subscriberId: 42 });
    // A weekly token does not pass for another week.
    expect(readReturnPath(signer, 'bounces.example.org', weekly.replace('2026w49', '2026w48'))).toMatchObject({ ok: false });
    expect(returnPathFor(signer, 'b.example', { issueDate: '2026-12-03', subscriberId: 7 })).toMatch(/^bounces\+20261203-7-[0-9a-f]{20}@b\.example$/);
  });

  it('refuses a token with a changed subscriber, date or MAC, or from another key; ignores other addresses', () => {
    const address = returnPathFor(signer, 'example.org', { issueDate: '2026-12-03', subscriberId: 7 });
    expect(readReturnPath(signer, 'example.org', address.replace('-7-', '-8-'))).toMatchObject({ ok: false });
    expect(readReturnPath(signer, 'example.org', address.replace('20261203', '20261204'))).toMatchObject({ ok: false });
    expect(readReturnPath(signer, 'example.org', address.replace(/[0-9a-f]@/, (m) => (m[0] === '0' ? '1' : '0') + '@'))).toMatchObject({ ok: false, reason: expect.stringMatching(/fails its signature/) });
    const other = returnPathFor(createTokenSigner('another-secret-entirely-00000'), 'example.org', { issueDate: '2026-12-03', subscriberId: 7 });
    expect(readReturnPath(signer, 'example.org', other)).toMatchObject({ ok: false });
    expect(readReturnPath(signer, 'example.org', 'news@example.org')).toBeNull();
    expect(readReturnPath(signer, 'example.org', address.replace('example.org', 'elsewhere.org'))).toBeNull();
  });

  it('is not an unsubscribe token', () => {
    const address = returnPathFor(signer, 'example.org', { issueDate: '2026-12-03', subscriberId: 7 });
    const token = address.slice('bounces+'.length, address.indexOf('@'));
    expect(readUnsubscribeToken(signer, token)).toBeNull();
  });
});


describe('gazette send with VERP and DKIM', () => {
  let sink: Sink | undefined;
  afterEach(async () => { await sink?.close(); sink = undefined; });

  it("sends each copy from its subscriber's signed return path, DKIM-signed over both List-Unsubscribe fields", async () => {
    sink = await startSink();
    const dir = tmpDir('gz-verp-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const env = isolatedEnv(dir, {
      MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', GAZETTE_SECRET: SECRET,
      BOUNCE_DOMAIN: 'bounces.example.com', SMTP_URL: sink.url, SMTP_MAX_CONNECTIONS: '2',
      DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 'gz1', DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    for (const email of ['ann@example.org', 'bob@example.org', 'cy@example.org']) {
      expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    }
    const listed = JSON.parse((await runCli(['subscribers', 'list', '--json'], env)).stdout) as { id: number; email: string }[];
    const r = await runCli(['send', '--date', '2026-11-20', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(sink.received).toHaveLength(3);
    for (const mail of sink.received) {
      const id = listed.find((s) => s.email === mail.to[0])!.id;
      expect(mail.from).toMatch(/^bounces\+20261120-\d+-[0-9a-f]{20}@bounces\.example\.com$/);
      expect(readReturnPath(signer, 'bounces.example.com', mail.from)).toEqual({ ok: true, issueDate: '2026-11-20', subscriberId: id });
      // The From header stays the sender's.
      expect(mail.raw.toString()).toMatch(/^From: Gazette <news@example\.com>/m);
      const dkim = verifyDkim(mail.raw, publicKey);
      expect(dkim.reason).toBeUndefined();
      expect(dkim.ok).toBe(true);
      expect(dkim.signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject']));
    }
    // A message changed after signing fails: the verifier can say no.
    const tampered = Buffer.from(sink.received[0]!.raw.toString('latin1').replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=One-Clack'), 'latin1');
    expect(verifyDkim(tampered, publicKey).ok).toBe(false);
  });
});
