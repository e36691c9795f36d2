// `gazette db migrate|status|copy`: the database itself. migrate applies the
// pending migrations of the configured engine; status tells which engine,
// which migrations and how many rows; copy moves a SQLite database into
// PostgreSQL. Thin: parse, call the store modules, print.
import type { Command } from 'commander';
import type { App } from '../app.js';
import { GazetteError } from '../errors.js';
import { copySqliteToPostgres, type CopyReport } from '../store/copy-to-postgres.js';
import { isPostgresUrl } from '../store/engine.js';
import { databaseStatus, migrateEngine, type DatabaseStatus } from '../store/inventory.js';
import { openPostgresPool, redactUrl } from '../store/postgres.js';
import { readKeptSecret } from '../subscribers/tokens.js';
import { join, resolve } from 'node:path';
import { type CliContext, type Io, printJson, println, withQuietApp } from './context.js';

/** Registers `gazette db` and its subcommands. */
export function registerDb(program: Command, ctx: CliContext): void {
  const group = program.command('db').description('the database: migrate, status, and copy a SQLite database into PostgreSQL');
  const withApp = (run: (app: App) => Promise<void>, database: 'create' | 'existing') => withQuietApp(ctx, run, database);

  group
    .command('migrate')
    .description('apply the pending migrations of the database DATABASE_URL names (PostgreSQL: under an advisory lock, safe beside running processes)')
    .option('--json', 'print { "engine", "database", "applied": [{ "module", "version" }] }')
    .action((flags: { json?: boolean }) => withApp(async (app) => {
      const engine = app.engine();
      const applied = await migrateEngine(engine);
      const database = engine.kind === 'sqlite' ? engine.path : engine.label;
      if (flags.json) return printJson(ctx.io, { engine: engine.kind, database, applied });
      println(ctx.io, applied.length
        ? `Applied ${applied.length} migration${applied.length > 1 ? 's' : ''} to ${database}: ${applied.map((a) => `${a.module} ${a.version}`).join(', ')}.`
        : `${database} is up to date: no migration was pending.`);
    }, 'create'));

  group
    .command('status')
    .description('the engine, the migrations applied and pending per module, and the row counts of the main tables')
    .option('--json', 'print the status as JSON')
    .action((flags: { json?: boolean }) => withApp(async (app) => {
      const status = await databaseStatus(app.engine());
      if (flags.json) printJson(ctx.io, status);
      else printStatus(ctx.io, status);
    }, 'existing'));

  group
    .command('copy')
    .description('copy the SQLite database DATABASE_URL names into an empty PostgreSQL database, in one transaction, and compare the row counts; stop serve, run and cron sends first')
    .requiredOption('--to <url>', 'the target: postgres://user:password@host:port/database')
    .option('--force', 'replace what the target already holds (emptied in the same transaction) instead of refusing it')
    .option('--json', 'print { "from", "to", "tables": [{ "table", "sqlite", "postgres" }], "sequences", "replaced", "tokenKey": "copied" | "none" }')
    .action((flags: { to: string; force?: boolean; json?: boolean }) => withApp(async (app) => {
      if (!isPostgresUrl(flags.to)) {
        throw new GazetteError('INPUT', `--to must be a postgres:// URL (postgres://user:password@host:port/database); got ${redactUrl(flags.to)}.`);
      }
      const engine = app.engine();
      if (engine.kind !== 'sqlite') {
        throw new GazetteError('INPUT', `db copy moves a SQLite database into PostgreSQL, but DATABASE_URL already names PostgreSQL (${engine.label}). Run it with DATABASE_URL set to the SQLite file.`);
      }
      const pool = openPostgresPool(flags.to, { max: 2, source: 'the --to URL' });
      try {
        // The key that signed the links in mail already sent: the data folder's
        // file, unless GAZETTE_SECRET signs (then it must simply stay set).
        const tokenKey = app.config.secret ? undefined : readKeptSecret(join(resolve(app.config.dataDir), 'secret')) ?? undefined;
        const report = await copySqliteToPostgres(engine.db, pool, { force: flags.force, tokenKey });
        const to = redactUrl(flags.to);
        if (flags.json) printJson(ctx.io, { from: engine.path, to, ...report });
        else printCopy(ctx.io, engine.path, to, report, Boolean(app.config.secret));
      } finally {
        await pool.end();
      }
    }, 'existing'));
}

function printStatus(io: Io, s: DatabaseStatus): void {
  println(io, `Engine: ${s.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${s.database}`);
  println(io, 'Migrations:');
  for (const m of s.modules) {
    println(io, `  ${m.module.padEnd(12)} applied ${m.applied.length ? m.applied.join(', ') : 'none'}${m.pending.length ? `; pending ${m.pending.join(', ')} (gazette db migrate)` : ''}`);
  }
  println(io, 'Rows:');
  for (const t of s.tables) println(io, `  ${t.table.padEnd(18)} ${t.rows === null ? 'not created yet' : t.rows}`);
}

function printCopy(io: Io, from: string, to: string, r: CopyReport, secretSet: boolean): void {
  println(io, `Copied ${from} into ${to}${r.replaced ? ` (replacing ${r.replaced} rows it held)` : ''}:`);
  const width = Math.max(...r.tables.map((t) => t.table.length));
  println(io, `  ${'table'.padEnd(width)}  ${'sqlite'.padStart(8)}  ${'postgres'.padStart(8)}`);
  for (const t of r.tables) println(io, `  ${t.table.padEnd(width)}  ${String(t.sqlite).padStart(8)}  ${String(t.postgres).padStart(8)}`);
  println(io, 'Row counts match on both sides. Next ids: ' + r.sequences.map((s) => `${s.table}.${s.column} ${s.next}`).join(', ') + '.');
  println(io, r.tokenKey === 'copied'
    ? 'The token key (data folder\'s secret file) was stored in the database, so links in mail already sent keep working on every host.'
    : secretSet
      ? 'No token key was copied: GAZETTE_SECRET signs the links; set the same GAZETTE_SECRET on every host that uses the database.'
      : 'No token key was copied: the data folder has none (no link was signed yet); the first host to need one stores it in the database.');
  println(io, `To switch, set DATABASE_URL=${to.replace(':***@', ':<password>@')} for every Gazette process.`);
}
