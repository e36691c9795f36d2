// The subscriber list's types and the narrow store interface the rest of the
// app depends on. SQLite and PostgreSQL implement it (sqlite-store.ts,
// pg-store.ts); it is asynchronous because the PostgreSQL driver is.
import type { Preferences } from './preferences.js';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';

export interface Subscriber {
  id: number;
  email: string;
  name: string | null;
  status: SubscriberStatus;
  createdAt: string;
  updatedAt: string;
  /** When, how often and which sections the reader wants (preferences.ts). */
  preferences: Preferences;
}

/**
 * What delivery needs from the list. Keyset pagination (`afterId`) keeps memory
 * flat however long the list is.
 */
export interface SubscriberReader {
  /** Up to `limit` confirmed subscribers with id > afterId, by id. */
  confirmedAfter(afterId: number, limit: number): Promise<Subscriber[]>;
  /** Number of confirmed subscribers. */
  countConfirmed(): Promise<number>;
}
