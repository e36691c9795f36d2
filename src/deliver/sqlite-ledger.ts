// The send ledger on SQLite (better-sqlite3). The driver is synchronous and
// the file is local, so each method does its work at once and returns a
// resolved promise: the async interface costs the hot path one microtask.
// Claims are taken inside an IMMEDIATE transaction (SQLite's write lock), so
// two processes on one file never claim the same row.
import type { DeliveryGroup } from '../editions/due.js';
import { editionKind } from '../editions/edition.js';
import type { RenderedIssue } from '../render/types.js';
import { migrate, type Db } from '../store/sqlite.js';
import { STEPS as SUBSCRIBER_STEPS } from '../subscribers/sqlite-store.js';
import { messageIdFor, type Sender } from './headers.js';
import { emptyCounts, tallyRelays, type RelayCounts, type AudienceGroup, type ClaimedDelivery, type DeliveryFailure, type DeliveryState, type QueuedDelivery, type RecordEntry, type SendLedger } from './ledger.js';
import type { SendOutcome } from './transport.js';

const STEPS = [
  `CREATE TABLE delivery_issues (
     issue_date TEXT PRIMARY KEY,
     -- when delivery of the issue first started: also the Date header of every copy
     started_at TEXT NOT NULL
   );
   CREATE TABLE deliveries (
     issue_date TEXT NOT NULL,
     subscriber_id INTEGER NOT NULL,
     email TEXT NOT NULL,
     message_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'temp_failed', 'failed', 'dropped')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_code INTEGER,
     last_response TEXT,
     claimed_by TEXT,
     claim_expires_at INTEGER,
     queued_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     sent_at TEXT,
     PRIMARY KEY (issue_date, subscriber_id)
   ) WITHOUT ROWID;
   CREATE INDEX deliveries_state ON deliveries (issue_date, state, subscriber_id);`,
  // The relay (host:port) that gave the latest answer, when SMTP_URL lists several.
  'ALTER TABLE deliveries ADD COLUMN relay TEXT;',
  // Per-reader digests: the reader's topics when queued (which rendering they
  // get; '' = the whole issue, so older rows stay valid), and each variant's
  // rendering stored once so every process and every resend sends one set of bytes.
  `ALTER TABLE deliveries ADD COLUMN variant TEXT NOT NULL DEFAULT '';
   CREATE TABLE issue_variants (
     edition TEXT NOT NULL,
     variant TEXT NOT NULL,
     subject TEXT NOT NULL,
     preheader TEXT NOT NULL,
     html TEXT NOT NULL,
     text TEXT NOT NULL,
     issue_json TEXT NOT NULL,
     rendered_at TEXT NOT NULL,
     PRIMARY KEY (edition, variant)
   );`,
];

/** The ledger of one SQLite database. */
export class SqliteSendLedger implements SendLedger {
  private readonly q;

  constructor(private readonly db: Db) {
    // The ledger reads the list (who is due, with which topics): on a new
    // database, `gazette send` before any subscriber was added found no
    // subscribers table. PostgreSQL migrates every module before any query.
    migrate(db, 'subscribers', SUBSCRIBER_STEPS);
    migrate(db, 'deliver', STEPS);
    this.q = {
      startIssue: db.prepare('INSERT INTO delivery_issues (issue_date, started_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      startedAt: db.prepare('SELECT started_at FROM delivery_issues WHERE issue_date = ?').pluck(),
      enqueue: db.prepare(`INSERT INTO deliveries (issue_date, subscriber_id, email, message_id, state, queued_at, updated_at)
        VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING`),
      // INDEXED BY: left to itself SQLite walks the primary key to save the sort
      // and reads every row of the issue per claim, which grows with the list.
      expired: db.prepare(`SELECT subscriber_id FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state = 'sending' AND claim_expires_at <= ? ORDER BY subscriber_id LIMIT ?`).pluck(),
      retryable: db.prepare(`SELECT subscriber_id FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state = 'temp_failed' AND claimed_by IS NOT ? ORDER BY subscriber_id LIMIT ?`).pluck(),
      // Rows never tried come before rows tried already (refusals reopened after
      // a streak, rows of a paused run): else a run of refused addresses at the
      // head of the list would come first, and stop the send, on every run.
      queued: db.prepare(`SELECT subscriber_id FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state = 'queued' AND attempts = 0 ORDER BY subscriber_id LIMIT ?`).pluck(),
      queuedTried: db.prepare(`SELECT subscriber_id FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state = 'queued' AND attempts > 0 ORDER BY subscriber_id LIMIT ?`).pluck(),
      take: db.prepare(`UPDATE deliveries SET state = 'sending', claimed_by = ?, claim_expires_at = ?, updated_at = ?
        WHERE issue_date = ? AND subscriber_id = ? RETURNING subscriber_id AS subscriberId, email, message_id AS messageId, attempts, last_code AS lastCode, variant, queued_at AS queuedAt`),
      renew: db.prepare(`UPDATE deliveries INDEXED BY deliveries_state SET claim_expires_at = ? WHERE issue_date = ? AND claimed_by = ? AND state = 'sending'`),
      record: db.prepare(`UPDATE deliveries SET state = @state, attempts = attempts + 1, last_code = @code, last_response = @response,
          relay = @relay, updated_at = @at, sent_at = CASE WHEN @state = 'sent' THEN @at ELSE sent_at END,
          claim_expires_at = CASE WHEN @state = 'sending' THEN claim_expires_at ELSE NULL END
        WHERE issue_date = @date AND subscriber_id = @id AND claimed_by = @run AND state = 'sending'`),
      drop: db.prepare(`UPDATE deliveries SET state = 'dropped', last_response = ?, updated_at = ?, claim_expires_at = NULL
        WHERE issue_date = ? AND subscriber_id = ? AND claimed_by = ? AND state = 'sending'`),
      release: db.prepare(`UPDATE deliveries INDEXED BY deliveries_state SET state = 'queued', claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
        WHERE issue_date = ? AND claimed_by = ? AND state = 'sending'`),
      reopen: db.prepare(`UPDATE deliveries SET state = 'queued', claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
        WHERE issue_date = ? AND subscriber_id = ? AND state = ?`),
      holders: db.prepare(`SELECT DISTINCT claimed_by FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state = 'sending' AND claim_expires_at > ?`).pluck(),
      expire: db.prepare(`UPDATE deliveries INDEXED BY deliveries_state SET claim_expires_at = 0 WHERE issue_date = ? AND claimed_by = ? AND state = 'sending'`),
      nextExpiry: db.prepare(`SELECT min(claim_expires_at) FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state = 'sending' AND claimed_by IS NOT ?`).pluck(),
      // Rows someone else has to send: this run's own rows in flight are its workers' business.
      remaining: db.prepare(`SELECT
          (SELECT count(*) FROM deliveries INDEXED BY deliveries_state WHERE issue_date = @date AND state = 'queued')
        + (SELECT count(*) FROM deliveries INDEXED BY deliveries_state WHERE issue_date = @date AND state IN ('sending', 'temp_failed') AND claimed_by IS NOT @run)`).pluck(),
      counts: db.prepare('SELECT state, count(*) AS n FROM deliveries WHERE issue_date = ? GROUP BY state'),
      relayCounts: db.prepare(`SELECT relay, state, count(*) AS n FROM deliveries
        WHERE issue_date = ? AND relay IS NOT NULL AND state IN ('sent', 'failed', 'temp_failed') GROUP BY relay, state`),
      variants: db.prepare('SELECT DISTINCT variant FROM deliveries WHERE issue_date = ? ORDER BY variant').pluck(),
      storedVariant: db.prepare('SELECT subject, preheader, html, text, issue_json FROM issue_variants WHERE edition = ? AND variant = ?'),
      storeVariant: db.prepare(`INSERT INTO issue_variants (edition, variant, subject, preheader, html, text, issue_json, rendered_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      failures: db.prepare(`SELECT email, last_code AS code, last_response AS message, state FROM deliveries INDEXED BY deliveries_state
        WHERE issue_date = ? AND state IN ('failed', 'temp_failed') ORDER BY subscriber_id LIMIT ?`),
    };
  }

  /** Marks delivery of `date` as started (once) and returns when it first started. */
  async start(date: string, now: Date): Promise<Date> {
    this.q.startIssue.run(date, now.toISOString());
    return new Date(this.q.startedAt.get(date) as string);
  }

  /**
   * Queues every confirmed subscriber of the list that is not in the ledger
   * yet, in keyset batches of INSERT ... SELECT. The list and the ledger live
   * in one database, so no subscriber passes through JavaScript on the way:
   * enqueuing 200,000 costs the same memory as 20,000 (with a row object per
   * subscriber the V8 heap grew with the list). Each row's Message-ID is
   * messageIdFor's, run inside SQLite as a function.
   */
  async enqueueConfirmed(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, batchSize = 500): Promise<number> {
    // Daily readers get daily editions, weekly readers weekly ones (editions/due.ts).
    return this.enqueueWhere(date, sender, now, batchSize, '', 'AND (frequency LIKE \'weekly:%\') = @weekly', { weekly: editionKind(date) === 'weekly' ? 1 : 0 });
  }

  /**
   * One keyset pass over the list in id order, taking the subscribers of the
   * due groups (a JSON set the statement reads with json_each). One pass per
   * group along subscribers_delivery was measured 4x slower at 100,000 readers
   * in 24 groups: each pass inserted across the whole ledger's key range again.
   */
  async enqueueDue(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, groups: readonly DeliveryGroup[], batchSize = 500): Promise<number> {
    if (groups.length === 0) return 0;
    const set = JSON.stringify(groups.map((g) => [g.frequency, g.timezone, g.sendHour]));
    return this.enqueueWhere(date, sender, now, batchSize, '',
      'AND (frequency, timezone, send_hour) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@groups))', { groups: set });
  }

  private enqueueWhere(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, batchSize: number, index: string, filter: string, params: Record<string, unknown>): number {
    const at = now.toISOString();
    const from = { name: '', address: sender.address, domain: sender.domain };
    this.db.function('gazette_message_id', { deterministic: true }, (id: unknown) => messageIdFor(date, Number(id), from));
    const insert = this.db.prepare(`INSERT INTO deliveries (issue_date, subscriber_id, email, message_id, state, queued_at, updated_at, variant)
      SELECT @date, id, email, gazette_message_id(id), 'queued', @at, @at, topics FROM subscribers ${index}
       WHERE status = 'confirmed' ${filter} AND id > @after AND id <= @last
      ON CONFLICT DO NOTHING`);
    const lastOfBatch = this.db.prepare(`SELECT max(id) FROM (SELECT id FROM subscribers ${index} WHERE status = 'confirmed' ${filter} AND id > @after ORDER BY id LIMIT @limit)`).pluck();
    let after = 0;
    let added = 0;
    for (;;) {
      const last = this.db.transaction(() => {
        const upTo = lastOfBatch.get({ ...params, after, limit: batchSize }) as number | null;
        if (upTo !== null) added += insert.run({ ...params, date, at, after, last: upTo }).changes;
        return upTo;
      }).immediate();
      if (last === null) return added;
      after = last;
    }
  }

  async audienceGroups(): Promise<AudienceGroup[]> {
    // Prepared here, not with the others: the ledger may be opened on a database without the list.
    return this.db.prepare(`SELECT frequency, timezone, send_hour AS sendHour, count(*) AS subscribers FROM subscribers
      WHERE status = 'confirmed' GROUP BY frequency, timezone, send_hour ORDER BY frequency, timezone, send_hour`).all() as AudienceGroup[];
  }

  async audienceVariants(groups: readonly DeliveryGroup[]): Promise<{ variant: string; subscribers: number }[]> {
    if (groups.length === 0) return [];
    return this.db.prepare(`SELECT topics AS variant, count(*) AS subscribers FROM subscribers WHERE status = 'confirmed'
      AND (frequency, timezone, send_hour) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)) GROUP BY topics ORDER BY topics`)
      .all(JSON.stringify(groups.map((g) => [g.frequency, g.timezone, g.sendHour]))) as { variant: string; subscribers: number }[];
  }

  async variants(date: string): Promise<string[]> {
    return this.q.variants.all(date) as string[];
  }

  async storedVariant(date: string, variant: string): Promise<RenderedIssue | null> {
    const row = this.q.storedVariant.get(date, variant) as { subject: string; preheader: string; html: string; text: string; issue_json: string } | undefined;
    return row ? { issue: JSON.parse(row.issue_json), subject: row.subject, preheader: row.preheader, html: row.html, text: row.text } : null;
  }

  async storeVariant(date: string, variant: string, r: RenderedIssue, now: Date): Promise<RenderedIssue> {
    this.q.storeVariant.run(date, variant, r.subject, r.preheader, r.html, r.text, JSON.stringify(r.issue), now.toISOString());
    return (await this.storedVariant(date, variant))!;
  }

  /** Queues rows not queued yet (a subscriber already in the ledger keeps its row); returns how many were new. */
  async enqueue(date: string, rows: readonly QueuedDelivery[], now: Date): Promise<number> {
    const at = now.toISOString();
    return this.db.transaction(() => {
      let added = 0;
      for (const r of rows) added += this.q.enqueue.run(date, r.subscriberId, r.email, r.messageId, at, at).changes;
      return added;
    }).immediate();
  }

  /**
   * Claims up to `limit` rows for `run` until `now + ttlMs`: first rows whose
   * claim expired (a sender died mid-way), then temporary failures of earlier
   * runs, then queued rows (those never tried first).
   */
  async claim(date: string, run: string, now: number, ttlMs: number, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.transaction(() => {
      const ids = this.q.expired.all(date, now, limit) as number[];
      if (ids.length < limit) ids.push(...(this.q.retryable.all(date, run, limit - ids.length) as number[]));
      if (ids.length < limit) ids.push(...(this.q.queued.all(date, limit - ids.length) as number[]));
      if (ids.length < limit) ids.push(...(this.q.queuedTried.all(date, limit - ids.length) as number[]));
      const at = new Date(now).toISOString();
      return ids.map((id) => this.q.take.get(run, now + ttlMs, at, date, id) as ClaimedDelivery);
    }).immediate();
  }

  /** Extends the claims `run` holds; returns how many rows it still holds. */
  async renew(date: string, run: string, expiresAt: number): Promise<number> {
    return this.q.renew.run(expiresAt, date, run).changes;
  }

  /**
   * Records one attempt's answer. `state` is where the row goes: 'sending' while
   * retries remain. False when `run` no longer holds the row (its claim lapsed).
   */
  async record(date: string, subscriberId: number, run: string, state: DeliveryState, outcome: SendOutcome, now: Date): Promise<boolean> {
    return this.q.record.run({
      state, code: outcome.code ?? null, response: outcome.response, relay: outcome.relay ?? null, at: now.toISOString(), date, id: subscriberId, run,
    }).changes === 1;
  }

  /**
   * Records several answers in one transaction (in order); for each, whether
   * `run` still held the row. One commit for all the answers that arrived in
   * the same turn of the event loop costs far less than one commit each.
   */
  async recordMany(date: string, run: string, entries: readonly RecordEntry[]): Promise<boolean[]> {
    return this.db.transaction(() => entries.map((e) => this.q.record.run({
      state: e.state, code: e.outcome.code ?? null, response: e.outcome.response, relay: e.outcome.relay ?? null, at: e.at.toISOString(), date, id: e.subscriberId, run,
    }).changes === 1)).immediate();
  }

  /** Marks a claimed row as not to be sent (the subscriber left the list since it was queued). */
  async drop(date: string, subscriberId: number, run: string, reason: string, now: Date): Promise<void> {
    this.q.drop.run(reason, now.toISOString(), date, subscriberId, run);
  }

  /** Puts rows recorded as failed back in the queue (their refusal turned out not to be about the address). */
  async reopen(date: string, subscriberIds: readonly number[], now: Date, state: 'failed' | 'sent' = 'failed'): Promise<number> {
    const at = now.toISOString();
    return this.db.transaction(() => subscriberIds.reduce((n, id) => n + this.q.reopen.run(at, date, id, state).changes, 0)).immediate();
  }

  /** Puts a subscriber's failed copy of the latest issue back in the queue; returns that issue's date, or null when there was none. */
  /** Gives back the rows `run` holds without an answer, for the next run. Only call once nothing is in flight. */
  async release(date: string, run: string, now: Date): Promise<number> {
    return this.q.release.run(now.toISOString(), date, run).changes;
  }

  /** Ends the claims of holders `isGone` says are dead, so their rows can be taken at once. Returns how many holders. */
  async reap(date: string, now: number, isGone: (holder: string) => boolean): Promise<number> {
    let reaped = 0;
    for (const holder of this.q.holders.all(date, now) as string[]) {
      if (!isGone(holder)) continue;
      this.q.expire.run(date, holder);
      reaped++;
    }
    return reaped;
  }

  /** The earliest expiry among other runs' claims, or null. */
  async nextExpiry(date: string, run: string): Promise<number | null> {
    return (this.q.nextExpiry.get(date, run) as number | null) ?? null;
  }

  /** Rows still to send that `run`'s workers do not hold: queued, claimed by others, or failed temporarily in another run. */
  async remaining(date: string, run: string): Promise<number> {
    return this.q.remaining.get({ date, run }) as number;
  }

  /** How many subscribers confirmed now already have the issue of `date`. */
  async deliveredToConfirmed(date: string): Promise<number> {
    return this.db.prepare(`SELECT count(*) FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
      WHERE d.issue_date = ? AND d.state = 'sent' AND s.status = 'confirmed'`).pluck().get(date) as number;
  }

  async dueState(date: string, groups: readonly DeliveryGroup[]): Promise<{ have: number; owed: number }> {
    const inGroups = `s.status = 'confirmed' AND (s.frequency, s.timezone, s.send_hour) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@groups))`;
    return this.db.prepare(`SELECT
        (SELECT count(*) FROM subscribers s JOIN deliveries d ON d.subscriber_id = s.id AND d.issue_date = @date AND d.state = 'sent' WHERE ${inGroups}) AS have,
        (SELECT count(*) FROM subscribers s WHERE ${inGroups} AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.issue_date = @date AND d.subscriber_id = s.id))
        + (SELECT count(*) FROM deliveries WHERE issue_date = @date AND state IN ('queued', 'sending', 'temp_failed')) AS owed`)
      .get({ date, groups: JSON.stringify(groups.map((g) => [g.frequency, g.timezone, g.sendHour])) }) as { have: number; owed: number };
  }

  /** How many rows of `date` are in each state. */
  async counts(date: string): Promise<Record<DeliveryState, number>> {
    const counts = emptyCounts();
    for (const row of this.q.counts.all(date) as { state: DeliveryState; n: number }[]) counts[row.state] = row.n;
    return counts;
  }

  /** Messages of `date` per relay that answered them last (only rows a listed relay answered). */
  async relayCounts(date: string): Promise<RelayCounts> {
    return tallyRelays(this.q.relayCounts.all(date) as { relay: string; state: DeliveryState; n: number }[]);
  }

  /** Up to `limit` recipients of `date` that did not get it, permanent or not. */
  async failures(date: string, limit: number): Promise<DeliveryFailure[]> {
    const rows = this.q.failures.all(date, limit) as { email: string; code: number | null; message: string | null; state: DeliveryState }[];
    return rows.map((r) => ({ email: r.email, code: r.code, message: r.message ?? '', permanent: r.state === 'failed' }));
  }
}
