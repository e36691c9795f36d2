// The token key on PostgreSQL. Every host that sends for one list must sign
// with the same key, or a link in mail one host sent fails on another; a key
// file per host (tokens.ts) cannot give that, so with GAZETTE_SECRET unset and
// a PostgreSQL DATABASE_URL the key lives in the database, one row.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { GazetteError } from '../errors.js';
import type { PgModule } from '../store/postgres.js';

/** The table that holds the generated key (one row at most: id is always 1). */
export const TOKEN_KEY_TABLE = 'token_key';

export const TOKEN_KEY_PG: PgModule = {
  module: 'token_key',
  steps: [
    `CREATE TABLE token_key (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       secret TEXT NOT NULL CHECK (length(secret) >= 16),
       created_at TEXT NOT NULL
     );`,
  ],
};

/**
 * The key stored in the database; when there is none yet, `candidate` (a
 * host's old key file, so its links keep working) or a new random key is
 * stored first. Insert-if-absent then read back: two hosts starting at once
 * both end up with whichever row won. The table must exist (migrated).
 */
export async function loadOrCreatePgSecret(pool: pg.Pool, candidate?: string): Promise<string> {
  const secret = candidate ?? randomBytes(32).toString('base64url');
  await pool.query(`INSERT INTO token_key (id, secret, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, [secret, new Date().toISOString()]);
  const { rows } = await pool.query<{ secret: string }>('SELECT secret FROM token_key WHERE id = 1');
  const stored = rows[0]?.secret;
  if (!stored) throw new GazetteError('DATABASE', 'The token key could not be stored in the PostgreSQL table token_key. Set GAZETTE_SECRET (the same on every host) instead.');
  return stored;
}

/** Puts `secret` in the table, replacing what it held (for `db copy`, inside its transaction). */
export async function storePgSecret(client: pg.ClientBase, secret: string): Promise<void> {
  await client.query(`INSERT INTO token_key (id, secret, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at`, [secret, new Date().toISOString()]);
}
