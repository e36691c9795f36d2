// What `gazette db migrate` and `gazette db status` report: the migrations of
// each module, applied and pending, and how many rows the main tables hold, on
// either engine.
import type pg from 'pg';
import type { Engine } from './engine.js';
import { connect, migratePostgres } from './postgres.js';
import { PG_MODULES } from './schema.js';
import type { Db } from './sqlite.js';
import { openEverySqliteStore, sqliteApplied, sqlitePending } from './sqlite-schema.js';

/** The tables `db status` counts, in dependency order. */
export const MAIN_TABLES = ['subscribers', 'subscriber_events', 'issues', 'issue_articles', 'delivery_issues', 'deliveries', 'runs', 'leases', 'feed_cache'] as const;

export interface ModuleVersions { module: string; applied: number[]; pending: number[] }

export interface DatabaseStatus {
  engine: 'sqlite' | 'postgres';
  /** The file, or the URL with its password hidden. */
  database: string;
  modules: ModuleVersions[];
  /** Rows per main table; null for a table not created yet. */
  tables: { table: string; rows: number | null }[];
}

/** A table or column name quoted for SQL (names cannot be parameters). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Applies every pending migration of `engine`; returns what was applied. */
export async function migrateEngine(engine: Engine): Promise<{ module: string; version: number }[]> {
  if (engine.kind === 'postgres') return (await migratePostgres(engine.pool, PG_MODULES)).applied;
  const before = sqliteApplied(engine.db);
  openEverySqliteStore(engine.db);
  const applied: { module: string; version: number }[] = [];
  for (const [module, versions] of sqliteApplied(engine.db)) {
    const had = new Set(before.get(module) ?? []);
    for (const version of versions) if (!had.has(version)) applied.push({ module, version });
  }
  return applied;
}

/** Migrations and row counts of `engine`, changing nothing. */
export async function databaseStatus(engine: Engine): Promise<DatabaseStatus> {
  if (engine.kind === 'sqlite') {
    const applied = sqliteApplied(engine.db);
    const pending = sqlitePending(engine.db);
    return { engine: 'sqlite', database: engine.path, modules: versions(applied, pending), tables: sqliteCounts(engine.db) };
  }
  // One client, taken with connect(): an unreachable server is told as such, not as a bug.
  const client = await connect(engine.pool);
  try {
    const applied = await pgApplied(client);
    const pending = new Map<string, number[]>();
    for (const { module, steps } of PG_MODULES) {
      const had = new Set(applied.get(module) ?? []);
      const missing = steps.map((_, i) => i + 1).filter((v) => !had.has(v));
      if (missing.length) pending.set(module, missing);
    }
    return { engine: 'postgres', database: engine.label, modules: versions(applied, pending), tables: await pgCounts(client) };
  } finally {
    client.release();
  }
}

function versions(applied: Map<string, number[]>, pending: Map<string, number[]>): ModuleVersions[] {
  const names = [...new Set([...applied.keys(), ...pending.keys()])].sort();
  return names.map((module) => ({ module, applied: applied.get(module) ?? [], pending: pending.get(module) ?? [] }));
}

async function pgApplied(pool: pg.ClientBase): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const exists = await pool.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return out;
  const { rows } = await pool.query<{ module: string; version: number }>('SELECT module, version FROM schema_migrations ORDER BY module, version');
  for (const r of rows) out.set(r.module, [...(out.get(r.module) ?? []), r.version]);
  return out;
}

function sqliteCounts(db: Db): DatabaseStatus['tables'] {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`);
  return MAIN_TABLES.map((table) => ({
    table,
    rows: has.get(table) ? (db.prepare(`SELECT count(*) AS n FROM ${ident(table)}`).get() as { n: number }).n : null,
  }));
}

async function pgCounts(pool: pg.ClientBase): Promise<DatabaseStatus['tables']> {
  const out: DatabaseStatus['tables'] = [];
  for (const table of MAIN_TABLES) {
    const exists = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    const rows = exists.rows[0]?.t ? (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`)).rows[0]!.n : null;
    out.push({ table, rows });
  }
  return out;
}
