// The send ledger: one row per (issue date, subscriber), the single source of
// truth for "has this person got this issue". One async interface, one
// implementation per engine (sqlite-ledger.ts, pg-ledger.ts, picked by
// openSendLedger in open-ledger.ts); the delivery
// logic (deliver-issue, claim-feed, record-queue, send-one) sees only this.
// Hand-written because no job-queue library fits: the queues for Node either
// need Redis (BullMQ) or keep opaque tables of their own, while this needs a
// row keyed by issue and subscriber, the SMTP answer of every attempt, and
// claims that several `gazette send` processes share safely. That is one table
// and a handful of statements per engine.
//
// Claims: a process marks a batch of rows 'sending' with its run id and an
// expiry, so two processes can never claim the same row (SQLite: its write
// lock; PostgreSQL: FOR UPDATE SKIP LOCKED). It records each answer as it
// arrives (committed with the other answers of the same turn, see
// record-queue.ts), only while it still holds the claim, and renews the claim
// while it works. A row left 'sending' by a process that died is taken over
// once its claim expires (at once when the process is known to be gone) and
// sent again with the same Message-ID: the contract's one window.
import type { DeliveryGroup } from '../editions/due.js';
import type { RenderedIssue } from '../render/types.js';
import type { Sender } from './headers.js';
import type { SendOutcome } from './transport.js';

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'temp_failed' | 'failed' | 'dropped';

/** A row this run now holds. */
export interface ClaimedDelivery {
  subscriberId: number;
  email: string;
  messageId: string;
  /** Attempts made before this claim (by any run). */
  attempts: number;
  /** The reply code of the last answer before this claim (a refusal reopened from an earlier run keeps it), or null. */
  lastCode: number | null;
  /** The reader's topics when queued ('' = the whole issue): which rendering of the edition they get. */
  variant: string;
  /** When the row was queued (ISO): when the reader fell due, the Date of their copy. */
  queuedAt: string;
}

/** A delivery group and how many confirmed subscribers are in it. */
export interface AudienceGroup extends DeliveryGroup {
  subscribers: number;
}

/** A row to queue. */
export interface QueuedDelivery {
  subscriberId: number;
  email: string;
  messageId: string;
}

/** One answer to record. */
export interface RecordEntry {
  subscriberId: number;
  /** Where the row goes: 'sending' while retries remain. */
  state: DeliveryState;
  outcome: SendOutcome;
  at: Date;
}

/** A recipient that did not get the issue. */
export interface DeliveryFailure {
  email: string;
  code: number | null;
  message: string;
  /** false: a temporary failure, retried on the next run. */
  permanent: boolean;
}

/** The ledger of one database, on either engine. */
export interface SendLedger {
  /** Marks delivery of `date` as started (once) and returns when it first started. */
  start(date: string, now: Date): Promise<Date>;
  /**
   * Queues every confirmed subscriber of the edition's kind (daily readers for
   * a date, weekly readers for a week) not in the ledger yet, in keyset batches
   * of INSERT ... SELECT (no subscriber passes through JavaScript, so memory
   * stays flat however long the list). Each row's Message-ID is the one
   * messageIdFor(date, id, sender) makes. Returns how many were new.
   */
  enqueueConfirmed(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, batchSize?: number): Promise<number>;
  /**
   * Queues the confirmed subscribers of `groups` (frequency, zone, hour) not in
   * the ledger yet, the same way (keyset INSERT ... SELECT in id order, all the
   * groups in one pass); each row's variant is the subscriber's topics.
   * Returns how many were new.
   */
  enqueueDue(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, groups: readonly DeliveryGroup[], batchSize?: number): Promise<number>;
  /** The (frequency, zone, hour) groups of the confirmed list with their sizes. */
  audienceGroups(): Promise<AudienceGroup[]>;
  /** How many confirmed subscribers of `groups` have each topic set (variant); for plans, not the send. */
  audienceVariants(groups: readonly DeliveryGroup[]): Promise<{ variant: string; subscribers: number }[]>;
  /** The distinct variants among the rows of `date`. */
  variants(date: string): Promise<string[]>;
  /** The stored rendering of one variant of an edition, or null. */
  storedVariant(date: string, variant: string): Promise<RenderedIssue | null>;
  /**
   * Stores a variant's rendering unless one is stored already, and returns the
   * stored one: every process and every resend sends the same bytes.
   */
  storeVariant(date: string, variant: string, rendered: RenderedIssue, now: Date): Promise<RenderedIssue>;
  /** Queues rows not queued yet (a subscriber already in the ledger keeps its row); returns how many were new. */
  enqueue(date: string, rows: readonly QueuedDelivery[], now: Date): Promise<number>;
  /**
   * Claims up to `limit` rows for `run` until `now + ttlMs`: first rows whose
   * claim expired (a sender died mid-way), then temporary failures of other
   * runs, then queued rows (those never tried first). Returned in that order.
   */
  claim(date: string, run: string, now: number, ttlMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Extends the claims `run` holds; returns how many rows it still holds. */
  renew(date: string, run: string, expiresAt: number): Promise<number>;
  /**
   * Records one attempt's answer. `state` is where the row goes: 'sending' while
   * retries remain. False when `run` no longer holds the row (its claim lapsed).
   */
  record(date: string, subscriberId: number, run: string, state: DeliveryState, outcome: SendOutcome, now: Date): Promise<boolean>;
  /** Records several answers at once (one commit); for each, whether `run` still held the row. */
  recordMany(date: string, run: string, entries: readonly RecordEntry[]): Promise<boolean[]>;
  /** Marks a claimed row as not to be sent (the subscriber left the list since it was queued). */
  drop(date: string, subscriberId: number, run: string, reason: string, now: Date): Promise<void>;
  /**
   * Puts rows recorded as failed back in the queue (their refusal turned out
   * not to be about the address); with `state` 'sent', rows recorded as sent,
   * for a caller that knows those copies came back as bounces.
   */
  reopen(date: string, subscriberIds: readonly number[], now: Date, state?: 'failed' | 'sent'): Promise<number>;
  /** Gives back the rows `run` holds without an answer, for the next run. Only call once nothing is in flight. */
  release(date: string, run: string, now: Date): Promise<number>;
  /** Ends the claims of holders `isGone` says are dead, so their rows can be taken at once. Returns how many holders. */
  reap(date: string, now: number, isGone: (holder: string) => boolean): Promise<number>;
  /** The earliest expiry among other runs' claims, or null. */
  nextExpiry(date: string, run: string): Promise<number | null>;
  /** Rows still to send that `run`'s workers do not hold: queued, claimed by others, or failed temporarily in another run. */
  remaining(date: string, run: string): Promise<number>;
  /** How many subscribers confirmed now already have the issue of `date`. */
  deliveredToConfirmed(date: string): Promise<number>;
  /**
   * What a send of `date` to `groups` would do now: `have` = confirmed
   * subscribers of the groups already sent it; `owed` = those of the groups
   * not in the ledger yet plus every row still owed (queued, sending, failed
   * temporarily). For plans (`send --dry-run`, `status`), not the send.
   */
  dueState(date: string, groups: readonly DeliveryGroup[]): Promise<{ have: number; owed: number }>;
  /** How many rows of `date` are in each state. */
  counts(date: string): Promise<Record<DeliveryState, number>>;
  /** Messages of `date` per relay (host:port) that answered them last; only rows a listed relay answered. */
  relayCounts(date: string): Promise<RelayCounts>;
  /** Up to `limit` recipients of `date` that did not get it, permanent or not. */
  failures(date: string, limit: number): Promise<DeliveryFailure[]>;
}

/** Zero of every state, for counts to fill in. */
export function emptyCounts(): Record<DeliveryState, number> {
  return { queued: 0, sending: 0, sent: 0, temp_failed: 0, failed: 0, dropped: 0 };
}

/** Messages per relay: delivered, and failed (permanently or for this run). */
export type RelayCounts = Record<string, { sent: number; failed: number }>;

/** Folds (relay, state, n) rows into RelayCounts. */
export function tallyRelays(rows: readonly { relay: string; state: DeliveryState; n: number }[]): RelayCounts {
  const out: RelayCounts = {};
  for (const row of rows) {
    const r = (out[row.relay] ??= { sent: 0, failed: 0 });
    if (row.state === 'sent') r.sent += Number(row.n);
    else r.failed += Number(row.n);
  }
  return out;
}

/** One line per relay, busiest first: "relay a.example:587: 120 sent, 2 failed". */
export function relayLines(relays: RelayCounts | undefined): string[] {
  return Object.entries(relays ?? {})
    .sort((a, b) => b[1].sent - a[1].sent || a[0].localeCompare(b[0]))
    .map(([name, c]) => `relay ${name}: ${c.sent} sent, ${c.failed} failed`);
}
