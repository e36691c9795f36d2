// The subscriber list on PostgreSQL: the same tables and the same rules as the
// SQLite store (sqlite-store.ts), for several processes at once. upsertMany
// stages its rows with COPY and merges them set-wise (pg-upsert.ts); status
// changes lock the row; the confirmation claim is one conditional UPDATE.
import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { PostgresEngine } from '../store/engine.js';
import { inTransaction } from '../store/postgres.js';
import { addressKey, checkAddress } from './address.js';
import { upsertBatch } from './pg-upsert.js';
import { historySql, toStatusChange, type HistoryRow } from './creation.js';
import { toSubscriber, type SubscriberRow } from './row.js';
import { LEFT_SINCE_LAST_CONFIRMATION, type ChangeNote, type StatusResult, type SubscriberKey, type SubscriberStore } from './store.js';
import type { SubscriberStatus } from './types.js';
import { applyPreferences, type Preferences } from './preferences.js';

const COLUMNS = 'id, email, email_key, name, status, created_at, updated_at, import_run, import_line, timezone, send_hour, frequency, topics';

const MAX_ID = 2_147_483_647;

/**
 * The WHERE clause and parameter that find one subscriber by id or address, as
 * the SQLite store reads keys; null for an id no INTEGER column can hold (SQLite
 * finds nobody there, PostgreSQL would fail the query).
 */
function keyClause(key: SubscriberKey): { where: string; value: number | string } | null {
  if (typeof key === 'number' || /^\d+$/.test(key)) {
    const id = Number(key);
    return Number.isInteger(id) && id >= 0 && id <= MAX_ID ? { where: 'id = $1', value: id } : null;
  }
  const checked = checkAddress(key);
  return { where: 'email_key = $1', value: checked.ok ? checked.key : addressKey(key.trim()) };
}

/**
 * Runs `work` in a transaction, again when PostgreSQL reports a deadlock or a
 * serialization failure (two imports locking the same addresses in different
 * orders): the work is all-or-nothing, so a retry repeats nothing.
 */
async function retrying<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, work);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}

/** The subscriber list in PostgreSQL; waits for the engine's migrations before its first query. */
export function createPgSubscriberStore(engine: PostgresEngine, clock: Clock): SubscriberStore {
  const { pool } = engine;
  const now = () => clock.now().toISOString();
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    await engine.ready();
    return (await pool.query<R>(text, values)).rows;
  };

  const setStatus = async (key: SubscriberKey, to: SubscriberStatus, note: ChangeNote & { onlyFrom?: readonly SubscriberStatus[] }): Promise<StatusResult | null> => {
    await engine.ready();
    const clause = keyClause(key);
    if (!clause) return null;
    const { where, value } = clause;
    return retrying(pool, async (client) => {
      // The row lock makes the check and the change one step for every process.
      const existing = (await client.query<SubscriberRow>(`SELECT ${COLUMNS} FROM subscribers WHERE ${where} FOR UPDATE`, [value])).rows[0];
      if (!existing) return null;
      if (existing.status === to || (note.onlyFrom && !note.onlyFrom.includes(existing.status))) {
        return { subscriber: toSubscriber(existing), changed: false };
      }
      const at = now();
      const updated = (await client.query<SubscriberRow>(`UPDATE subscribers SET status = $2, updated_at = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [existing.id, to, at])).rows[0]!;
      await client.query('INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason) VALUES ($1, $2, $3, $4, $5, $6)',
        [existing.id, at, existing.status, to, note.source, note.reason]);
      return { subscriber: toSubscriber(updated), changed: true };
    });
  };

  const setPreferences = async (key: SubscriberKey, patch: Partial<Preferences>, note: ChangeNote): Promise<StatusResult | null> => {
    await engine.ready();
    const clause = keyClause(key);
    if (!clause) return null;
    return retrying(pool, async (client) => {
      const existing = (await client.query<SubscriberRow>(`SELECT ${COLUMNS} FROM subscribers WHERE ${clause.where} FOR UPDATE`, [clause.value])).rows[0];
      if (!existing) return null;
      const prefs = applyPreferences(existing, patch);
      if (!prefs) return { subscriber: toSubscriber(existing), changed: false };
      const at = now();
      const c = prefs.columns;
      const updated = (await client.query<SubscriberRow>(`UPDATE subscribers SET timezone = $2, send_hour = $3, frequency = $4, topics = $5, updated_at = $6 WHERE id = $1 RETURNING ${COLUMNS}`,
        [existing.id, c.timezone, c.send_hour, c.frequency, c.topics, at])).rows[0]!;
      await client.query('INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason) VALUES ($1, $2, $3, $4, $5, $6)',
        [existing.id, at, existing.status, existing.status, note.source, `${note.reason}: ${prefs.change}`]);
      return { subscriber: toSubscriber(updated), changed: true };
    });
  };

  return {
    // Each call pays a few round trips and a COPY; 10,000 rows make that cost vanish.
    batchSize: 10_000,
    async confirmedAfter(afterId, limit) {
      const rows = await query<SubscriberRow>(`SELECT ${COLUMNS} FROM subscribers WHERE status = 'confirmed' AND id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
      return rows.map(toSubscriber);
    },
    async countConfirmed() {
      const [row] = await query<{ n: number }>("SELECT count(*)::int AS n FROM subscribers WHERE status = 'confirmed'");
      return row!.n;
    },
    async find(key) {
      const clause = keyClause(key);
      if (!clause) return null;
      const [row] = await query<SubscriberRow>(`SELECT ${COLUMNS} FROM subscribers WHERE ${clause.where}`, [clause.value]);
      return row ? toSubscriber(row) : null;
    },
    async history(id) {
      return (await query<HistoryRow>(historySql('$1', '$1'), [id])).map(toStatusChange);
    },
    async list(options) {
      const after = options.afterId ?? 0;
      const rows = options.status
        ? await query<SubscriberRow>(`SELECT ${COLUMNS} FROM subscribers WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3`, [options.status, after, options.limit])
        : await query<SubscriberRow>(`SELECT ${COLUMNS} FROM subscribers WHERE id > $1 ORDER BY id LIMIT $2`, [after, options.limit]);
      return rows.map(toSubscriber);
    },
    async upsertMany(rows, options) {
      if (rows.length === 0) return [];
      await engine.ready();
      // One timestamp per batch, as on SQLite: the rows of one transaction change at one moment.
      const at = now();
      return retrying(pool, (client) => upsertBatch(client, rows, options, at));
    },
    setStatus,
    setPreferences,
    async markBounced(key, reason) {
      const result = await setStatus(key, 'bounced', { source: 'delivery', reason, onlyFrom: ['pending', 'confirmed'] });
      return result?.changed ?? false;
    },
    async claimConfirmation(id, minGapMs, maxPerDay = Number.MAX_SAFE_INTEGER) {
      const at = clock.now();
      const notAfter = new Date(at.getTime() - minGapMs).toISOString();
      const dayAgo = new Date(at.getTime() - 24 * 3600_000).toISOString();
      // One statement: PostgreSQL re-checks the WHERE on the locked row when
      // another process claimed it first, so two requests cannot both pass.
      // A window older than a day starts over at this mail.
      const rows = await query(`UPDATE subscribers SET confirm_sent_at = $2,
          confirm_window_count = CASE WHEN confirm_window_start IS NULL OR confirm_window_start <= $4 THEN 1 ELSE confirm_window_count + 1 END,
          confirm_window_start = CASE WHEN confirm_window_start IS NULL OR confirm_window_start <= $4 THEN $2 ELSE confirm_window_start END
        WHERE id = $1 AND (confirm_sent_at IS NULL OR confirm_sent_at <= $3 OR ${LEFT_SINCE_LAST_CONFIRMATION})
          AND (confirm_window_start IS NULL OR confirm_window_start <= $4 OR confirm_window_count < $5)
        RETURNING id`, [id, at.toISOString(), notAfter, dayAgo, Math.min(maxPerDay, 2_147_483_647)]);
      return rows.length === 1;
    },
  };
}
