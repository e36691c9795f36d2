// The send ledger on PostgreSQL (`pg`), for several workers on one or many
// hosts sharing one database. Every method is one statement (one round trip):
//  - claim picks rows with FOR UPDATE SKIP LOCKED, so workers claiming at once
//    never get the same row and never wait for each other, in the same order
//    as SQLite (expired claims, other runs' temporary failures, queued rows
//    never tried, queued rows tried), and marks them 'sending' in the same
//    statement;
//  - recordMany writes all the answers of one flush with one UPDATE ... FROM
//    unnest(...), returning which rows this run still held;
//  - enqueueConfirmed copies the confirmed list with INSERT ... SELECT in
//    keyset batches, computing each Message-ID in SQL, byte for byte the one
//    messageIdFor() makes (sha256 of "address\ndate\nid", base64url, 12 chars).
// Tables: pg-schema.ts (the same columns as SQLite's).
import type pg from 'pg';
import type { PostgresEngine } from '../store/engine.js';
import type { DeliveryGroup } from '../editions/due.js';
import { editionKind } from '../editions/edition.js';
import type { RenderedIssue } from '../render/types.js';
import type { Sender } from './headers.js';
import { isRetryable } from './retryable.js';
import { emptyCounts, tallyRelays, type RelayCounts, type AudienceGroup, type ClaimedDelivery, type DeliveryFailure, type DeliveryState, type QueuedDelivery, type RecordEntry, type SendLedger } from './ledger.js';
import type { SendOutcome } from './transport.js';

// Each tier locks at most what the tiers before it left of the limit (a
// LIMIT may be an uncorrelated subquery), so no row is locked without being
// claimed. Rows another worker is claiming right now are skipped, not waited
// for; a row another worker claimed a moment ago no longer matches its tier
// when re-checked under the lock (READ COMMITTED re-evaluates WHERE).
const CLAIM = `
WITH expired AS (
  SELECT subscriber_id, 1 AS tier FROM deliveries
   WHERE issue_date = $1 AND state = 'sending' AND claim_expires_at <= $3
   ORDER BY subscriber_id LIMIT $5 FOR UPDATE SKIP LOCKED
), retryable AS (
  SELECT subscriber_id, 2 AS tier FROM deliveries
   WHERE issue_date = $1 AND state = 'temp_failed' AND claimed_by IS DISTINCT FROM $2
   ORDER BY subscriber_id LIMIT greatest(0, $5 - (SELECT count(*) FROM expired)) FOR UPDATE SKIP LOCKED
), fresh AS (
  SELECT subscriber_id, 3 AS tier FROM deliveries
   WHERE issue_date = $1 AND state = 'queued' AND attempts = 0
   ORDER BY subscriber_id LIMIT greatest(0, $5 - (SELECT count(*) FROM expired) - (SELECT count(*) FROM retryable)) FOR UPDATE SKIP LOCKED
), tried AS (
  SELECT subscriber_id, 4 AS tier FROM deliveries
   WHERE issue_date = $1 AND state = 'queued' AND attempts > 0
   ORDER BY subscriber_id LIMIT greatest(0, $5 - (SELECT count(*) FROM expired) - (SELECT count(*) FROM retryable) - (SELECT count(*) FROM fresh)) FOR UPDATE SKIP LOCKED
), picked AS (
  SELECT * FROM expired UNION ALL SELECT * FROM retryable UNION ALL SELECT * FROM fresh UNION ALL SELECT * FROM tried
)
UPDATE deliveries d SET state = 'sending', claimed_by = $2, claim_expires_at = $4, updated_at = $6
  FROM picked
 WHERE d.issue_date = $1 AND d.subscriber_id = picked.subscriber_id
RETURNING picked.tier, d.subscriber_id AS "subscriberId", d.email, d.message_id AS "messageId", d.attempts, d.last_code AS "lastCode", d.variant, d.queued_at AS "queuedAt"`;

// One round trip for a whole flush: the answers come as parallel arrays.
// Only rows this run still holds are written; RETURNING says which.
const RECORD_MANY = `
UPDATE deliveries d SET state = u.state, attempts = d.attempts + 1, last_code = u.code, last_response = u.response,
       relay = u.relay, updated_at = u.at, sent_at = CASE WHEN u.state = 'sent' THEN u.at ELSE d.sent_at END,
       claim_expires_at = CASE WHEN u.state = 'sending' THEN d.claim_expires_at ELSE NULL END
  FROM unnest($3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[]) AS u(id, state, code, response, at, relay)
 WHERE d.issue_date = $1 AND d.subscriber_id = u.id AND d.claimed_by = $2 AND d.state = 'sending'
RETURNING d.subscriber_id AS id`;

// messageIdFor() in SQL: '<date.id.hash@domain>', the hash being the first 12
// characters of the base64url SHA-256 of "address\ndate\nid". PostgreSQL's
// base64 is the standard alphabet ('+', '/'), and 12 characters come before
// any padding or line break, so translating two characters makes it base64url.
const MESSAGE_ID = `'<' || $1 || '.' || b.id || '.' ||
  translate(substr(encode(sha256(convert_to($3 || E'\\n' || $1 || E'\\n' || b.id, 'UTF8')), 'base64'), 1, 12), '+/', '-_') ||
  '@' || $4 || '>'`;

// One batch of the confirmed list (of the delivery groups in $8-$10 when $7 is
// true, else the readers of the edition's kind: daily or weekly:<day>), by id;
// its rows not yet queued are queued, each with the reader's topics as variant.
// All due groups in one pass in id order, as on SQLite (one pass per group
// inserted across the whole ledger's key range again each time).
const ENQUEUE_BATCH = `
WITH b AS (
  SELECT id, email, topics FROM subscribers WHERE status = 'confirmed'
     AND (CASE WHEN $7::boolean THEN (frequency, timezone, send_hour) IN (SELECT * FROM unnest($8::text[], $9::text[], $10::int[]))
               ELSE (frequency LIKE 'weekly:%') = $11::boolean END)
     AND id > $5 ORDER BY id LIMIT $6
), ins AS (
  INSERT INTO deliveries (issue_date, subscriber_id, email, message_id, state, queued_at, updated_at, variant)
  SELECT $1, b.id, b.email, ${MESSAGE_ID}, 'queued', $2, $2, b.topics FROM b
  ON CONFLICT DO NOTHING RETURNING 1
)
SELECT (SELECT max(id) FROM b) AS last, (SELECT count(*) FROM ins) AS added`;

/** The ledger of one PostgreSQL database, shared by any number of worker processes. */
export class PgSendLedger implements SendLedger {
  private readonly pool: pg.Pool;
  private migrated: Promise<void> | undefined;

  constructor(private readonly engine: PostgresEngine) {
    this.pool = engine.pool;
  }

  /**
   * Runs one statement once the schema is in place (engine.ready() is
   * memoised). A statement that may safely run twice is tried once more on a
   * fresh connection when its connection was lost; claim and recordMany are
   * not, and their callers (claim-feed, record-queue) wait and retry instead.
   */
  private async q<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[], idempotent = true): Promise<pg.QueryResult<R>> {
    await (this.migrated ??= this.engine.ready());
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      if (!idempotent || !isRetryable(err)) throw err;
      return this.pool.query<R>(sql, params);
    }
  }

  async start(date: string, now: Date): Promise<Date> {
    // The no-op update makes RETURNING give the row whether or not it was just inserted.
    const { rows } = await this.q<{ started_at: string }>(`INSERT INTO delivery_issues (issue_date, started_at) VALUES ($1, $2)
      ON CONFLICT (issue_date) DO UPDATE SET started_at = delivery_issues.started_at RETURNING started_at`, [date, now.toISOString()]);
    return new Date(rows[0]!.started_at);
  }

  async enqueueConfirmed(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, batchSize = 2000): Promise<number> {
    return this.enqueueGroup(date, sender, now, null, batchSize);
  }

  async enqueueDue(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, groups: readonly DeliveryGroup[], batchSize = 2000): Promise<number> {
    return groups.length === 0 ? 0 : this.enqueueGroup(date, sender, now, groups, batchSize);
  }

  private async enqueueGroup(date: string, sender: Pick<Sender, 'address' | 'domain'>, now: Date, g: readonly DeliveryGroup[] | null, batchSize: number): Promise<number> {
    const at = now.toISOString();
    let after = 0;
    let added = 0;
    for (;;) {
      const { rows } = await this.q<{ last: number | null; added: number }>(ENQUEUE_BATCH, [date, at, sender.address, sender.domain, after, batchSize, g !== null, (g ?? []).map((x) => x.frequency), (g ?? []).map((x) => x.timezone), (g ?? []).map((x) => x.sendHour), editionKind(date) === 'weekly']);
      const { last } = rows[0]!;
      added += rows[0]!.added;
      if (last === null) return added;
      after = last;
    }
  }

  async audienceGroups(): Promise<AudienceGroup[]> {
    const { rows } = await this.q<AudienceGroup>(`SELECT frequency, timezone, send_hour AS "sendHour", count(*)::int AS subscribers FROM subscribers
      WHERE status = 'confirmed' GROUP BY frequency, timezone, send_hour ORDER BY frequency, timezone, send_hour`, []);
    return rows;
  }

  async audienceVariants(groups: readonly DeliveryGroup[]): Promise<{ variant: string; subscribers: number }[]> {
    if (groups.length === 0) return [];
    const { rows } = await this.q<{ variant: string; subscribers: number }>(`SELECT topics AS variant, count(*)::int AS subscribers FROM subscribers
      WHERE status = 'confirmed' AND (frequency, timezone, send_hour) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]))
      GROUP BY topics ORDER BY topics`, [groups.map((g) => g.frequency), groups.map((g) => g.timezone), groups.map((g) => g.sendHour)]);
    return rows;
  }

  async variants(date: string): Promise<string[]> {
    const { rows } = await this.q<{ variant: string }>('SELECT DISTINCT variant FROM deliveries WHERE issue_date = $1 ORDER BY variant', [date]);
    return rows.map((r) => r.variant);
  }

  async storedVariant(date: string, variant: string): Promise<RenderedIssue | null> {
    const { rows } = await this.q<{ subject: string; preheader: string; html: string; text: string; issue_json: string }>(
      'SELECT subject, preheader, html, text, issue_json FROM issue_variants WHERE edition = $1 AND variant = $2', [date, variant]);
    const row = rows[0];
    return row ? { issue: JSON.parse(row.issue_json), subject: row.subject, preheader: row.preheader, html: row.html, text: row.text } : null;
  }

  async storeVariant(date: string, variant: string, r: RenderedIssue, now: Date): Promise<RenderedIssue> {
    await this.q(`INSERT INTO issue_variants (edition, variant, subject, preheader, html, text, issue_json, rendered_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`, [date, variant, r.subject, r.preheader, r.html, r.text, JSON.stringify(r.issue), now.toISOString()]);
    return (await this.storedVariant(date, variant))!;
  }

  async enqueue(date: string, rows: readonly QueuedDelivery[], now: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const at = now.toISOString();
    const result = await this.q(`INSERT INTO deliveries (issue_date, subscriber_id, email, message_id, state, queued_at, updated_at)
      SELECT $1, u.id, u.email, u.mid, 'queued', $2, $2 FROM unnest($3::int[], $4::text[], $5::text[]) AS u(id, email, mid)
      ON CONFLICT DO NOTHING`, [date, at, rows.map((r) => r.subscriberId), rows.map((r) => r.email), rows.map((r) => r.messageId)]);
    return result.rowCount ?? 0;
  }

  async claim(date: string, run: string, now: number, ttlMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.q<ClaimedDelivery & { tier: number }>(CLAIM, [date, run, now, now + ttlMs, limit, new Date(now).toISOString()], false);
    // RETURNING has no order: put the rows in the tiers' order, as SQLite hands them out.
    rows.sort((a, b) => a.tier - b.tier || a.subscriberId - b.subscriberId);
    return rows.map(({ tier: _tier, ...row }) => row);
  }

  async renew(date: string, run: string, expiresAt: number): Promise<number> {
    const result = await this.q(`UPDATE deliveries SET claim_expires_at = $1 WHERE issue_date = $2 AND claimed_by = $3 AND state = 'sending'`, [expiresAt, date, run]);
    return result.rowCount ?? 0;
  }

  async record(date: string, subscriberId: number, run: string, state: DeliveryState, outcome: SendOutcome, now: Date): Promise<boolean> {
    const [held] = await this.recordMany(date, run, [{ subscriberId, state, outcome, at: now }]);
    return held!;
  }

  async recordMany(date: string, run: string, entries: readonly RecordEntry[]): Promise<boolean[]> {
    if (entries.length === 0) return [];
    await (this.migrated ??= this.engine.ready());
    // A worker waits for its answer's commit before it sends again, so one
    // flush holds at most one answer per row. Should one ever hold two, the
    // later ones go in a statement of their own (UPDATE ... FROM would apply
    // just one of them), all in one transaction.
    const rounds = splitByRow(entries);
    if (rounds.length === 1) return this.recordRound(this.pool, date, run, entries);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const held = new Map<RecordEntry, boolean>();
      for (const round of rounds) {
        const answers = await this.recordRound(client, date, run, round);
        round.forEach((e, i) => held.set(e, answers[i]!));
      }
      await client.query('COMMIT');
      return entries.map((e) => held.get(e)!);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private async recordRound(on: pg.Pool | pg.PoolClient, date: string, run: string, entries: readonly RecordEntry[]): Promise<boolean[]> {
    const { rows } = await on.query<{ id: number }>(RECORD_MANY, [
      date, run,
      entries.map((e) => e.subscriberId),
      entries.map((e) => e.state),
      entries.map((e) => e.outcome.code ?? null),
      entries.map((e) => e.outcome.response),
      entries.map((e) => e.at.toISOString()),
      entries.map((e) => e.outcome.relay ?? null),
    ]);
    const written = new Set(rows.map((r) => r.id));
    return entries.map((e) => written.has(e.subscriberId));
  }

  async drop(date: string, subscriberId: number, run: string, reason: string, now: Date): Promise<void> {
    await this.q(`UPDATE deliveries SET state = 'dropped', last_response = $1, updated_at = $2, claim_expires_at = NULL
      WHERE issue_date = $3 AND subscriber_id = $4 AND claimed_by = $5 AND state = 'sending'`, [reason, now.toISOString(), date, subscriberId, run]);
  }

  async reopen(date: string, subscriberIds: readonly number[], now: Date, state: 'failed' | 'sent' = 'failed'): Promise<number> {
    if (subscriberIds.length === 0) return 0;
    const result = await this.q(`UPDATE deliveries SET state = 'queued', claimed_by = NULL, claim_expires_at = NULL, updated_at = $1
      WHERE issue_date = $2 AND subscriber_id = ANY($3::int[]) AND state = $4`, [now.toISOString(), date, [...subscriberIds], state]);
    return result.rowCount ?? 0;
  }

  async release(date: string, run: string, now: Date): Promise<number> {
    const result = await this.q(`UPDATE deliveries SET state = 'queued', claimed_by = NULL, claim_expires_at = NULL, updated_at = $1
      WHERE issue_date = $2 AND claimed_by = $3 AND state = 'sending'`, [now.toISOString(), date, run]);
    return result.rowCount ?? 0;
  }

  async reap(date: string, now: number, isGone: (holder: string) => boolean): Promise<number> {
    const { rows } = await this.q<{ holder: string }>(`SELECT DISTINCT claimed_by AS holder FROM deliveries
      WHERE issue_date = $1 AND state = 'sending' AND claim_expires_at > $2`, [date, now]);
    const gone = rows.map((r) => r.holder).filter((holder) => isGone(holder));
    if (gone.length === 0) return 0;
    await this.q(`UPDATE deliveries SET claim_expires_at = 0 WHERE issue_date = $1 AND claimed_by = ANY($2::text[]) AND state = 'sending'`, [date, gone]);
    return gone.length;
  }

  async nextExpiry(date: string, run: string): Promise<number | null> {
    const { rows } = await this.q<{ at: number | null }>(`SELECT min(claim_expires_at) AS at FROM deliveries
      WHERE issue_date = $1 AND state = 'sending' AND claimed_by IS DISTINCT FROM $2`, [date, run]);
    return rows[0]?.at ?? null;
  }

  async remaining(date: string, run: string): Promise<number> {
    const { rows } = await this.q<{ n: number }>(`SELECT
        (SELECT count(*) FROM deliveries WHERE issue_date = $1 AND state = 'queued')
      + (SELECT count(*) FROM deliveries WHERE issue_date = $1 AND state IN ('sending', 'temp_failed') AND claimed_by IS DISTINCT FROM $2) AS n`, [date, run]);
    return rows[0]!.n;
  }

  async deliveredToConfirmed(date: string): Promise<number> {
    const { rows } = await this.q<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
      WHERE d.issue_date = $1 AND d.state = 'sent' AND s.status = 'confirmed'`, [date]);
    return rows[0]!.n;
  }

  async dueState(date: string, groups: readonly DeliveryGroup[]): Promise<{ have: number; owed: number }> {
    const inGroups = `s.status = 'confirmed' AND (s.frequency, s.timezone, s.send_hour) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::int[]))`;
    const { rows } = await this.q<{ have: number; owed: number }>(`SELECT
        (SELECT count(*)::int FROM subscribers s JOIN deliveries d ON d.subscriber_id = s.id AND d.issue_date = $1 AND d.state = 'sent' WHERE ${inGroups}) AS have,
        (SELECT count(*)::int FROM subscribers s WHERE ${inGroups} AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.issue_date = $1 AND d.subscriber_id = s.id))
        + (SELECT count(*)::int FROM deliveries WHERE issue_date = $1 AND state IN ('queued', 'sending', 'temp_failed')) AS owed`,
      [date, groups.map((g) => g.frequency), groups.map((g) => g.timezone), groups.map((g) => g.sendHour)]);
    return rows[0]!;
  }

  async counts(date: string): Promise<Record<DeliveryState, number>> {
    const { rows } = await this.q<{ state: DeliveryState; n: number }>('SELECT state, count(*) AS n FROM deliveries WHERE issue_date = $1 GROUP BY state', [date]);
    const counts = emptyCounts();
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  async relayCounts(date: string): Promise<RelayCounts> {
    const { rows } = await this.q<{ relay: string; state: DeliveryState; n: number }>(`SELECT relay, state, count(*) AS n FROM deliveries
      WHERE issue_date = $1 AND relay IS NOT NULL AND state IN ('sent', 'failed', 'temp_failed') GROUP BY relay, state`, [date]);
    return tallyRelays(rows);
  }

  async failures(date: string, limit: number): Promise<DeliveryFailure[]> {
    const { rows } = await this.q<{ email: string; code: number | null; message: string | null; state: DeliveryState }>(`SELECT email, last_code AS code, last_response AS message, state
      FROM deliveries WHERE issue_date = $1 AND state IN ('failed', 'temp_failed') ORDER BY subscriber_id LIMIT $2`, [date, limit]);
    return rows.map((r) => ({ email: r.email, code: r.code, message: r.message ?? '', permanent: r.state === 'failed' }));
  }
}

/** Splits answers into rounds in which each row appears once, keeping their order. */
function splitByRow(entries: readonly RecordEntry[]): RecordEntry[][] {
  const rounds: { ids: Set<number>; entries: RecordEntry[] }[] = [];
  for (const e of entries) {
    let i = 0;
    // An answer goes after the round holding its row's previous answer.
    for (let j = rounds.length - 1; j >= 0; j--) if (rounds[j]!.ids.has(e.subscriberId)) { i = j + 1; break; }
    rounds[i] ??= { ids: new Set(), entries: [] };
    rounds[i]!.ids.add(e.subscriberId);
    rounds[i]!.entries.push(e);
  }
  return rounds.map((r) => r.entries);
}
