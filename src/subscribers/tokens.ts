// Signed subscriber tokens for confirm, unsubscribe and preferences links. Hand-written on
// node:crypto because the format is tiny and a JWT library would add parsing
// surface (algorithm negotiation, headers) this needs none of.
//
// token = base64url(purpose "." subject) "." base64url(HMAC-SHA256(secret, purpose "." subject))
// The purpose is signed with the subject, so an unsubscribe token can never
// be replayed as a confirm token. Comparison is constant-time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GazetteError } from '../errors.js';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences' | 'return-path';

export interface TokenSigner {
  /** A token binding `subject` (a subscriber's id or address) to `purpose`. */
  sign(purpose: TokenPurpose, subject: string): string;
  /** The subject when the token is genuine and for `purpose`; null otherwise. */
  verify(purpose: TokenPurpose, token: string): string | null;
  /**
   * The raw HMAC of `purpose` and `subject`, for compact tokens that cannot
   * carry the base64url form (an address's local part, which some servers
   * lowercase). The purpose is in the MAC as in sign(), so such a token is
   * never valid for another purpose.
   */
  digest(purpose: TokenPurpose, subject: string): Buffer;
}

/** A signer keyed by `secret`. */
export function createTokenSigner(secret: string): TokenSigner {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    sign(purpose, subject) {
      const payload = `${purpose}.${subject}`;
      return `${Buffer.from(payload).toString('base64url')}.${mac(payload).toString('base64url')}`;
    },
    verify(purpose, token) {
      if (typeof token !== 'string' || token.length > 1024) return null;
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const payloadBytes = Buffer.from(parts[0]!, 'base64url');
      const given = Buffer.from(parts[1]!, 'base64url');
      // Node's base64url decoding is lenient (it skips stray characters and
      // ignores the spare bits of the last one): only the exact encoding counts,
      // so each subject has one token per purpose, never look-alike variants.
      if (payloadBytes.toString('base64url') !== parts[0] || given.toString('base64url') !== parts[1]) return null;
      const payload = payloadBytes.toString('utf8');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const prefix = `${purpose}.`;
      if (!payload.startsWith(prefix)) return null;
      const subject = payload.slice(prefix.length);
      return subject === '' ? null : subject;
    },
    digest(purpose, subject) {
      return mac(`${purpose}.${subject}`);
    },
  };
}

/**
 * The signing key: GAZETTE_SECRET when set, else a random key generated on
 * first run and kept (mode 0600) at `file`, so links in mail already sent keep
 * working across restarts.
 */
export function loadOrCreateSecret(configured: string | undefined, file: string): string {
  if (configured) return configured;
  const kept = readKeptSecret(file);
  if (kept) return kept;
  mkdirSync(dirname(file), { recursive: true });
  // Written to a private temporary file and then linked into place, so no
  // process ever reads a half-written key; link() fails if another process
  // won the race, and then its key is the one to use.
  const secret = randomBytes(32).toString('base64url');
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, secret + '\n', { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return secret;
  } catch {
    const theirs = readKeptSecret(file);
    if (theirs) return theirs;
    throw new GazetteError('CONFIG', `The token key in ${file} is unreadable or too short. Delete that file to make a new one (links in mail already sent stop working), or set GAZETTE_SECRET.`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The kept key when the file holds a usable one (16 characters or more); null otherwise. */
export function readKeptSecret(file: string): string | null {
  if (!existsSync(file)) return null;
  const kept = readFileSync(file, 'utf8').trim();
  if (kept.length >= 16) return kept;
  throw new GazetteError('CONFIG', `The token key in ${file} is empty or too short, so links could be forged. Delete that file to make a new one (links in mail already sent stop working), or set GAZETTE_SECRET.`);
}
