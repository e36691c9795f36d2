// One recipient, from a claimed ledger row to a recorded outcome: check they
// are still subscribed, fill in their message, send it, retry temporary
// failures with back-off, and record every answer as it arrives.
import type { Logger } from '../log.js';
import type { Subscriber } from '../subscribers/types.js';
import { isHeaderSafeMessageId, recipientAddress, type Sender, type UnsubscribeLinks } from './headers.js';
import type { ClaimedDelivery } from './ledger.js';
import type { PreparedMessage } from './message.js';
import { backoffDelay, sleep, type RetryPolicy } from './retry.js';
import type { SendOutcome, Transport } from './transport.js';

/** What delivery needs from the subscriber list (the SQLite store provides it). */
export interface DeliveryAudience {
  /** Up to `limit` confirmed subscribers with id > afterId, by id. */
  confirmedAfter(afterId: number, limit: number): Subscriber[];
  /** One subscriber as it is now, to skip who left the list since their row was queued. */
  find(id: number): Promise<Subscriber | null>;
  /** Records a permanent failure against the address: it gets no more mail. */
  markBounced(id: number, reason: string): Promise<boolean>;
}

/** Everything one recipient's delivery uses, shared by all of a run's workers. */
export interface SendContext {
  /** Records one answer (committed at the end of this turn of the event loop). */
  record(row: ClaimedDelivery, state: 'sent' | 'failed' | 'temp_failed' | 'sending', outcome: SendOutcome): void;
  /** Marks a row as not to be sent, with why. */
  drop(row: ClaimedDelivery, reason: string): void;
  audience: DeliveryAudience;
  transport: Transport;
  /** The signed unsubscribe links of one subscriber. */
  links(subscriberId: number): UnsubscribeLinks;
  logger: Logger;
  message: PreparedMessage;
  sender: Sender;
  retry: RetryPolicy;
  /** Aborted when the run stops (pause, error, interrupt): no new attempt starts. */
  signal: AbortSignal;
  /** False once this run's claims may have lapsed; then nothing more is sent. */
  holdsClaims(): boolean;
}

/** How one recipient ended in this run. */
export type RecipientResult = 'sent' | 'failed' | 'temp_failed' | 'dropped' | 'invalid' | 'released';

/** A worker's reusable message buffer (see PreparedMessage.personalise). */
export interface Scratch {
  buffer: Buffer;
}

/** Delivers one claimed row; resolves to what happened. Throws only when the transport itself fails. */
export async function sendOne(ctx: SendContext, row: ClaimedDelivery, scratch: Scratch): Promise<RecipientResult> {
  const subscriber = await ctx.audience.find(row.subscriberId);
  if (subscriber?.status !== 'confirmed') {
    ctx.drop(row, `not sent: the subscriber is ${subscriber?.status ?? 'gone'}`);
    return 'dropped';
  }
  const address = recipientAddress(row.email);
  if (!address.ok || !isHeaderSafeMessageId(row.messageId)) {
    const response = address.ok ? `not sent: the ledger's Message-ID ${row.messageId} is malformed` : `not sent: ${address.reason}`;
    ctx.record(row, 'failed', { status: 'permanent', response });
    ctx.logger.warn({ email: row.email, subscriberId: row.subscriberId }, response);
    return 'invalid';
  }
  const links = ctx.links(row.subscriberId);
  const raw = ctx.message.personalise({ to: address.address, messageId: row.messageId, unsubscribeUrl: links.url, unsubscribeMailto: links.mailto }, scratch.buffer);
  // Too small this time: this message has its own buffer; the next one gets a larger scratch.
  if (raw.buffer !== scratch.buffer.buffer) scratch.buffer = Buffer.allocUnsafeSlow(Math.ceil(raw.length * 1.25));
  const outgoing = { to: address.address, from: ctx.sender.address, messageId: row.messageId, raw };

  for (let attempt = 1; ; attempt++) {
    if (ctx.signal.aborted || !ctx.holdsClaims()) return 'released';
    const outcome = await ctx.transport.send(outgoing);
    if (outcome.status === 'sent') {
      ctx.record(row, 'sent', outcome);
      return 'sent';
    }
    if (outcome.status === 'permanent') {
      ctx.record(row, 'failed', outcome);
      ctx.logger.warn({ email: row.email, code: outcome.code, response: outcome.response }, 'permanent failure');
      if (isAddressFault(outcome)) await bounce(ctx, row, outcome);
      return 'failed';
    }
    const last = attempt >= ctx.retry.attempts;
    ctx.record(row, last ? 'temp_failed' : 'sending', outcome);
    if (last) {
      ctx.logger.warn({ email: row.email, code: outcome.code, response: outcome.response, attempts: attempt }, 'temporary failure; left for the next run');
      return 'temp_failed';
    }
    await sleep(backoffDelay(ctx.retry, attempt), ctx.signal);
  }
}

/**
 * True when a permanent failure is about the address (so the subscriber is
 * marked bounced): refused at RCPT TO, or an enhanced status code of a bad
 * mailbox (5.1.x) or a disabled one (5.2.1). A 5xx for the content (spam
 * filters, size) is recorded as failed but does not cost the subscriber.
 */
export function isAddressFault(outcome: SendOutcome): boolean {
  return outcome.command === 'RCPT TO' || /\b5\.(1\.\d+|2\.1)\b/.test(outcome.response);
}

async function bounce(ctx: SendContext, row: ClaimedDelivery, outcome: SendOutcome): Promise<void> {
  try {
    await ctx.audience.markBounced(row.subscriberId, `${outcome.code ?? ''} ${outcome.response}`.trim());
  } catch (err) {
    ctx.logger.error({ err, subscriberId: row.subscriberId }, 'could not mark the subscriber as bounced');
  }
}
