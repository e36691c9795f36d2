// Whom a returned message is about: the signed VERP return path first, then
// weaker clues, never a return path whose signature fails.
import { GAZETTE_MESSAGE_ID, messageIdParts } from '../deliver/headers.js';
import { looksLikeReturnPath, readReturnPath } from '../deliver/return-path.js';
import { readUnsubscribeToken } from '../subscribers/links.js';
import type { TokenSigner } from '../subscribers/tokens.js';
import type { Subscriber } from '../subscribers/types.js';
import type { BounceParts, BounceSettings } from './process.js';
import type { ParsedReport } from './report.js';

/** A signed unsubscribe token (deliver/headers.ts): base64url payload, a dot, a 43-character MAC. */
export const UNSUBSCRIBE_TOKEN = /[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/** The subscriber (and issue, when known), or why nobody was found. */
export type Identified = { subscriber: Subscriber; issueDate: string | null } | { ignored: string };

/**
 * The subscriber a report is about: the signed return path it came back to
 * (or quotes), else a signed unsubscribe link in the quoted message; never
 * an address alone (see below).
 * A return path whose token fails its signature is never trusted, and then
 * nothing else is tried either (a forged report gets no second chance).
 */
export async function identify(parts: BounceParts, settings: BounceSettings, report: ParsedReport, to: string[]): Promise<Identified> {
  const domain = settings.bounceDomain.toLowerCase();
  const quoted = [...report.searchable.matchAll(new RegExp(`bounces\\+[0-9a-z-]+@${domain.replace(/\./g, '\\.')}`, 'gi'))].map((m) => m[0]);
  const candidates = [...new Set([...to, ...report.deliveredTo, report.feedback['original-mail-from'] ?? '', ...quoted]
    .map((a) => a.replace(/^<|>$/g, '').trim().toLowerCase())
    .filter((a) => looksLikeReturnPath(a, domain)))];
  const refused: string[] = [];
  for (const address of candidates) {
    const read = readReturnPath(parts.tokens, domain, address);
    if (!read) continue;
    if (!read.ok) { refused.push(read.reason); continue; }
    const subscriber = await parts.subscribers.find(read.subscriberId);
    if (subscriber) return { subscriber, issueDate: read.issueDate };
    refused.push(`the return path ${address} names subscriber ${read.subscriberId}, who is not on the list`);
  }
  if (refused.length) return { ignored: `ignored: ${refused.join('; ')}` };

  for (const token of report.searchable.match(UNSUBSCRIBE_TOKEN) ?? []) {
    const key = readUnsubscribeToken(parts.tokens as TokenSigner, token);
    const subscriber = key === null ? null : await parts.subscribers.find(key);
    if (subscriber) return { subscriber, issueDate: quotedIssueDate(report) };
  }
  // A report that only names an address is not acted on: anyone who can mail
  // the bounce domain could write one and bounce any subscriber. Real DSNs
  // come back to the signed return path, and feedback loops quote the
  // message with its signed unsubscribe link, so the two paths above cover them.
  return { ignored: `no signed return path or unsubscribe link found (it came to ${to.join(', ') || 'an unknown address'}); a report naming only an address is not trusted` };
}

/** The edition key (a date, or a week) in a quoted Gazette Message-ID, when the report quotes one. */
function quotedIssueDate(report: ParsedReport): string | null {
  for (const match of report.searchable.matchAll(GAZETTE_MESSAGE_ID)) {
    const parts = messageIdParts(match[0]);
    if (parts) return parts.issueDate;
  }
  return null;
}
