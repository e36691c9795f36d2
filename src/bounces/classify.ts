// What a returned message says: a hard or soft bounce, a complaint, or
// nothing to act on (a success report, an auto-reply, prose without a code).
import type { Subscriber } from '../subscribers/types.js';
import type { DsnRecipient, ParsedReport } from './report.js';
import type { BounceKind } from './store.js';

// Feedback types that are a recipient's complaint (RFC 5965 section 7.3); auth-failure and not-spam are not.
const COMPLAINTS = new Set(['abuse', 'fraud', 'other', 'virus']);

/** What the report says about the subscriber, or why it is not acted on. */
export type Classified = { kind: Exclude<BounceKind, 'unsubscribe'>; status: string | null; diagnostic: string | null } | { ignored: string };

/** Hard bounce (5.x.x), soft bounce (4.x.x), complaint, or nothing to act on. */
export function classify(report: ParsedReport, subscriber: Subscriber): Classified {
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
