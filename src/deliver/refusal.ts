// What a permanent refusal is about. Only a refusal of the address itself
// (RFC 3463 5.1.x bad mailbox, 5.2.x mailbox unavailable, or a bare 550/551/553
// at RCPT TO) may cost the subscriber their place on the list. A refusal about
// the sender or the connection (5.7.x policy: "Client host rejected", "Relay
// access denied", authentication required) is the same for every address, so
// it pauses the send and bounces nobody; a refusal of the content (spam
// filter, size) is recorded as a failure without a bounce.
import type { SendOutcome } from './transport.js';

export type RefusalKind = 'address' | 'policy' | 'content';

// Words servers use when the refusal is about who sends, or from where.
const POLICY_WORDS = /relay|access denied|client host|not permitted|authenticat|auth required|blocked|black ?list|block ?list|spamhaus|policy|sender|rate limit|too many|unauthori[sz]ed|denied/i;

/** Classifies a permanent (5xx) answer. */
export function classifyRefusal(outcome: Pick<SendOutcome, 'code' | 'response' | 'command'>): RefusalKind {
  const enhanced = /\b5\.(\d{1,3})\.(\d{1,3})\b/.exec(outcome.response);
  if (enhanced) {
    const [klass, detail] = [Number(enhanced[1]), Number(enhanced[2])];
    // 5.1.7 and 5.1.8: the sender's address is bad, not the recipient's.
    if (klass === 1) return detail === 7 || detail === 8 ? 'policy' : 'address';
    if (klass === 2) return 'address';
    if (klass === 7) return 'policy';
    if (klass === 6) return 'content';
  }
  if (POLICY_WORDS.test(outcome.response)) return 'policy';
  if (outcome.command === 'RCPT TO') {
    // 554 is "transaction failed", which servers use for policy refusals at RCPT.
    return outcome.code === 550 || outcome.code === 551 || outcome.code === 553 ? 'address' : 'policy';
  }
  return 'content';
}

/**
 * Whether an address refusal carries an enhanced code that names the mailbox
 * (5.1.x bad mailbox, 5.2.x mailbox unavailable): a relay refusing the sender
 * does not say that, so it is bounced at once. A bare 550 may be either.
 */
export function namesMailbox(outcome: Pick<SendOutcome, 'response'>): boolean {
  const enhanced = /\b5\.([12])\.(\d{1,3})\b/.exec(outcome.response);
  return !!enhanced && !(enhanced[1] === '1' && (enhanced[2] === '7' || enhanced[2] === '8'));
}
