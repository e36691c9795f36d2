// The values that go into each message's headers, each checked before it gets
// there: nothing from the subscriber list or the configuration reaches a header
// with a line break, a space or a bracket that could end the field early.
import { createHash } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { GazetteError } from '../errors.js';
import { checkAddress } from '../subscribers/address.js';
import { publicLink } from '../subscribers/links.js';
import type { TokenSigner } from '../subscribers/tokens.js';

/** The sender, from MAIL_FROM. */
export interface Sender {
  name: string;
  address: string;
  /** The address's domain: Message-IDs, List-Id and the unsubscribe mailbox live there. */
  domain: string;
}

// Printable ASCII without space: what an address, URL or Message-ID may hold in a header.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Parses MAIL_FROM ("Name <address>" or a bare address). */
export function parseSender(mailFrom: string): Sender {
  const parsed = addressparser(mailFrom.replace(/[\r\n]+/g, ' '), { flatten: true });
  const first = parsed[0];
  const checked = first && parsed.length === 1 ? checkAddress(first.address) : undefined;
  if (!first || !checked?.ok || !HEADER_SAFE.test(checked.email)) {
    const why = checked && !checked.ok ? `: the address ${checked.reason}` : '';
    throw new GazetteError('CONFIG', `MAIL_FROM must be one sender such as "Gazette <news@example.org>" (got ${JSON.stringify(mailFrom)})${why}.`);
  }
  return { name: first.name, address: checked.email, domain: checked.email.slice(checked.email.lastIndexOf('@') + 1) };
}

// The common case, checked cheaply: a plain ASCII address with nothing a header
// could trip on. Anything else goes through the full check (which also maps an
// international domain to its ASCII form and explains a refusal).
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;

/** A recipient's address as it may go into the envelope and the To header, or why it may not. */
export function recipientAddress(email: string): { ok: true; address: string } | { ok: false; reason: string } {
  if (email.length <= 254 && PLAIN_ADDRESS.test(email)) return { ok: true, address: email };
  const checked = checkAddress(email);
  if (!checked.ok) return { ok: false, reason: `the address ${checked.reason}` };
  if (!HEADER_SAFE.test(checked.email)) {
    // A non-ASCII local part needs SMTPUTF8 and UTF-8 headers end to end; refuse it
    // clearly rather than send a header some servers would mangle.
    return { ok: false, reason: 'the address has non-ASCII characters before the "@", which needs SMTPUTF8 (not supported)' };
  }
  return { ok: true, address: checked.email };
}

/**
 * The Message-ID of one issue for one subscriber: the same on every attempt and
 * every run, so a copy resent after a crash is recognisably the same message.
 * The hash keeps ids from being guessed from a date and a counter.
 */
export function messageIdFor(issueDate: string, subscriberId: number, sender: Sender): string {
  const hash = createHash('sha256').update(`${sender.address}\n${issueDate}\n${subscriberId}`).digest('base64url').slice(0, 12);
  return `<${issueDate}.${subscriberId}.${hash}@${sender.domain}>`;
}

/** A Gazette Message-ID anywhere in a text: a daily (YYYY-MM-DD) or weekly (YYYY-Www) edition key, the subscriber id, the hash. */
export const GAZETTE_MESSAGE_ID = /<(?:\d{4}-\d{2}-\d{2}|\d{4}-W\d{2})\.\d{1,15}\.[\w-]+@[^<>@\s]+>/g;

/** The edition key (issueDate: a date, or a week for a weekly edition) and subscriber id a messageIdFor() id carries, or null for any other id. */
export function messageIdParts(messageId: string): { issueDate: string; subscriberId: number } | null {
  const match = /^<(\d{4}-\d{2}-\d{2}|\d{4}-W\d{2})\.(\d{1,15})\.[\w-]+@[^<>@\s]+>$/.exec(messageId);
  return match ? { issueDate: match[1]!, subscriberId: Number(match[2]) } : null;
}

/** The List-Id value (RFC 2919): the list's name and a label under the sender's domain. */
export function listIdFor(listName: string, sender: Sender): { phrase: string; id: string } {
  const label = listName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'gazette';
  return { phrase: listName.replace(/[\r\n]+/g, ' ').trim(), id: `${label}.${sender.domain}` };
}

/** A subscriber's unsubscribe links: the https page (one-click POST) and a mailto; and the preferences page. */
export interface UnsubscribeLinks {
  url: string;
  mailto: string;
  preferences: string;
}

/**
 * Makes subscribers' signed unsubscribe (and preferences) links. The base URL is worked out and
 * checked once; per subscriber only the token is signed and appended (the same
 * URL as subscribers/links.ts makes, without parsing a URL per message).
 */
export function unsubscribeLinker(tokens: Pick<TokenSigner, 'sign'>, publicUrl: string, sender: Sender): (subscriberId: number) => UnsubscribeLinks {
  const base = publicLink(publicUrl, 'unsubscribe');
  const preferencesBase = publicLink(publicUrl, 'preferences');
  if (!HEADER_SAFE.test(base) || /[<>,?#]/.test(base)) {
    throw new GazetteError('CONFIG', `The unsubscribe link ${JSON.stringify(base)} cannot go into a header; check PUBLIC_URL (no spaces, commas, angle brackets, query or fragment).`);
  }
  return (subscriberId) => {
    const token = tokens.sign('unsubscribe', String(subscriberId));
    // Tokens are base64url parts joined by a dot: nothing to escape in a URL or a header.
    if (!/^[\w.-]+$/.test(token)) throw new GazetteError('TOKEN', 'An unsubscribe token has characters a link cannot carry (a bug in the signer).');
    const preferences = `${preferencesBase}?token=${tokens.sign('preferences', String(subscriberId))}`;
    return { url: `${base}?token=${token}`, mailto: `mailto:unsubscribe@${sender.domain}?subject=unsubscribe%20${token}`, preferences };
  };
}

/** True when `messageId` is a well-formed "<left@right>" that can go into a header as is. */
export function isHeaderSafeMessageId(messageId: string): boolean {
  return /^<[^<>@\s]+@[^<>@\s]+>$/.test(messageId) && HEADER_SAFE.test(messageId);
}
