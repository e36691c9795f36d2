// One returned message, from bytes to a changed subscriber: who it is about
// (the signed VERP return path first), what it says (hard or soft bounce,
// complaint, an unsubscribe by mail), and what that does to the list. The same
// message read twice changes nothing the second time: events are keyed by the
// report's Message-ID and subscriber.
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { messageIdParts } from '../deliver/headers.js';
import { looksLikeReturnPath, readReturnPath } from '../deliver/return-path.js';
import { readUnsubscribeToken } from '../subscribers/links.js';
import type { SubscriberStore } from '../subscribers/store.js';
import type { TokenSigner } from '../subscribers/tokens.js';
import type { Subscriber } from '../subscribers/types.js';
import { parseReport, type DsnRecipient, type ParsedReport } from './report.js';
import type { BounceKind, BounceStore } from './store.js';

export interface BounceParts {
  subscribers: Pick<SubscriberStore, 'find' | 'setStatus'>;
  bounces: BounceStore;
  tokens: Pick<TokenSigner, 'digest' | 'verify'>;
  clock: Clock;
  logger: Logger;
}

export interface BounceSettings {
  /** The domain of the return paths (BOUNCE_DOMAIN). */
  bounceDomain: string;
  /** The mailto: unsubscribe address of every message (unsubscribe@<MAIL_FROM's domain>). */
  unsubscribeAddress: string;
  /** Soft bounces within `softDays` that mark a subscriber bounced. */
  softLimit: number;
  softDays: number;
}

/** A returned message and the envelope recipients it came to (empty when read from a mailbox). */
export interface Incoming {
  raw: Buffer;
  envelopeTo: readonly string[];
}

export type BounceAction = 'bounced' | 'soft' | 'complained' | 'unsubscribed' | 'duplicate' | 'ignored';

/** What one message did. */
export interface BounceOutcome {
  action: BounceAction;
  subscriberId?: number;
  email?: string;
  status?: string | null;
  /** Why, in words (also what went into the subscriber's history). */
  reason: string;
  /** False when the subscriber's status stayed as it was (already left the list, or a soft bounce below the limit). */
  changed?: boolean;
}

// Feedback types that are a recipient's complaint (RFC 5965 section 7.3); auth-failure and not-spam are not.
const COMPLAINTS = new Set(['abuse', 'fraud', 'other', 'virus']);
const UNSUBSCRIBE_TOKEN = /[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/** Processes one returned message; never throws for its content (only when a store fails). */
export async function processReturnedMessage(parts: BounceParts, settings: BounceSettings, incoming: Incoming): Promise<BounceOutcome> {
  const outcome = await decide(parts, settings, incoming);
  const log = outcome.action === 'ignored' ? parts.logger.warn.bind(parts.logger) : parts.logger.info.bind(parts.logger);
  log({ action: outcome.action, subscriberId: outcome.subscriberId, status: outcome.status, changed: outcome.changed }, `returned message: ${outcome.reason}`);
  return outcome;
}

async function decide(parts: BounceParts, settings: BounceSettings, incoming: Incoming): Promise<BounceOutcome> {
  let report: ParsedReport;
  try {
    report = await parseReport(incoming.raw);
  } catch (err) {
    return { action: 'ignored', reason: `not a readable message (${(err as Error).message})` };
  }
  const to = [...incoming.envelopeTo, ...(incoming.envelopeTo.length ? [] : report.deliveredTo)].map((a) => a.toLowerCase());
  if (to.includes(settings.unsubscribeAddress.toLowerCase())) return unsubscribeByMail(parts, report);

  const who = await identify(parts, settings, report, to);
  if ('ignored' in who) return { action: 'ignored', reason: who.ignored };
  const what = classify(report, who.subscriber);
  if ('ignored' in what) return { action: 'ignored', subscriberId: who.subscriber.id, reason: `${what.ignored} (about ${who.subscriber.email})` };

  const now = parts.clock.now();
  const fresh = await parts.bounces.record({
    reportId: report.reportId, subscriberId: who.subscriber.id, issueDate: who.issueDate,
    kind: what.kind, status: what.status, diagnostic: what.diagnostic, at: now.toISOString(),
  });
  const base = { subscriberId: who.subscriber.id, email: who.subscriber.email, status: what.status };
  if (!fresh) return { ...base, action: 'duplicate', reason: `report ${report.reportId} was already processed` };
  const issue = who.issueDate ? ` to the issue of ${who.issueDate}` : '';
  const detail = [what.status, what.diagnostic].filter(Boolean).join(' ');

  if (what.kind === 'complaint') {
    const reason = `complaint (feedback report: ${what.status})${issue}`;
    const result = await parts.subscribers.setStatus(who.subscriber.id, 'complained', { source: 'delivery', reason });
    return { ...base, action: 'complained', reason, changed: !!result?.changed };
  }
  if (what.kind === 'hard') {
    const reason = `hard bounce${issue}: ${detail || 'no status given'}`;
    const result = await parts.subscribers.setStatus(who.subscriber.id, 'bounced', { source: 'delivery', reason, onlyFrom: ['pending', 'confirmed'] });
    return { ...base, action: 'bounced', reason, changed: !!result?.changed };
  }
  const since = new Date(now.getTime() - settings.softDays * 86_400_000).toISOString();
  const count = await parts.bounces.softSince(who.subscriber.id, since);
  if (count >= settings.softLimit) {
    const reason = `${count} soft bounces within ${settings.softDays} days, the latest${issue}: ${detail || 'no status given'}`;
    const result = await parts.subscribers.setStatus(who.subscriber.id, 'bounced', { source: 'delivery', reason, onlyFrom: ['pending', 'confirmed'] });
    return { ...base, action: 'bounced', reason, changed: !!result?.changed };
  }
  return { ...base, changed: false, action: 'soft', reason: `soft bounce ${count} of ${settings.softLimit}${issue}: ${detail || 'no status given'}` };
}

type Identified = { subscriber: Subscriber; issueDate: string | null } | { ignored: string };

/**
 * The subscriber a report is about: the signed return path it came back to
 * (or quotes), else a signed unsubscribe link in the quoted message, else a
 * recipient address the report names, only when it is a known subscriber's.
 * A return path whose token fails its signature is never trusted, and then
 * nothing else is tried either (a forged report gets no second chance).
 */
async function identify(parts: BounceParts, settings: BounceSettings, report: ParsedReport, to: string[]): Promise<Identified> {
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
  const named = [...report.recipients.flatMap((r) => [r.originalRecipient, r.finalRecipient]), report.feedback['original-rcpt-to']];
  for (const address of named) {
    if (!address) continue;
    const subscriber = await parts.subscribers.find(address.replace(/^<|>$/g, '').trim());
    if (subscriber) return { subscriber, issueDate: quotedIssueDate(report) };
  }
  return { ignored: `no subscriber found: it came to ${to.join(', ') || 'an unknown address'} without a return path of ${domain}, and names no address on the list` };
}

/** The issue date in a quoted Gazette Message-ID, when the report quotes one. */
function quotedIssueDate(report: ParsedReport): string | null {
  for (const match of report.searchable.matchAll(/<\d{4}-\d{2}-\d{2}\.\d{1,15}\.[\w-]+@[^<>@\s]+>/g)) {
    const parts = messageIdParts(match[0]);
    if (parts) return parts.issueDate;
  }
  return null;
}

type Classified = { kind: Exclude<BounceKind, 'unsubscribe'>; status: string | null; diagnostic: string | null } | { ignored: string };

/** Hard bounce (5.x.x), soft bounce (4.x.x), complaint, or nothing to act on. */
function classify(report: ParsedReport, subscriber: Subscriber): Classified {
  if (report.kind === 'arf') {
    const type = (report.feedback['feedback-type'] ?? '').toLowerCase();
    if (!COMPLAINTS.has(type)) return { ignored: `a feedback report of type ${JSON.stringify(type || 'none')}, which is not a complaint` };
    return { kind: 'complaint', status: type, diagnostic: null };
  }
  if (report.kind === 'dsn') {
    const own = report.recipients.filter((r) => sameAddress(r.finalRecipient, subscriber.email) || sameAddress(r.originalRecipient, subscriber.email));
    const block = worst(own.length ? own : report.recipients);
    if (!block?.status) return { ignored: 'a delivery status notification without a status' };
    if (block.status.startsWith('2') || ['delivered', 'relayed', 'expanded'].includes(block.action ?? '')) {
      return { ignored: `a delivery status notification of success (${block.status})` };
    }
    return { kind: block.status.startsWith('5') ? 'hard' : 'soft', status: block.status, diagnostic: oneLine(block.diagnostic) };
  }
  if (report.autoReply) return { ignored: 'an automatic reply, not a bounce' };
  // A bounce without a report part (older servers write prose): its status code, if it gives one.
  const text = report.searchable;
  const match = /\b([45])\.\d{1,3}\.\d{1,3}\b/.exec(text);
  if (!match) return { ignored: 'a message that is neither a delivery report nor a feedback report, and gives no status code' };
  const line = text.slice(text.lastIndexOf('\n', match.index) + 1, text.indexOf('\n', match.index) >>> 0);
  return { kind: match[1] === '5' ? 'hard' : 'soft', status: match[0], diagnostic: oneLine(line) };
}

function worst(blocks: DsnRecipient[]): DsnRecipient | undefined {
  const rank = (b: DsnRecipient) => (b.status?.startsWith('5') ? 3 : b.status?.startsWith('4') ? 2 : b.status ? 1 : 0);
  return [...blocks].sort((a, b) => rank(b) - rank(a))[0];
}

function sameAddress(a: string | null, b: string): boolean {
  return !!a && a.toLowerCase() === b.toLowerCase();
}

/** A diagnostic as one short printable line (it goes into the history and the terminal). */
function oneLine(text: string | null): string | null {
  if (!text) return null;
  const clean = text.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

/** Mail to the List-Unsubscribe mailto: the signed token in its subject (or body) unsubscribes its subscriber. */
async function unsubscribeByMail(parts: BounceParts, report: ParsedReport): Promise<BounceOutcome> {
  // A client that did not decode the mailto's %20 leaves it in the subject.
  for (const token of `${report.subject.replace(/%20/gi, ' ')}\n${report.searchable}`.match(UNSUBSCRIBE_TOKEN) ?? []) {
    const key = readUnsubscribeToken(parts.tokens as TokenSigner, token);
    const subscriber = key === null ? null : await parts.subscribers.find(key);
    if (!subscriber) continue;
    const fresh = await parts.bounces.record({
      reportId: report.reportId, subscriberId: subscriber.id, issueDate: null, kind: 'unsubscribe', status: null, diagnostic: null, at: parts.clock.now().toISOString(),
    });
    const base = { subscriberId: subscriber.id, email: subscriber.email, status: null };
    if (!fresh) return { ...base, action: 'duplicate', reason: `unsubscribe mail ${report.reportId} was already processed` };
    const reason = 'unsubscribed by mail (the List-Unsubscribe mailto)';
    const result = await parts.subscribers.setStatus(subscriber.id, 'unsubscribed', { source: 'web', reason, onlyFrom: ['pending', 'confirmed'] });
    return { ...base, action: 'unsubscribed', reason, changed: !!result?.changed };
  }
  return { action: 'ignored', reason: 'mail to the unsubscribe address without a valid unsubscribe token' };
}
