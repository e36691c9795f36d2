// A DKIM verifier (RFC 6376, relaxed/relaxed, rsa-sha256) for tests: no
// verifier package is installed, and checking the signature with the test key
// pair's public key proves what a receiving server would see. Written for
// the messages Gazette sends, not for every message in the wild.
import { createHash, verify, type KeyObject } from 'node:crypto';

export interface DkimResult {
  ok: boolean;
  /** The signed header fields (h=), lowercased. */
  signed: string[];
  tags: Record<string, string>;
  reason?: string;
}

/** Verifies the first DKIM-Signature of `raw` with `publicKey`. */
export function verifyDkim(raw: Buffer, publicKey: KeyObject): DkimResult {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split + 2);
  const body = text.slice(split + 4);
  // Header fields, each with its continuation lines.
  const fields = head.split(/\r\n(?![ \t])/).filter(Boolean);
  const signature = fields.find((f) => /^dkim-signature:/i.test(f));
  if (!signature) return { ok: false, signed: [], tags: {}, reason: 'no DKIM-Signature' };
  const tags = Object.fromEntries(signature.slice(signature.indexOf(':') + 1).split(';').map((t) => t.trim()).filter(Boolean)
    .map((t) => [t.slice(0, t.indexOf('=')).trim(), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')]));
  const signed = (tags.h ?? '').split(':').map((h) => h.trim().toLowerCase());
  if (tags.c !== 'relaxed/relaxed' || tags.a !== 'rsa-sha256') return { ok: false, signed, tags, reason: `unsupported c=${tags.c} a=${tags.a}` };
  const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
  if (bodyHash !== tags.bh) return { ok: false, signed, tags, reason: 'body hash differs' };
  // Each h= name takes the last unused instance of that field, from the bottom up.
  const used = new Set<number>();
  const lines: string[] = [];
  for (const name of signed) {
    for (let i = fields.length - 1; i >= 0; i--) {
      if (used.has(i) || fields[i]!.slice(0, fields[i]!.indexOf(':')).trim().toLowerCase() !== name) continue;
      used.add(i);
      lines.push(relaxedHeader(fields[i]!) + '\r\n');
      break;
    }
  }
  const unsigned = relaxedHeader(signature.replace(/(\bb=)[^;]*/, '$1'));
  const data = Buffer.from(lines.join('') + unsigned, 'latin1');
  const ok = verify('sha256', data, publicKey, Buffer.from(tags.b ?? '', 'base64'));
  return { ok, signed, tags, reason: ok ? undefined : 'signature does not verify' };
}

function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim();
  return `${name}:${value}`;
}

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? lines.join('\r\n') + '\r\n' : '';
}
