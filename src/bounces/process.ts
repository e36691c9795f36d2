// One returned message, from bytes to a changed subscriber: who it is about
// (the signed VERP return path first), what it says (hard or soft bounce,
// complaint, an unsubscribe by mail), and what that does to the list. The same
// message read twice changes nothing the second time: events are keyed by the
// report's Message-ID and subscriber.
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { readUnsubscribeToken } from '../subscribers/links.js';
import type { SubscriberStore } from '../subscribers/store.js';
import type { TokenSigner } from '../subscribers/tokens.js';
import { classify } from './classify.js';
import { identify, UNSUBSCRIBE_TOKEN } from './identify.js';
import { parseReport, type ParsedReport } from './report.js';
import type { BounceStore } from './store.js';

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
    const result = await parts.subscribers.setStatus(subscriber.id, 'unsubscribed', { source: 'mail', reason, onlyFrom: ['pending', 'confirmed'] });
    return { ...base, action: 'unsubscribed', reason, changed: !!result?.changed };
  }
  return { action: 'ignored', reason: 'mail to the unsubscribe address without a valid unsubscribe token' };
}
