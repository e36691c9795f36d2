// A lease in the database: the lock that keeps two schedulers on one database
// from running the same issue at once. A row per lock name with its owner, its
// expiry and a heartbeat; taking it is one atomic upsert, so two processes
// racing for it cannot both win. A holder that dies stops renewing, and the
// lease expires on its own. One interface, one implementation per engine
// (this file: SQLite; PostgreSQL in pg-lease.ts).
import type { Db } from '../store/sqlite.js';
import { migrate } from '../store/sqlite.js';
import type { Engine } from '../store/engine.js';
import { ownerId } from '../process-owner.js';
import { PgLeaseStore } from './pg-lease.js';

const MIGRATIONS = [
  `CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     acquired_at TEXT NOT NULL,
     heartbeat_at TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
];

/** Who holds a lease and until when. */
export interface LeaseHolder {
  name: string;
  owner: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: Date;
}

export type Acquired = { ok: true } | { ok: false; holder: LeaseHolder };

export interface LeaseRow { name: string; owner: string; acquired_at: string; heartbeat_at: string; expires_at: number }

/** Named leases with an owner and an expiry. */
export interface LeaseStore {
  /** Takes `name` for `owner` until now+ttl, unless someone else holds an unexpired lease; then says who. */
  acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<Acquired>;
  /** Extends our lease to now+ttl; false when it is no longer ours (expired and taken). */
  heartbeat(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease up, if it is still ours. */
  release(name: string, owner: string): Promise<void>;
  /** The current holder of `name` (unexpired at `now`), or null. */
  holder(name: string, now: Date): Promise<LeaseHolder | null>;
  /** Every unexpired lease (for `gazette status`). */
  active(now: Date): Promise<LeaseHolder[]>;
}

/** The lease store of `engine`. */
export function createLeaseStore(engine: Engine): LeaseStore {
  return engine.kind === 'sqlite' ? new SqliteLeaseStore(engine.db) : new PgLeaseStore(engine);
}

/** Leases in the SQLite database (table migrated when constructed). */
export class SqliteLeaseStore implements LeaseStore {
  constructor(private readonly db: Db) {
    migrate(db, 'leases', MIGRATIONS);
  }

  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<Acquired> {
    const at = now.toISOString();
    // One statement: insert, or take over only an expired row (or our own).
    const res = this.db.prepare(`INSERT INTO leases (name, owner, acquired_at, heartbeat_at, expires_at)
      VALUES (@name, @owner, @at, @at, @expires)
      ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at,
        heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
      WHERE leases.expires_at <= @now OR leases.owner = excluded.owner`).run({
      name, owner, at, expires: now.getTime() + ttlMs, now: now.getTime(),
    });
    if (res.changes === 1) return { ok: true };
    const holder = await this.holder(name, new Date(0));
    // The holder released it between the two statements: try once more.
    if (!holder) return this.acquire(name, owner, ttlMs, now);
    return { ok: false, holder };
  }

  async heartbeat(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const res = this.db.prepare('UPDATE leases SET heartbeat_at = ?, expires_at = ? WHERE name = ? AND owner = ?')
      .run(now.toISOString(), now.getTime() + ttlMs, name, owner);
    return res.changes === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  async holder(name: string, now: Date): Promise<LeaseHolder | null> {
    const row = this.db.prepare('SELECT * FROM leases WHERE name = ? AND expires_at > ?').get(name, now.getTime()) as LeaseRow | undefined;
    return row ? fromRow(row) : null;
  }

  async active(now: Date): Promise<LeaseHolder[]> {
    const rows = this.db.prepare('SELECT * FROM leases WHERE expires_at > ? ORDER BY name').all(now.getTime()) as LeaseRow[];
    return rows.map(fromRow);
  }
}

/** A stored row as a LeaseHolder (both engines store the same columns). */
export function fromRow(row: LeaseRow): LeaseHolder {
  return { name: row.name, owner: row.owner, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at, expiresAt: new Date(row.expires_at) };
}

/** A readable owner id for this process: machine, pid and a random suffix (a pid is reused after restarts). */
export function processOwner(): string {
  return ownerId(Math.random().toString(36).slice(2, 8));
}
