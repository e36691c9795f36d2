// `gazette check-domain` against a DNS server on 127.0.0.1: a correct setup,
// a missing DMARC record and a misaligned SPF, each said in one line; and the
// warning `send` prints before sending.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';
import { organisationalDomain } from '../../src/deliver/domain-check.js';

afterAll(cleanupTmp);

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const P = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const SPF = 'v=spf1 ip4:192.0.2.10 ~all';
const GOOD = {
  'harbourpost.org': [SPF, 'google-site-verification=abc'],
  'bounces.harbourpost.org': [SPF],
  'gz1._domainkey.harbourpost.org': [`v=DKIM1; k=rsa; p=${P}`],
  '_dmarc.harbourpost.org': ['v=DMARC1; p=quarantine; rua=mailto:dmarc@harbourpost.org'],
};

describe('gazette check-domain', () => {
  let dns: DnsServer | undefined;
  let sink: Sink | undefined;
  afterEach(async () => {
    await dns?.close();
    await sink?.close();
    dns = sink = undefined;
  });
  async function check(zone: Record<string, string[]>, extra: Record<string, string> = {}) {
    dns = await startDnsServer(zone);
    const env = isolatedEnv(tmpDir('gz-dns-'), {
      MAIL_FROM: 'Harbour Post <news@harbourpost.org>', BOUNCE_DOMAIN: 'bounces.harbourpost.org', DNS_SERVERS: dns.address,
      DKIM_DOMAIN: 'harbourpost.org', DKIM_SELECTOR: 'gz1', DKIM_PRIVATE_KEY: PEM, ...extra,
    });
    return { env, result: await runCli(['check-domain'], env) };
  }

  it('says each record is in place for a correct setup', async () => {
    const { result } = await check(GOOD);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `SPF ok: harbourpost.org: "${SPF}"`,
      `SPF ok: bounces.harbourpost.org: "${SPF}"`,
      'SPF ok: the return path domain bounces.harbourpost.org aligns with harbourpost.org (same organisational domain)',
      'DKIM ok: gz1._domainkey.harbourpost.org holds the key DKIM_PRIVATE_KEY signs with',
      'DMARC ok: "v=DMARC1; p=quarantine; rua=mailto:dmarc@harbourpost.org"',
    ]);
  });

  it('reports a missing DMARC record in one line, with the record to add', async () => {
    const { ['_dmarc.harbourpost.org']: _, ...zone } = GOOD;
    const { result } = await check(zone);
    expect(result.code).toBe(1);
    const bad = result.stdout.split('\n').filter((l) => l && !/^\w+ ok:/.test(l));
    expect(bad).toEqual(['DMARC missing: no DMARC record at _dmarc.harbourpost.org; add TXT _dmarc.harbourpost.org "v=DMARC1; p=none; rua=mailto:dmarc-reports@harbourpost.org" (Gmail and Yahoo require one for bulk senders)']);
  });

  it('reports a return path domain that cannot align with the From domain', async () => {
    const { result } = await check({ ...GOOD, 'bounces.mailhost.net': [SPF] }, { BOUNCE_DOMAIN: 'bounces.mailhost.net' });
    expect(result.code).toBe(1);
    const bad = result.stdout.split('\n').filter((l) => l && !/^\w+ ok:/.test(l));
    expect(bad).toEqual(['SPF misaligned: the return path domain bounces.mailhost.net is not under harbourpost.org, so SPF cannot align with the From domain for DMARC; use a BOUNCE_DOMAIN such as bounces.harbourpost.org']);
  });

  it('gives the exact DKIM record to publish when the key is missing or another one', async () => {
    const { ['gz1._domainkey.harbourpost.org']: _, ...zone } = GOOD;
    const missing = (await check(zone)).result;
    expect(missing.stdout).toContain(`DKIM missing: no DKIM key at gz1._domainkey.harbourpost.org; add TXT gz1._domainkey.harbourpost.org "v=DKIM1; k=rsa; p=${P}"`);
    await dns!.close();
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const wrong = (await check({ ...zone, 'gz1._domainkey.harbourpost.org': [`v=DKIM1; k=rsa; p=${other}`] })).result;
    expect(wrong.stdout).toMatch(/^DKIM misaligned: the key published at gz1\._domainkey\.harbourpost\.org is not the one DKIM_PRIVATE_KEY signs with/m);
  });

  it('warns at the start of send, and sends all the same', async () => {
    const { ['_dmarc.harbourpost.org']: _, ...zone } = GOOD;
    dns = await startDnsServer(zone);
    sink = await startSink();
    const dir = tmpDir('gz-dns-send-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'a.md'), '---\ntitle: The Harbour Line opens\nurl: https://riverpost.example/tram\npublished: 2026-11-20T06:00:00Z\n---\nThe tram carried its first passengers on Friday. The line links the station with the pier.\n');
    const env = isolatedEnv(dir, { MAIL_FROM: 'Harbour Post <news@harbourpost.org>', DNS_SERVERS: dns.address, SMTP_URL: sink.url, DKIM_DOMAIN: 'harbourpost.org', DKIM_SELECTOR: 'gz1', DKIM_PRIVATE_KEY: PEM });
    expect((await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed'], env)).code).toBe(0);
    const r = await runCli(['send', '--date', '2026-11-20', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^gazette: warning: DMARC missing: no DMARC record at _dmarc\.harbourpost\.org; .*\(details: gazette check-domain\)$/)]);
    expect(sink.received).toHaveLength(1);
  });

  it('finds the organisational domain of common names', () => {
    expect(organisationalDomain('bounces.news.example.org')).toBe('example.org');
    expect(organisationalDomain('mail.example.co.uk')).toBe('example.co.uk');
    expect(organisationalDomain('example.com')).toBe('example.com');
  });
});
