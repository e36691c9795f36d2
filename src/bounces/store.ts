// The bounce events table behind one async interface, with an SQLite and a
// PostgreSQL implementation picked from the engine. It holds what the
// subscriber history cannot: soft bounces that change no status yet (they are
// counted in a window), and which returned messages were already processed
// (the same report read twice changes nothing).
import type { Engine } from '../store/engine.js';
import { createPgBounceStore } from './pg-store.js';
import { createSqliteBounceStore } from './sqlite-store.js';

export type BounceKind = 'hard' | 'soft' | 'complaint' | 'unsubscribe';

/** One event read from a returned message (or a provider's webhook). */
export interface BounceEvent {
  /** The report's Message-ID (or the webhook's event id): with the subscriber, it makes the event unique. */
  reportId: string;
  subscriberId: number;
  /** The issue the returned message was, when known. */
  issueDate: string | null;
  kind: BounceKind;
  /** Enhanced status code (5.1.1) or the provider's code. */
  status: string | null;
  diagnostic: string | null;
  /** ISO time it was processed. */
  at: string;
}

/** Bounces, soft bounces and complaints of one issue. */
export interface IssueBounceCounts {
  hard: number;
  soft: number;
  complaints: number;
}

export interface BounceStore {
  /** Records one event; false (and nothing written) when this report was already recorded for this subscriber. */
  record(event: BounceEvent): Promise<boolean>;
  /** Soft bounces of one subscriber at or after `since` (ISO). */
  softSince(subscriberId: number, since: string): Promise<number>;
  /** Per issue date: counts of its events (dates with none are absent). */
  countsByIssue(dates: readonly string[]): Promise<Map<string, IssueBounceCounts>>;
  /** The issues whose copy to this subscriber came back as a hard bounce. */
  hardBouncedIssues(subscriberId: number): Promise<string[]>;
}

/** The bounce store of `engine` (SQLite tables are migrated here; PostgreSQL's by engine.ready()). */
export function createBounceStore(engine: Engine): BounceStore {
  return engine.kind === 'sqlite' ? createSqliteBounceStore(engine.db) : createPgBounceStore(engine);
}

/** Adds one row's counts to `into`. */
export function addCount(into: Map<string, IssueBounceCounts>, date: string, kind: string, n: number): void {
  const counts = into.get(date) ?? { hard: 0, soft: 0, complaints: 0 };
  if (kind === 'hard') counts.hard += n;
  else if (kind === 'soft') counts.soft += n;
  else if (kind === 'complaint') counts.complaints += n;
  else return;
  into.set(date, counts);
}
