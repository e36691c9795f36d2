import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preferencesLink, readPreferencesToken, readUnsubscribeToken, unsubscribeLink } from '../../src/subscribers/links.js';
import { createTokenSigner, loadOrCreateSecret } from '../../src/subscribers/tokens.js';
import { isGazetteError } from '../../src/errors.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('tokens', () => {
  const signer = createTokenSigner('a-long-enough-test-secret');

  it('verifies its own token for the same purpose only', () => {
    const t = signer.sign('unsubscribe', '42');
    expect(signer.verify('unsubscribe', t)).toBe('42');
    expect(signer.verify('confirm', t)).toBeNull();
  });

  it('keeps preferences and unsubscribe tokens apart: the links name the id, and neither reads as the other', () => {
    const link = preferencesLink('https://news.example.org/gazette', signer, 42);
    expect(link).toMatch(/^https:\/\/news\.example\.org\/gazette\/preferences\?token=[\w.-]+$/);
    const token = new URL(link).searchParams.get('token')!;
    expect(readPreferencesToken(signer, token)).toBe(42);
    expect(readUnsubscribeToken(signer, token)).toBeNull();
    const unsubscribe = new URL(unsubscribeLink('https://news.example.org/gazette', signer, 42)).searchParams.get('token')!;
    expect(readPreferencesToken(signer, unsubscribe)).toBeNull();
    expect(readPreferencesToken(signer, signer.sign('preferences', 'ann@example.org'))).toBe('ann@example.org');
    for (const junk of [undefined, 42, ['a'], '', signer.sign('preferences', 'not-an-id'), createTokenSigner('another-secret-entirely').sign('preferences', '42')]) {
      expect(readPreferencesToken(signer, junk)).toBeNull();
    }
  });

  it('rejects altered, forged and foreign tokens', () => {
    const t = signer.sign('unsubscribe', '42');
    const [payload, mac] = t.split('.') as [string, string];
    const otherPayload = Buffer.from('unsubscribe.43').toString('base64url');
    expect(signer.verify('unsubscribe', `${otherPayload}.${mac}`)).toBeNull();
    expect(signer.verify('unsubscribe', `${payload}.${mac.slice(0, -2)}AA`)).toBeNull();
    expect(signer.verify('unsubscribe', createTokenSigner('another-secret-entirely').sign('unsubscribe', '42'))).toBeNull();
    for (const junk of ['', '.', 'abc', `${payload}.${mac}.x`, 'x'.repeat(5000)]) expect(signer.verify('unsubscribe', junk)).toBeNull();
  });

  it('makes a key once, keeps it private, and reuses it', () => {
    const file = join(tmpDir(), 'data', 'secret');
    const first = loadOrCreateSecret(undefined, file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(undefined, file)).toBe(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadOrCreateSecret('configured-secret-wins-always', file)).toBe('configured-secret-wins-always');
  });

  it('refuses an empty or short key file instead of signing with it', () => {
    const file = join(tmpDir(), 'secret');
    writeFileSync(file, '\n');
    let err: unknown;
    try {
      loadOrCreateSecret(undefined, file);
    } catch (e) {
      err = e;
    }
    expect(isGazetteError(err, 'CONFIG')).toBe(true);
    expect((err as Error).message).toMatch(/Delete that file .* or set GAZETTE_SECRET/);
    expect(existsSync(file)).toBe(true);
  });
});

describe('tokens against forgery, truncation, swapping and replay (property)', () => {
  const signer = createTokenSigner('a-long-enough-test-secret');
  const id = fc.integer({ min: 1, max: 10_000_000 });

  it('a random string never verifies', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('confirm' as const, 'unsubscribe' as const), (junk, purpose) => {
      expect(signer.verify(purpose, junk)).toBeNull();
    }), { numRuns: 3000 });
  });

  it('no proper prefix of a genuine token verifies (truncated links)', () => {
    fc.assert(fc.property(id, (n) => {
      const t = signer.sign('unsubscribe', String(n));
      for (let cut = 0; cut < t.length; cut++) expect(signer.verify('unsubscribe', t.slice(0, cut))).toBeNull();
    }), { numRuns: 100 });
  });

  it('changing any one character of a genuine token makes it fail (only the exact token works)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(fc.property(id, fc.nat(), fc.constantFrom(...alphabet), (n, at, c) => {
      const t = signer.sign('unsubscribe', String(n));
      const i = at % t.length;
      if (t[i] === c) return;
      expect(signer.verify('unsubscribe', t.slice(0, i) + c + t.slice(i + 1))).toBeNull();
    }), { numRuns: 5000 });
  });

  it('halves swapped between two subscribers\' tokens, or between purposes, never verify', () => {
    fc.assert(fc.property(id, id, (a, b) => {
      if (a === b) return;
      const [pa, ma] = signer.sign('unsubscribe', String(a)).split('.') as [string, string];
      const [pb, mb] = signer.sign('unsubscribe', String(b)).split('.') as [string, string];
      expect(signer.verify('unsubscribe', `${pa}.${mb}`)).toBeNull();
      expect(signer.verify('unsubscribe', `${pb}.${ma}`)).toBeNull();
      // A confirm token is never an unsubscribe token, nor the other way round.
      expect(signer.verify('unsubscribe', signer.sign('confirm', `${a}:1700000000000`))).toBeNull();
      expect(signer.verify('confirm', signer.sign('unsubscribe', String(a)))).toBeNull();
    }), { numRuns: 500 });
  });

  it('a genuine token always verifies to its own subject (replays name the same subscriber, nobody else)', () => {
    fc.assert(fc.property(id, (n) => {
      const t = signer.sign('unsubscribe', String(n));
      expect(signer.verify('unsubscribe', t)).toBe(String(n));
      expect(signer.verify('unsubscribe', t)).toBe(String(n));
    }), { numRuns: 500 });
  });
});
