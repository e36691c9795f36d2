// One recipient, from a claimed ledger row to a recorded outcome: check they
// are still subscribed, fill in their message, send it, retry temporary
// failures with back-off, and record every answer as it arrives.
import type { Logger } from '../log.js';
import type { Subscriber } from '../subscribers/types.js';
import { isHeaderSafeMessageId, recipientAddress, type Sender, type UnsubscribeLinks } from './headers.js';
import type { ClaimedDelivery } from './ledger.js';
import type { VariantMessage } from './variants.js';
import { classifyRefusal } from './refusal.js';
import type { RelayWatch } from './relay-watch.js';
import { backoffDelay, sleep, type RetryPolicy } from './retry.js';
import { isRetryable } from './retryable.js';
import type { SendOutcome, Transport } from './transport.js';
import { formatAnswer } from './transports/smtp-outcome.js';

/** What delivery needs from the subscriber list (each engine's store provides it; the ledger queues the list itself). */
export interface DeliveryAudience {
  /** One subscriber as it is now, to skip who left the list since their row was queued. */
  find(id: number): Promise<Subscriber | null>;
  /** Records a permanent failure against the address: it gets no more mail. */
  markBounced(id: number, reason: string): Promise<boolean>;
}

/** Everything one recipient's delivery uses, shared by all of a run's workers. */
export interface SendContext {
  /**
   * Records one answer (committed at the end of this turn of the event loop);
   * resolves once it is committed, so a worker never has more than one accepted
   * message unrecorded (the in-flight window stays one message per connection).
   */
  record(row: ClaimedDelivery, state: 'sent' | 'failed' | 'temp_failed' | 'sending', outcome: SendOutcome): Promise<void>;
  /** Stops the whole send (no recipient is to blame); the row in hand goes back to the queue. */
  pause(reason: string): void;
  /** A refusal of this address: the gate decides when (and whether) the subscriber is marked bounced. */
  refused(row: ClaimedDelivery, outcome: SendOutcome): Promise<void>;
  /** A message the relay accepted: refusals held so far were about their addresses. */
  accepted(): void;
  relay: RelayWatch;
  /** Marks a row as not to be sent, with why. */
  drop(row: ClaimedDelivery, reason: string): Promise<void>;
  audience: DeliveryAudience;
  transport: Transport;
  /** The signed unsubscribe links of one subscriber. */
  links(subscriberId: number): UnsubscribeLinks;
  /** The Date header of a row's copy (fixed per row, so a resend carries the same bytes). */
  date(row: ClaimedDelivery): Date;
  /** The envelope sender (MAIL FROM) of one subscriber's copy: its VERP return path, or the sender's address. */
  envelopeFrom(subscriberId: number): string;
  logger: Logger;
  /** The prepared message of a row's variant (made once per variant), or why its readers get nothing. */
  message(variant: string): Promise<VariantMessage>;
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
  const subscriber = await findAgainOnce(ctx.audience, row.subscriberId);
  if (subscriber?.status !== 'confirmed') {
    await ctx.drop(row, `not sent: the subscriber is ${subscriber?.status ?? 'gone'}`);
    return 'dropped';
  }
  const address = recipientAddress(row.email);
  if (!address.ok || !isHeaderSafeMessageId(row.messageId)) {
    const response = address.ok ? `not sent: the ledger's Message-ID ${row.messageId} is malformed` : `not sent: ${address.reason}`;
    await ctx.record(row, 'failed', { status: 'permanent', response });
    ctx.logger.warn({ email: row.email, subscriberId: row.subscriberId }, response);
    // An address no issue can ever reach must not stay confirmed and fail every issue.
    if (!address.ok) await bounce(ctx, row, response);
    return 'invalid';
  }
  const prepared = await ctx.message(row.variant);
  if ('skip' in prepared) {
    await ctx.drop(row, prepared.skip);
    return 'dropped';
  }
  const links = ctx.links(row.subscriberId);
  const raw = prepared.message.personalise({ to: address.address, messageId: row.messageId, date: ctx.date(row), unsubscribeUrl: links.url, unsubscribeMailto: links.mailto, preferencesUrl: links.preferences }, scratch.buffer);
  // Too small this time: this message has its own buffer; the next one gets a larger scratch.
  if (raw.buffer !== scratch.buffer.buffer) scratch.buffer = Buffer.allocUnsafeSlow(Math.ceil(raw.length * 1.25));
  const outgoing = { to: address.address, from: ctx.envelopeFrom(row.subscriberId), messageId: row.messageId, raw, signal: ctx.signal };
  let outageWaits = 0;

  let attempt = 0;
  for (;;) {
    if (ctx.signal.aborted || !ctx.holdsClaims()) return 'released';
    const answersBefore = ctx.relay.answers;
    const outcome = await ctx.transport.send(outgoing);
    // Never handed over (the run stopped while it waited for a rate limit): no attempt to record; the row goes back to the queue.
    if (outcome.stopped) return 'released';
    if (outcome.status === 'temporary' && outcome.connection) {
      if (ctx.relay.unreachable(outcome.response)) {
        // Logged as an error so that a terminal (where send logs only errors) says why nothing moves.
        ctx.logger.error({ response: outcome.response }, `cannot reach the SMTP server (${outcome.response}); retrying with back-off for up to ${ctx.relay.budgetSeconds} s (SMTP_OUTAGE_MS) before pausing`);
      }
      if (ctx.relay.givenUp()) {
        ctx.pause(`the SMTP server could not be reached ${ctx.relay.describe()}`);
        return 'released';
      }
      // Nobody got through since this attempt began: the relay is down, and the
      // attempt is not held against the recipient. Waits grow as the outage lasts.
      if (ctx.relay.answers === answersBefore) {
        await ctx.record(row, 'sending', outcome);
        await sleep(Math.min(backoffDelay(ctx.retry, ++outageWaits), ctx.relay.budgetLeft() + 10), ctx.signal);
        continue;
      }
    } else {
      ctx.relay.answered();
      outageWaits = 0;
    }
    attempt++;
    if (outcome.status === 'sent') {
      await ctx.record(row, 'sent', outcome);
      ctx.accepted();
      return 'sent';
    }
    if (outcome.status === 'permanent') {
      const kind = classifyRefusal(outcome);
      if (kind === 'policy') {
        ctx.pause(`the SMTP server refused ${row.email} for a reason about the sender or the connection, not the address (${formatAnswer(outcome.code, outcome.response)}); nobody was marked bounced`);
        return 'released';
      }
      await ctx.record(row, 'failed', outcome);
      ctx.logger.warn({ email: row.email, code: outcome.code, response: outcome.response }, 'permanent failure');
      if (kind === 'address') await ctx.refused(row, outcome);
      return 'failed';
    }
    const last = attempt >= ctx.retry.attempts;
    await ctx.record(row, last ? 'temp_failed' : 'sending', outcome);
    if (last) {
      ctx.logger.warn({ email: row.email, code: outcome.code, response: outcome.response, attempts: attempt }, 'temporary failure; left for the next run');
      return 'temp_failed';
    }
    await sleep(backoffDelay(ctx.retry, attempt), ctx.signal);
  }
}

/** The subscriber as they are now; a lookup whose database connection was lost is tried once more on a fresh one. */
async function findAgainOnce(audience: DeliveryAudience, id: number): Promise<Subscriber | null> {
  try {
    return await audience.find(id);
  } catch (err) {
    if (!isRetryable(err)) throw err;
    return audience.find(id);
  }
}

/** Marks the subscriber as bounced: they get no more mail (`gazette subscribers restore` undoes it). */
export async function bounce(ctx: Pick<SendContext, 'audience' | 'logger'>, row: ClaimedDelivery, reason: string): Promise<void> {
  try {
    await ctx.audience.markBounced(row.subscriberId, reason);
  } catch (err) {
    ctx.logger.error({ err, subscriberId: row.subscriberId }, 'could not mark the subscriber as bounced');
  }
}
