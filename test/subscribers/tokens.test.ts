import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
