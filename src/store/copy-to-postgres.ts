// `gazette db copy`: moves a whole SQLite database into PostgreSQL. Both sides
// are migrated first, so their tables match (each module mirrors its SQLite
// tables in its pg-schema file); then every table is copied in one PostgreSQL
// transaction, parents before children, the identity sequences are moved past
// the copied ids, and the row counts of both sides are compared before the
// commit. A failure anywhere leaves the target as it was.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { GazetteError } from '../errors.js';
import { ident, migrateEngine } from './inventory.js';
import { connect, migratePostgres } from './postgres.js';
import { PG_MODULES } from './schema.js';
import type { Db } from './sqlite.js';
import { storePgSecret, TOKEN_KEY_TABLE } from '../subscribers/pg-token-key.js';

/** Tables that are not data: the migrations' own record, and the /healthz probe's scratch table (always empty). */
const NOT_DATA = new Set(['schema_migrations', 'health_probe']);

export interface CopiedTable { table: string; sqlite: number; postgres: number }

export interface CopyReport {
  tables: CopiedTable[];
  /** Identity columns moved past the copied ids: the next id each will give. */
  sequences: { table: string; column: string; next: number }[];
  /** Rows the target held before and that --force removed. */
  replaced: number;
  /** Whether the SQLite deployment's generated token key was put in the target's token_key table. */
  tokenKey: 'copied' | 'none';
}

export interface CopyOptions {
  /** Empty the target's Gazette tables first (in the same transaction) instead of refusing a target with rows. */
  force?: boolean;
  /**
   * The SQLite deployment's generated token key (its data folder's secret
   * file), stored in the target so links in mail already sent keep working.
   * Unset when GAZETTE_SECRET signs instead (or no key was ever made).
   */
  tokenKey?: string;
}

/**
 * Copies every table of the SQLite `db` into the PostgreSQL `pool`. Refuses a
 * target that has rows unless `force`: a copy moves one whole database, and
 * mixing two would collide on ids (or, renumbered, point the ledger's
 * subscriber ids at other people).
 */
export async function copySqliteToPostgres(db: Db, pool: pg.Pool, options: CopyOptions = {}): Promise<CopyReport> {
  await migrateEngine({ kind: 'sqlite', db, path: db.name });
  await migratePostgres(pool, PG_MODULES);
  const sqliteTables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((r) => r.name).filter((n) => !NOT_DATA.has(n));
  const client = await connect(pool);
  // One read transaction on SQLite: a consistent snapshot even if another process writes meanwhile (WAL).
  db.exec('BEGIN');
  try {
    await client.query('BEGIN');
    const pgTables = await pgTableColumns(client);
    const missing = sqliteTables.filter((t) => !pgTables.has(t));
    if (missing.length) {
      throw new GazetteError('DATABASE', `The SQLite database has ${missing.length === 1 ? 'a table' : 'tables'} with no PostgreSQL counterpart: ${missing.join(', ')}. Nothing was copied. Each module declares its PostgreSQL tables in its pg-schema file, listed in src/store/schema.ts (PG_MODULES).`);
    }
    const order = dependencyOrder([...pgTables.keys()], await pgForeignKeys(client));
    const replaced = await emptyTarget(client, order, Boolean(options.force));
    // The key is no SQLite table: it comes from a file, so it is stored apart and not counted.
    if (order.includes(TOKEN_KEY_TABLE)) order.splice(order.indexOf(TOKEN_KEY_TABLE), 1);
    if (options.tokenKey) await storePgSecret(client, options.tokenKey);
    const tables: CopiedTable[] = [];
    for (const table of order) {
      const sqliteCount = sqliteTables.includes(table) ? await copyTable(db, client, table, pgTables.get(table)!) : 0;
      tables.push({ table, sqlite: sqliteCount, postgres: -1 });
    }
    const sequences = await resetIdentities(client);
    for (const t of tables) t.postgres = (await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(t.table)}`)).rows[0]!.n;
    const wrong = tables.filter((t) => t.sqlite !== t.postgres);
    if (wrong.length) {
      throw new GazetteError('DATABASE', `Row counts differ after the copy (${wrong.map((t) => `${t.table}: ${t.sqlite} in SQLite, ${t.postgres} in PostgreSQL`).join('; ')}); nothing was committed.`);
    }
    await client.query('COMMIT');
    return { tables, sequences, replaced, tokenKey: options.tokenKey ? 'copied' : 'none' };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    db.exec('COMMIT');
    client.release();
  }
}

/** Columns of each table in the current schema, in order, with whether each must be given a value. */
async function pgTableColumns(client: pg.PoolClient): Promise<Map<string, { name: string; required: boolean }[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    `SELECT c.table_name, c.column_name, c.is_nullable, c.column_default, c.is_identity
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`);
  const out = new Map<string, { name: string; required: boolean }[]>();
  for (const r of rows) {
    if (NOT_DATA.has(r.table_name)) continue;
    const required = r.is_nullable === 'NO' && r.column_default === null && r.is_identity !== 'YES';
    out.set(r.table_name, [...(out.get(r.table_name) ?? []), { name: r.column_name, required }]);
  }
  return out;
}

/** Child -> parents, from the foreign keys between the current schema's tables. */
async function pgForeignKeys(client: pg.PoolClient): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`);
  const out = new Map<string, string[]>();
  for (const r of rows) if (r.child !== r.parent) out.set(r.child, [...(out.get(r.child) ?? []), r.parent]);
  return out;
}

/** Tables with each one after the tables it refers to; otherwise in PG_MODULES order (then by name). */
export function dependencyOrder(tables: string[], parents: Map<string, string[]>): string[] {
  const rank = new Map<string, number>();
  PG_MODULES.forEach((m, i) => {
    for (const [, name] of m.steps.join('\n').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)) if (!rank.has(name!)) rank.set(name!, i * 100 + rank.size);
  });
  const sorted = [...tables].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9) || a.localeCompare(b));
  const out: string[] = [];
  const placing = new Set<string>();
  const place = (t: string) => {
    if (out.includes(t) || placing.has(t)) return;
    placing.add(t);
    for (const p of parents.get(t) ?? []) if (tables.includes(p)) place(p);
    out.push(t);
  };
  for (const t of sorted) place(t);
  return out;
}

/** Refuses a target with rows, or (force) empties it; returns how many rows were removed. */
async function emptyTarget(client: pg.PoolClient, tables: string[], force: boolean): Promise<number> {
  const held: string[] = [];
  let total = 0;
  for (const table of tables) {
    const n = (await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`)).rows[0]!.n;
    if (n > 0) { held.push(`${table} (${n})`); total += n; }
  }
  if (!held.length) return 0;
  if (!force) {
    throw new GazetteError('DATABASE', `The target PostgreSQL database already has rows: ${held.join(', ')}. Nothing was copied. Copy into an empty database, or add --force to replace what it holds (in the same transaction as the copy).`);
  }
  await client.query(`TRUNCATE ${tables.map(ident).join(', ')}`);
  return total;
}

/** Copies one table with COPY … FROM STDIN (streamed, with back-pressure); returns the SQLite row count. */
async function copyTable(db: Db, client: pg.PoolClient, table: string, pgColumns: { name: string; required: boolean }[]): Promise<number> {
  const sqliteColumns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
  const known = new Set(pgColumns.map((c) => c.name));
  const extra = sqliteColumns.filter((c) => !known.has(c));
  if (extra.length) throw new GazetteError('DATABASE', `SQLite column${extra.length > 1 ? 's' : ''} ${extra.map((c) => `${table}.${c}`).join(', ')} ha${extra.length > 1 ? 've' : 's'} no PostgreSQL counterpart; nothing was copied.`);
  const absent = pgColumns.filter((c) => c.required && !sqliteColumns.includes(c.name));
  if (absent.length) throw new GazetteError('DATABASE', `PostgreSQL column${absent.length > 1 ? 's' : ''} ${absent.map((c) => `${table}.${c.name}`).join(', ')} must have a value but the SQLite table has no such column; nothing was copied.`);
  const columns = pgColumns.map((c) => c.name).filter((c) => sqliteColumns.includes(c));
  const select = db.prepare(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)}`).raw(true);
  let count = 0;
  function* lines(): Generator<string> {
    // Lines are grouped into chunks of about 64 KB: one write per row would cost more than the encoding.
    let chunk = '';
    for (const row of select.iterate() as Iterable<unknown[]>) {
      chunk += row.map(copyText).join('\t') + '\n';
      count++;
      if (chunk.length >= 65_536) { yield chunk; chunk = ''; }
    }
    if (chunk) yield chunk;
  }
  const sink = client.query(copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(lines()), sink);
  return count;
}

/**
 * One value in COPY's text format. Hand-written because pg-copy-streams moves
 * bytes only; the format is small and fixed (PostgreSQL docs, "COPY", "Text
 * Format"): \N is NULL, backslash and the three separators are escaped, and
 * bytea goes as its hex form (whose own backslash is escaped too).
 */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** Moves each identity column's sequence past the largest copied id, so new rows get fresh ids. */
async function resetIdentities(client: pg.PoolClient): Promise<CopyReport['sequences']> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`);
  const out: CopyReport['sequences'] = [];
  for (const { table_name: table, column_name: column } of rows) {
    const max = (await client.query<{ m: number | null }>(`SELECT max(${ident(column)})::bigint AS m FROM ${ident(table)}`)).rows[0]!.m;
    // setval(seq, n, false): the next nextval() returns n.
    const next = (max ?? 0) + 1;
    await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, false)', [ident(table), column, next]);
    out.push({ table, column, next });
  }
  return out;
}
