// A `subscribers` row as both engines return it: the same columns on SQLite
// and PostgreSQL (pg-schema.ts mirrors sqlite-store.ts), so one shape and one
// mapping to the public Subscriber serve both stores.
import type { Subscriber, SubscriberStatus } from './types.js';
import { fromColumns } from './preferences.js';

export interface SubscriberRow {
  id: number;
  email: string;
  email_key: string;
  name: string | null;
  status: SubscriberStatus;
  created_at: string;
  updated_at: string;
  import_run: string | null;
  import_line: number | null;
  timezone: string;
  send_hour: number;
  frequency: string;
  topics: string;
}

/** The public view of a row. */
export const toSubscriber = (r: SubscriberRow): Subscriber => ({
  id: r.id,
  email: r.email,
  name: r.name,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  preferences: fromColumns(r),
});
