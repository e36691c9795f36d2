// Subscribers on PostgreSQL for the ledger and delivery suites, written with
// plain SQL into the `subscribers` table (src/subscribers/pg-schema.ts): the
// ledger reads that table itself, so these suites need rows there, not a store.
// `sqlAudience` is the little delivery needs from the list (look a subscriber
// up, mark a bounce), in SQL on the same table.
import type pg from 'pg';
import type { DeliveryAudience } from '../../src/deliver/index.js';
import type { Subscriber, SubscriberStatus } from '../../src/subscribers/types.js';
import { DEFAULT_PREFERENCES } from '../../src/subscribers/preferences.js';

export interface SubscriberRow {
  email: string;
  status: SubscriberStatus;
  name?: string | null;
}

/** Inserts `rows` in order (ids ascending, as a store would give them), in batches; returns their ids. */
export async function insertSubscribers(pool: pg.Pool, rows: readonly SubscriberRow[], at = new Date().toISOString()): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < rows.length; from += 10_000) {
    const batch = rows.slice(from, from + 10_000);
    const result = await pool.query<{ id: number }>(`INSERT INTO subscribers (email, email_key, name, status, created_at, updated_at)
      SELECT u.email, lower(u.email), u.name, u.status, $4, $4 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(email, name, status, n)
      ORDER BY u.n RETURNING id`, [batch.map((r) => r.email), batch.map((r) => r.name ?? null), batch.map((r) => r.status), at]);
    ids.push(...result.rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

interface Row { id: number; email: string; name: string | null; status: SubscriberStatus; created_at: string; updated_at: string }

const toSubscriber = (r: Row): Subscriber => ({ id: r.id, email: r.email, name: r.name, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at, preferences: DEFAULT_PREFERENCES });

/** What delivery needs from the list, on the `subscribers` table of `pool`, plus a lookup and a status change by address for assertions. */
export function sqlAudience(pool: pg.Pool): DeliveryAudience & { find(key: number | string): Promise<Subscriber | null>; setStatus(email: string, status: SubscriberStatus): Promise<void> } {
  return {
    async find(key) {
      const { rows } = await pool.query<Row>(typeof key === 'number' ? 'SELECT * FROM subscribers WHERE id = $1' : 'SELECT * FROM subscribers WHERE email_key = lower($1)', [key]);
      return rows[0] ? toSubscriber(rows[0]) : null;
    },
    async markBounced(id) {
      const result = await pool.query(`UPDATE subscribers SET status = 'bounced', updated_at = $2 WHERE id = $1 AND status <> 'bounced'`, [id, new Date().toISOString()]);
      return (result.rowCount ?? 0) > 0;
    },
    async setStatus(email, status) {
      await pool.query('UPDATE subscribers SET status = $2, updated_at = $3 WHERE email_key = lower($1)', [email, status, new Date().toISOString()]);
    },
  };
}
