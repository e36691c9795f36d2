// The sender's domain, checked before a send: SPF, DKIM (for the configured
// selector) and DMARC, looked up with Node's resolver, each said in one line
// with the record to add when something is missing or does not line up.
// Mailbox providers (Gmail and Yahoo since 2024) refuse or junk bulk mail
// without them, and an operator learns it here rather than from a spam folder.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { Resolver } from 'node:dns/promises';

export interface DomainCheckSettings {
  /** MAIL_FROM's domain (the From header's, which DMARC protects). */
  fromDomain: string;
  /** The return path's domain (SPF is checked for it). */
  bounceDomain: string;
  /** DKIM_DOMAIN and DKIM_SELECTOR, when DKIM signing is configured. */
  dkim?: { domain: string; selector: string; privateKey: string };
  /** Resolver addresses (DNS_SERVERS); default: the machine's. */
  servers?: readonly string[];
  /** Milliseconds per lookup (default 3000). */
  timeoutMs?: number;
}

export type FindingLevel = 'ok' | 'missing' | 'misaligned' | 'unknown';

/** One line of the check. */
export interface Finding {
  check: 'SPF' | 'DKIM' | 'DMARC';
  level: FindingLevel;
  text: string;
}

type Lookup = { records: string[] } | { error: string };

/** Runs every check; resolves to one finding per check (SPF may add one for the bounce domain). */
export async function checkDomain(settings: DomainCheckSettings): Promise<Finding[]> {
  const resolver = new Resolver({ timeout: settings.timeoutMs ?? 3000, tries: 1 });
  if (settings.servers?.length) resolver.setServers([...settings.servers]);
  const txt = async (name: string): Promise<Lookup> => {
    try {
      return { records: (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // No such name, or no TXT there: the record is missing. Anything else: the lookup failed.
      if (code === 'ENOTFOUND' || code === 'ENODATA') return { records: [] };
      return { error: `${code ?? (err as Error).message}` };
    }
  };
  const from = settings.fromDomain.toLowerCase();
  const bounce = settings.bounceDomain.toLowerCase();
  const [spf, bounceSpf, dmarc, orgDmarc, dkim] = await Promise.all([
    txt(from),
    bounce === from ? undefined : txt(bounce),
    txt(`_dmarc.${from}`),
    organisationalDomain(from) === from ? undefined : txt(`_dmarc.${organisationalDomain(from)}`),
    settings.dkim ? txt(`${settings.dkim.selector}._domainkey.${settings.dkim.domain}`) : undefined,
  ]);
  const dmarcFinding = checkDmarc(from, dmarc, orgDmarc);
  const policy = 'records' in dmarc ? dmarc.records.find(isDmarc) : undefined;
  const findings: (Finding | null)[] = [checkSpf(from, spf, 'the From domain')];
  if (bounceSpf) findings.push(checkSpf(bounce, bounceSpf, 'the return path (BOUNCE_DOMAIN)'));
  findings.push(spfAlignment(from, bounce, policy));
  findings.push(checkDkim(from, settings.dkim, dkim));
  findings.push(dmarcFinding);
  return findings.filter((f): f is Finding => f !== null);
}

const isSpf = (r: string) => /^v=spf1(\s|$)/i.test(r.trim());
const isDmarc = (r: string) => /^v=DMARC1\s*(;|$)/i.test(r.trim());

function checkSpf(domain: string, lookup: Lookup, role: string): Finding {
  if ('error' in lookup) return { check: 'SPF', level: 'unknown', text: `could not look up TXT ${domain} (${lookup.error}); check DNS_SERVERS or try again` };
  const spf = lookup.records.filter(isSpf);
  if (spf.length === 0) {
    return { check: 'SPF', level: 'missing', text: `no SPF record for ${domain} (${role}); add TXT ${domain} "v=spf1 mx ~all", naming the servers that send your mail (ip4:…, include:…)` };
  }
  if (spf.length > 1) return { check: 'SPF', level: 'misaligned', text: `${domain} has ${spf.length} SPF records, which makes SPF fail everywhere; merge them into one TXT "v=spf1 … ~all"` };
  if (/\s\+all\b/i.test(spf[0]!)) return { check: 'SPF', level: 'misaligned', text: `${domain}'s SPF record ends in "+all", which lets anyone send as you; end it in "~all" or "-all"` };
  return { check: 'SPF', level: 'ok', text: `${domain}: "${spf[0]}"` };
}

/** DMARC passes on SPF only when the return path's domain lines up with the From domain. */
function spfAlignment(from: string, bounce: string, policy: string | undefined): Finding | null {
  if (from === bounce) return null;
  const strict = policy ? /(^|;)\s*aspf\s*=\s*s\b/i.test(policy) : false;
  if (strict) {
    return { check: 'SPF', level: 'misaligned', text: `the return path domain ${bounce} differs from the From domain ${from}, and the DMARC record asks for strict SPF alignment (aspf=s); set BOUNCE_DOMAIN=${from}, or relax it to aspf=r` };
  }
  if (organisationalDomain(bounce) !== organisationalDomain(from)) {
    return { check: 'SPF', level: 'misaligned', text: `the return path domain ${bounce} is not under ${organisationalDomain(from)}, so SPF cannot align with the From domain for DMARC; use a BOUNCE_DOMAIN such as bounces.${organisationalDomain(from)}` };
  }
  return { check: 'SPF', level: 'ok', text: `the return path domain ${bounce} aligns with ${from} (same organisational domain)` };
}

function checkDkim(from: string, dkim: DomainCheckSettings['dkim'], lookup: Lookup | undefined): Finding {
  if (!dkim || !lookup) {
    return { check: 'DKIM', level: 'missing', text: `messages are not signed; set DKIM_DOMAIN=${from}, DKIM_SELECTOR and DKIM_PRIVATE_KEY, then publish the public key (run check-domain again for the exact record)` };
  }
  const name = `${dkim.selector}._domainkey.${dkim.domain}`;
  const expected = publicKeyOf(dkim.privateKey);
  const record = expected ? `"v=DKIM1; k=${expected.type}; p=${expected.p}"` : '"v=DKIM1; k=rsa; p=<your public key>"';
  if ('error' in lookup) return { check: 'DKIM', level: 'unknown', text: `could not look up TXT ${name} (${lookup.error}); check DNS_SERVERS or try again` };
  const key = lookup.records.find((r) => /(^|;)\s*p\s*=/i.test(r));
  if (!key) return { check: 'DKIM', level: 'missing', text: `no DKIM key at ${name}; add TXT ${name} ${record}` };
  const published = /(?:^|;)\s*p\s*=\s*([^;]*)/i.exec(key)?.[1]?.replace(/\s+/g, '') ?? '';
  if (expected && published !== expected.p) {
    return { check: 'DKIM', level: 'misaligned', text: `the key published at ${name} is not the one DKIM_PRIVATE_KEY signs with; replace it with TXT ${name} ${record}` };
  }
  if (organisationalDomain(dkim.domain) !== organisationalDomain(from)) {
    return { check: 'DKIM', level: 'misaligned', text: `DKIM signs as ${dkim.domain}, which is not under ${organisationalDomain(from)}, so DKIM cannot align with the From domain for DMARC; set DKIM_DOMAIN=${from}` };
  }
  return { check: 'DKIM', level: 'ok', text: `${name} holds the key DKIM_PRIVATE_KEY signs with` };
}

function checkDmarc(from: string, own: Lookup, org: Lookup | undefined): Finding {
  const name = `_dmarc.${from}`;
  for (const lookup of [own, org]) {
    if (!lookup) continue;
    if ('error' in lookup) return { check: 'DMARC', level: 'unknown', text: `could not look up TXT ${name} (${lookup.error}); check DNS_SERVERS or try again` };
    const record = lookup.records.find(isDmarc);
    if (record) return { check: 'DMARC', level: 'ok', text: `"${record}"${lookup === org ? ` (inherited from _dmarc.${organisationalDomain(from)})` : ''}` };
  }
  return { check: 'DMARC', level: 'missing', text: `no DMARC record at ${name}; add TXT ${name} "v=DMARC1; p=none; rua=mailto:dmarc-reports@${organisationalDomain(from)}" (Gmail and Yahoo require one for bulk senders)` };
}

/**
 * The organisational domain: the last two labels, or three under a two-letter
 * country code with a short second level (co.uk, com.au). An approximation of
 * the Public Suffix List, which no installed package carries; it only decides
 * whether to warn, never whether to send.
 */
export function organisationalDomain(domain: string): string {
  const labels = domain.toLowerCase().split('.').filter(Boolean);
  const take = labels.length >= 3 && labels.at(-1)!.length === 2 && labels.at(-2)!.length <= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The DNS form of the configured key's public half (k= and p=), or null when it cannot be read. */
function publicKeyOf(privateKeyPem: string): { type: string; p: string } | null {
  try {
    const key = createPublicKey(createPrivateKey(privateKeyPem));
    const der = key.export({ type: 'spki', format: 'der' });
    if (key.asymmetricKeyType === 'ed25519') return { type: 'ed25519', p: der.subarray(der.length - 32).toString('base64') };
    return { type: 'rsa', p: der.toString('base64') };
  } catch {
    return null;
  }
}

/** True for names that can have no real DNS records (RFC 2606 and 6761): nothing to check there. */
export function isReservedDomain(domain: string): boolean {
  return /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost|local)$/i.test(domain);
}
