// How a subscriber came to be, kept on its own row rather than as the first
// row of its history. The facts are the same ("created at T as confirmed, by
// the import of list.csv"); what changes is their cost. A history row is a
// second tuple with two index entries and a foreign-key check, and on
// PostgreSQL it was half of what an import of new addresses cost the server;
// three short columns on a row being written anyway cost next to nothing.
// The history is still append-only: these columns are written once, when the
// row is, and never updated. Rows created before this step keep their
// creation entry in subscriber_events and leave the columns empty, so every
// subscriber has exactly one creation entry either way.
import type { StatusChange } from './store.js';
import type { SubscriberStatus } from './types.js';

/** One migration step, the same statements on SQLite and PostgreSQL. */
export const CREATION_STEP = `ALTER TABLE subscribers ADD COLUMN created_status TEXT;
   ALTER TABLE subscribers ADD COLUMN created_source TEXT;
   ALTER TABLE subscribers ADD COLUMN created_reason TEXT;`;

/**
 * A subscriber's history, oldest first: the creation entry from its row (when
 * it has one), then its events. `p1` and `p2` are the engine's placeholders
 * for the subscriber id (both bound to it).
 */
export const historySql = (p1: string, p2: string) => `
  SELECT at, from_status, to_status, source, reason FROM (
    SELECT created_at AS at, NULL AS from_status, created_status AS to_status, created_source AS source, created_reason AS reason, 0 AS part, 0 AS id
      FROM subscribers WHERE id = ${p1} AND created_source IS NOT NULL
    UNION ALL
    SELECT at, from_status, to_status, source, reason, 1 AS part, id FROM subscriber_events WHERE subscriber_id = ${p2}
  ) h ORDER BY part, id`;

/** A history row as both engines return it. */
export interface HistoryRow {
  at: string;
  from_status: SubscriberStatus | null;
  to_status: SubscriberStatus;
  source: StatusChange['source'];
  reason: string;
}

export const toStatusChange = (r: HistoryRow): StatusChange => ({ at: r.at, from: r.from_status, to: r.to_status, source: r.source, reason: r.reason });
