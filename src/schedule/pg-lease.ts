// Leases on PostgreSQL: the scheduler's lock across hosts. Taking one is a
// single INSERT … ON CONFLICT DO UPDATE … WHERE expired-or-ours … RETURNING:
// PostgreSQL locks the conflicting row for the update, so of two hosts racing
// for one lease exactly one gets a row back.
import type { PostgresEngine } from '../store/engine.js';
import { readyPool } from '../store/postgres.js';
import { fromRow, type Acquired, type LeaseHolder, type LeaseRow, type LeaseStore } from './lease.js';

/** Leases in PostgreSQL (table from PG_MODULES). */
export class PgLeaseStore implements LeaseStore {
  constructor(private readonly engine: PostgresEngine) {}

  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<Acquired> {
    const pool = await readyPool(this.engine);
    const at = now.toISOString();
    const res = await pool.query(`INSERT INTO leases (name, owner, acquired_at, heartbeat_at, expires_at)
      VALUES ($1, $2, $3, $3, $4)
      ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at,
        heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
      WHERE leases.expires_at <= $5 OR leases.owner = excluded.owner
      RETURNING name`, [name, owner, at, now.getTime() + ttlMs, now.getTime()]);
    if (res.rowCount === 1) return { ok: true };
    const holder = await this.holder(name, new Date(0));
    // The holder released it between the two statements: try once more.
    if (!holder) return this.acquire(name, owner, ttlMs, now);
    return { ok: false, holder };
  }

  async heartbeat(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const pool = await readyPool(this.engine);
    const res = await pool.query('UPDATE leases SET heartbeat_at = $1, expires_at = $2 WHERE name = $3 AND owner = $4',
      [now.toISOString(), now.getTime() + ttlMs, name, owner]);
    return res.rowCount === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    const pool = await readyPool(this.engine);
    await pool.query('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  async holder(name: string, now: Date): Promise<LeaseHolder | null> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<LeaseRow>('SELECT * FROM leases WHERE name = $1 AND expires_at > $2', [name, now.getTime()]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async active(now: Date): Promise<LeaseHolder[]> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<LeaseRow>('SELECT * FROM leases WHERE expires_at > $1 ORDER BY name', [now.getTime()]);
    return rows.map(fromRow);
  }
}
