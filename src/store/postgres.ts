// PostgreSQL through `pg` (node-postgres): one pool per process, and the
// migrations of every module applied once, under an advisory lock so several
// processes starting together (three `gazette send` on three hosts) do not
// race to create the same table.
import pg from 'pg';
import { GazetteError } from '../errors.js';
import type { PostgresEngine } from './engine.js';

/** One module's PostgreSQL migrations: `steps[i]` is version i+1; never edit a released step, append one. */
export interface PgModule {
  module: string;
  steps: readonly string[];
}

// Any fixed 64-bit number names the lock; this one spells "gazette" in ASCII.
const MIGRATION_LOCK = 0x67617a65747465n;

// int8 (count(*), epoch-millisecond columns) comes back as a string by default:
// every int8 Gazette stores is far below 2^53, so parse it as a number.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

// Which setting or option gave each pool's URL, so a connection failure names
// the one to fix (db copy's --to, not DATABASE_URL).
const sourceOf = new WeakMap<pg.Pool, string>();

/**
 * Opens a pool on `url` (postgres://user:pass@host:port/db). Connections are
 * made lazily. `source` names where the URL came from (default DATABASE_URL).
 */
export function openPostgresPool(url: string, options: { max?: number; source?: string } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, application_name: 'gazette' });
  if (options.source) sourceOf.set(pool, options.source);
  // An idle client whose server went away emits 'error' on the pool; unhandled,
  // that would end the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  return pool;
}

/** Applies the steps of `modules` not applied yet, each in its own transaction, under one advisory lock. */
export async function migratePostgres(pool: pg.Pool, modules: readonly PgModule[]): Promise<{ applied: { module: string; version: number }[] }> {
  const client = await connect(pool);
  const applied: { module: string; version: number }[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,
        PRIMARY KEY (module, version))`);
      const done = await client.query<{ module: string; version: number }>('SELECT module, version FROM schema_migrations');
      const have = new Set(done.rows.map((r) => `${r.module}:${r.version}`));
      for (const { module, steps } of modules) {
        for (let i = 0; i < steps.length; i++) {
          const version = i + 1;
          if (have.has(`${module}:${version}`)) continue;
          await client.query('BEGIN');
          try {
            await client.query(steps[i]!);
            await client.query('INSERT INTO schema_migrations (module, version, applied_at) VALUES ($1, $2, $3)', [module, version, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK').catch(() => {});
            throw new GazetteError('DATABASE', `Migration ${module} ${version} failed on PostgreSQL: ${(err as Error).message}`, { cause: err });
          }
          applied.push({ module, version });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => {});
    }
  } finally {
    client.release();
  }
  return { applied };
}

/** A client from the pool, with a connection failure told in words an operator can act on. */
export async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    throw new GazetteError('DATABASE', `Cannot connect to PostgreSQL: ${(err as Error).message}. Check ${sourceOf.get(pool) ?? 'DATABASE_URL'} (host, port, user, password, database) and that the server is running.`, { cause: err });
  }
}

/** Runs `work` in one transaction on one client; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(pool);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * True for PostgreSQL errors that mean "try again": a serialization failure,
 * a deadlock, a lock wait that timed out, or the server shutting down or
 * unreachable for a moment.
 */
export function isPgTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return ['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET'].includes(code);
}

/** The URL with its password replaced by "***", for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  }
}

/** The engine's pool once its migrations are applied: every PostgreSQL store query starts here. */
export async function readyPool(engine: PostgresEngine): Promise<pg.Pool> {
  await engine.ready();
  return engine.pool;
}
