// A configuration error names the variable and what is wrong, but never prints
// a password or key: such errors land in terminals, CI logs and tickets.
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

async function configError(extra: Record<string, string>): Promise<string> {
  const r = await runCli(['status'], isolatedEnv(tmpDir(), extra));
  expect(r.code).not.toBe(0);
  return r.stderr;
}

describe('configuration errors keep secrets out', () => {
  it('a bad SMTP_URL is shown with its password as ***', async () => {
    const err = await configError({ SMTP_URL: 'smpt://user:s3cretPW@relay.example:587' });
    expect(err).toContain('SMTP_URL must start with smtp:// or smtps://');
    expect(err).toContain('smpt://user:***@relay.example:587');
    expect(err).not.toContain('s3cretPW');
  });

  it('each of several relays, and a password holding an @, is hidden too', async () => {
    const err = await configError({ SMTP_URL: 'smtq://a:pw@1@one.example,smtp://b:pw2@two.example' });
    expect(err).toContain('smtq://a:***@one.example,smtp://b:***@two.example');
    expect(err).not.toMatch(/pw@1|pw2/);
  });

  it('a short GAZETTE_SECRET is described by its length, never echoed', async () => {
    const err = await configError({ GAZETTE_SECRET: 'abc' });
    expect(err).toMatch(/GAZETTE_SECRET must be at least 16 characters \(got 3 characters, not shown\)/);
    expect(err).not.toContain('"abc"');
  });

  it('a bad POSTMARK_WEBHOOK_AUTH is not echoed', async () => {
    const err = await configError({ POSTMARK_WEBHOOK_AUTH: 'short' });
    expect(err).toMatch(/POSTMARK_WEBHOOK_AUTH must be user:password.*\(got 5 characters, not shown\)/);
    expect(err).not.toContain('short"');
  });
});
