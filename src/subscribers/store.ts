// The subscriber list as the CLI, the importer and the HTTP server see it.
// SQLite (sqlite-store.ts) and PostgreSQL (pg-store.ts) implement it; every
// method returns a promise although better-sqlite3 is synchronous, so callers
// are the same for both engines.
import type { Subscriber, SubscriberReader, SubscriberStatus } from './types.js';
import type { Preferences } from './preferences.js';

/** Who changed a status: the operator's command line, an import file, the public site, delivery (bounces), or the reader's own mail (an unsubscribe by mail). */
export type ChangeSource = 'cli' | 'import' | 'web' | 'delivery' | 'mail';

/** One entry in a subscriber's status history. History is never deleted. */
export interface StatusChange {
  at: string;
  /** null for the entry that created the subscriber. */
  from: SubscriberStatus | null;
  to: SubscriberStatus;
  source: ChangeSource;
  reason: string;
}

/** Why a change is being made; recorded with it. */
export interface ChangeNote {
  source: ChangeSource;
  reason: string;
}

/** A subscriber, by id or by address (any case; normalised by the store). */
export type SubscriberKey = number | string;

/** One address to add or update. `email` must already have passed checkAddress. */
export interface UpsertRow {
  email: string;
  /** Empty or missing keeps the name already stored. */
  name?: string | null;
  /** The status asked for; see upsertMany for what is honoured. */
  status: SubscriberStatus;
  /** The input line, for import runs. */
  line?: number;
  /**
   * Preferences to set (CSV import's optional columns): only the fields given
   * change; a new subscriber gets the defaults for the rest. Applied with the
   * row's name and status, so never on a refused or duplicate row.
   */
  preferences?: Partial<Preferences>;
}

export interface UpsertOptions extends ChangeNote {
  /**
   * Identifies one import run: a second row for an address already seen in
   * the same run is reported as a duplicate of the first, without keeping the
   * run's addresses in memory. A departure (unsubscribed, bounced,
   * complained) on the later row still applies: losing an unsubscribe because
   * the file named the address twice would mail someone who left.
   */
  runId?: string;
}

/** What happened to one row. */
export type UpsertOutcome =
  | { kind: 'created'; subscriber: Subscriber }
  | { kind: 'updated'; subscriber: Subscriber; statusChanged: boolean }
  | { kind: 'unchanged'; subscriber: Subscriber }
  /** The address left the list (unsubscribed, bounced or complained): never re-subscribed this way. */
  | { kind: 'refused'; subscriber: Subscriber; since: string }
  /** `applied`: the later row's departure was recorded all the same. */
  | { kind: 'duplicate'; firstLine: number; applied?: SubscriberStatus };

export interface ListOptions {
  /** Keyset pagination: subscribers with id > afterId, by id. */
  afterId?: number;
  limit: number;
  status?: SubscriberStatus;
}

/** The result of a status change: the subscriber after it, and whether anything changed. */
export interface StatusResult {
  subscriber: Subscriber;
  changed: boolean;
}

export interface SubscriberStore extends SubscriberReader {
  /** Rows per upsertMany call this store handles best (the importer's batch size). */
  readonly batchSize?: number;
  /** One subscriber, or null. */
  find(key: SubscriberKey): Promise<Subscriber | null>;
  /** Every status change of one subscriber, oldest first. */
  history(id: number): Promise<StatusChange[]>;
  /** A page of subscribers by id. */
  list(options: ListOptions): Promise<Subscriber[]>;
  /**
   * Adds or updates addresses, all in one transaction. A new address gets the
   * status asked for. An existing one moves forward only (pending to confirmed,
   * anything to unsubscribed/bounced/complained); it never goes back from
   * confirmed to pending, and an address that left the list is 'refused', not
   * re-subscribed. A non-empty name replaces the stored one, and the row's
   * preferences replace the stored ones field by field; a preference change of
   * an existing subscriber is recorded in their history as setPreferences does
   * (after the status change when a row makes both).
   */
  upsertMany(rows: readonly UpsertRow[], options: UpsertOptions): Promise<UpsertOutcome[]>;
  /**
   * Moves one subscriber to `to` (recording the change) unless it is already
   * there or, when `onlyFrom` is given, its status is not in it. null when unknown.
   */
  setStatus(key: SubscriberKey, to: SubscriberStatus, note: ChangeNote & { onlyFrom?: readonly SubscriberStatus[] }): Promise<StatusResult | null>;
  /**
   * Changes a subscriber's preferences (only the fields given) and records the
   * change in their history, like a status change (from and to are the
   * unchanged status; the reason says what changed). null when unknown.
   */
  setPreferences(key: SubscriberKey, patch: Partial<Preferences>, note: ChangeNote): Promise<StatusResult | null>;
  /** Delivery's report of a permanent failure: pending or confirmed becomes bounced. True when it changed. */
  markBounced(key: SubscriberKey, reason: string): Promise<boolean>;
  /**
   * Claims the right to send a confirmation email now: false when one went to
   * this subscriber less than `minGapMs` ago (so the subscribe form cannot be
   * used to flood someone's mailbox), unless the address left the list since
   * (see LEFT_SINCE_LAST_CONFIRMATION), or when `maxPerDay` went in the last
   * 24 hours (that cap holds in every case).
   */
  claimConfirmation(id: number, minGapMs: number, maxPerDay?: number): Promise<boolean>;
}

/**
 * SQL (both engines) true when the subscriber unsubscribed or bounced after
 * the last confirmation mail went out. That mail's link then no longer works
 * (the confirm page refuses a link older than the departure), so the gap that
 * stops a second mail "moments after the first" would leave a returning reader
 * with no working link and a page saying one is on its way. Each departure
 * waives the gap once: the next mail is newer than it, and the per-day cap
 * still counts every mail. Reads the subscribers row being updated.
 */
export const LEFT_SINCE_LAST_CONFIRMATION = `EXISTS (SELECT 1 FROM subscriber_events e
  WHERE e.subscriber_id = subscribers.id AND e.at > subscribers.confirm_sent_at
    AND e.to_status IN ('unsubscribed', 'bounced') AND e.from_status <> e.to_status)`;

/** Statuses an address reaches by leaving the list; an import or an operator's add never undoes them. */
export const DEPARTED: readonly SubscriberStatus[] = ['unsubscribed', 'bounced', 'complained'];

/** Every status, in the order a subscriber usually goes through them. */
export const STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'];

/** The status an existing subscriber moves to when a row asks for `wanted`; null: stays, 'refused': departed. */
export function nextStatus(current: SubscriberStatus, wanted: SubscriberStatus): SubscriberStatus | null | 'refused' {
  if (current === wanted) return null;
  if (DEPARTED.includes(wanted)) return wanted;
  if (DEPARTED.includes(current)) return 'refused';
  return current === 'pending' && wanted === 'confirmed' ? 'confirmed' : null;
}
