// The composition root: configuration in, concrete parts out. This is the only
// module that reads process.env; every other module takes its parts as
// arguments, so tests can hand in a temporary database, a manual clock or a
// transport pointed at a local SMTP server.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, readDotEnv, sqlitePath, type Config, type ConfigKey, type Env } from './config/index.js';
import { unknownDotEnvNames } from './config/dotenv-check.js';
import { localDate, systemClock, type Clock } from './clock.js';
import { createLogger, type Logger } from './log.js';
import { GazetteError } from './errors.js';
import { openSqlite, type Db } from './store/sqlite.js';
import { isPostgresUrl, type Engine } from './store/engine.js';
import { migratePostgres, openPostgresPool, redactUrl } from './store/postgres.js';
import { PG_MODULES } from './store/schema.js';
import { createIssueStore, type IssueStore } from './store/issues.js';
import { createRunStore, type RunStore } from './store/runs.js';
import { createLeaseStore, type LeaseStore } from './schedule/lease.js';
import { configuredSources, createFeedCache, type FeedCache, type Source } from './gather/index.js';
import { createSummarizer, type Summarizer } from './summarize/index.js';
import type { BuildParts, BuildSettings } from './pipeline/build-issue.js';
import { createTokenSigner, loadOrCreateSecret, readKeptSecret, type TokenSigner } from './subscribers/tokens.js';
import { loadOrCreatePgSecret } from './subscribers/pg-token-key.js';
import { createSubscriberStore } from './subscribers/open-store.js';
import type { SubscriberStore } from './subscribers/store.js';
import { createConfirmationMailer, type ConfirmationMailer } from './subscribers/confirmation.js';
import { createTransport, type TransportChoice } from './deliver/transports/index.js';
import { parseRelayList } from './deliver/transports/relay-url.js';
import type { Transport } from './deliver/transport.js';
import { parseSender } from './deliver/headers.js';
import { createBounceStore, type BounceStore } from './bounces/store.js';

/** Everything a command needs, built once per process. */
export interface App {
  config: Config;
  logger: Logger;
  clock: Clock;
  /**
   * The database DATABASE_URL names: SQLite (the default) or PostgreSQL.
   * Stores are created from it; a PostgreSQL engine's `ready()` applies
   * every module's migrations once.
   */
  engine(): Engine;
  /** The SQLite database (only when DATABASE_URL is sqlite:), opened on first use. */
  db(): Db;
  /**
   * Signs and checks confirm/unsubscribe tokens. The key: GAZETTE_SECRET, else
   * one generated on first use and kept in the data folder (SQLite) or in the
   * database (PostgreSQL, so every host sending for the list shares it).
   */
  tokens(): Promise<TokenSigner>;
  /** The domain of the VERP return path: BOUNCE_DOMAIN, else MAIL_FROM's domain. */
  bounceDomain(): string;
  /** Bounce and complaint events (soft bounces counted, reports processed once). */
  bounces(): BounceStore;
  /** The subscriber list (its tables migrated on first use). */
  subscribers(): SubscriberStore;
  /** Built issues (and which articles they carried). */
  issues(): IssueStore;
  /** The run reports (scheduler, send). */
  runs(): RunStore;
  /** The scheduler's leases. */
  leases(): LeaseStore;
  /** Today's date (YYYY-MM-DD) in the configured time zone. */
  today(): string;
  /** The parts the pipeline needs to build an issue from `contentDir` (default: the configured one). */
  buildParts(contentDir?: string): BuildParts;
  /** The settings of the issue of `date` (default: today). */
  buildSettings(date?: string): BuildSettings;
  /**
   * A new mail transport: SMTP when SMTP_URL is set, else the outbox folder of
   * `choice.date` (default today). One per run; the caller closes it.
   */
  transport(choice?: TransportChoice): Transport;
  /** Sends double opt-in confirmation mail through `transport` (serve, subscribers add/import). */
  confirmationMailer(transport: Transport): Promise<ConfirmationMailer>;
  /** Closes whatever was opened. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** Command-line values; they win over the environment. */
  flags?: Partial<Record<ConfigKey, unknown>>;
  /** The environment; defaults to `.env` under process.env. */
  env?: Env;
  clock?: Clock;
  logger?: Logger;
  /**
   * For commands that print their own account of what happened: log only
   * errors unless LOG_LEVEL asks for more, so the terminal is not told twice.
   */
  quiet?: boolean;
  /**
   * 'create' (commands that write): a missing database file is created, and
   * `onDatabaseCreated` told where. 'existing' (commands that only read): a
   * missing file is an error naming the path, never a new empty database.
   */
  database?: 'create' | 'existing';
  onDatabaseCreated?: (path: string) => void;
  /** Told each `.env` name that looks like a setting but is none (default: the log). */
  onWarning?: (line: string) => void;
}

/** Builds the app from flags, `.env` and the environment. */
export function createApp(options: AppOptions = {}): App {
  const dotEnv = options.env ? {} : readDotEnv(resolve('.env'));
  const env = options.env ?? { ...dotEnv, ...process.env };
  // Before the settings are checked: a misspelt name may be why one is wrong.
  const dotEnvWarnings = unknownDotEnvNames(dotEnv);
  if (options.onWarning) for (const line of dotEnvWarnings.splice(0)) options.onWarning(line);
  const quietFlags = options.quiet && !env.LOG_LEVEL ? { logLevel: 'error' } : {};
  const config = loadConfig(env, { ...quietFlags, ...options.flags });
  // SMTP_URL's relay parameters (pool=, rate=, hourly=) are checked here, with
  // the rest of the settings: found only when a send starts, a typo became a
  // failed run in the reports instead of a refusal to start.
  if (config.smtpUrl) parseRelayList(config.smtpUrl, { pool: config.smtpMaxConnections, rate: config.smtpRateLimit });
  // Readable lines for a person at a terminal, JSON lines for a log collector.
  const logger = options.logger ?? createLogger(config.logLevel, process.stderr, { pretty: Boolean(process.stderr.isTTY) });
  for (const line of dotEnvWarnings) logger.warn(line);
  const clock = options.clock ?? systemClock;
  let db: Db | undefined;
  let engine: Engine | undefined;
  let tokens: Promise<TokenSigner> | undefined;
  let subscribers: SubscriberStore | undefined;
  let issues: IssueStore | undefined;
  let runs: RunStore | undefined;
  let leases: LeaseStore | undefined;
  let bounces: BounceStore | undefined;
  let summarizer: Summarizer | undefined;
  let feedCache: FeedCache | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  return {
    config,
    logger,
    clock,
    engine() {
      if (engine) return engine;
      if (isPostgresUrl(config.databaseUrl)) {
        const pool = openPostgresPool(config.databaseUrl);
        closers.push(() => pool.end());
        let migrated: Promise<void> | undefined;
        engine = {
          kind: 'postgres',
          pool,
          label: redactUrl(config.databaseUrl),
          ready: () => (migrated ??= migratePostgres(pool, PG_MODULES).then(() => undefined)),
        };
      } else {
        engine = { kind: 'sqlite', db: this.db(), path: resolve(sqlitePath(config.databaseUrl)) };
      }
      return engine;
    },
    db() {
      if (isPostgresUrl(config.databaseUrl)) {
        throw new GazetteError('DATABASE', `This part of Gazette needs SQLite, but DATABASE_URL is ${redactUrl(config.databaseUrl)}.`);
      }
      if (!db) {
        const path = resolve(sqlitePath(config.databaseUrl));
        const isNew = path !== resolve(':memory:') && !existsSync(path);
        if (isNew && options.database === 'existing') {
          throw new GazetteError('DATABASE', `The database ${path} does not exist (DATABASE_URL=${config.databaseUrl}). Check DATABASE_URL; a new one is created by the first command that writes (build, send, subscribers add or import, serve).`);
        }
        const opened = openSqlite(path);
        if (isNew) {
          logger.info({ path }, 'created a new database');
          options.onDatabaseCreated?.(path);
        }
        closers.push(() => { opened.close(); });
        db = opened;
      }
      return db;
    },
    issues() {
      issues ??= createIssueStore(this.engine());
      return issues;
    },
    runs() {
      runs ??= createRunStore(this.engine());
      return runs;
    },
    leases() {
      leases ??= createLeaseStore(this.engine());
      return leases;
    },
    today() {
      return localDate(clock.now(), config.tz);
    },
    buildParts(contentDir) {
      summarizer ??= createSummarizer(config, logger);
      feedCache ??= createFeedCache(this.engine(), () => clock.now());
      const configured = configuredSources(resolve(contentDir ?? config.contentDir), { timeoutMs: config.feedTimeoutMs, cache: feedCache, logger });
      // Bad lines of feeds.txt travel with the sources, so the build reports them like any other skipped input.
      const listProblems: Source = { name: 'feeds.txt', read: async () => ({ articles: [], problems: configured.problems }) };
      const sources: Source[] = configured.problems.length ? [...configured.sources, listProblems] : configured.sources;
      return { sources, summarizer, issues: this.issues(), clock, logger, contentDir: resolve(contentDir ?? config.contentDir) };
    },
    buildSettings(date) {
      return {
        date: date ?? this.today(),
        templatesDir: templatesDir(config.templatesDir),
        outDir: resolve(config.outDir),
        listName: config.listName,
        publicUrl: config.publicUrl,
        budget: { sentences: config.summarySentences, words: config.summaryWords },
        maxStories: config.maxStories,
        maxAgeDays: config.maxAgeDays,
      };
    },
    bounceDomain() {
      return (config.bounceDomain ?? parseSender(config.mailFrom).domain).toLowerCase();
    },
    bounces() {
      bounces ??= createBounceStore(this.engine());
      return bounces;
    },
    subscribers() {
      subscribers ??= createSubscriberStore(this.engine(), clock);
      return subscribers;
    },
    tokens() {
      tokens ??= (async () => {
        const file = join(resolve(config.dataDir), 'secret');
        const engine = isPostgresUrl(config.databaseUrl) && !config.secret ? this.engine() : undefined;
        if (engine?.kind !== 'postgres') return createTokenSigner(loadOrCreateSecret(config.secret, file));
        await engine.ready();
        // A host that kept a key file before the key moved into the database
        // offers it, so the first such host's links keep working.
        const kept = readKeptSecret(file) ?? undefined;
        const secret = await loadOrCreatePgSecret(engine.pool, kept);
        if (kept && kept !== secret) {
          logger.warn({ file }, 'this host\'s token key file differs from the key stored in the database; links in mail this host sent with it no longer work (the database key is used; the file can be deleted)');
        }
        return createTokenSigner(secret);
      })();
      // A failure is not kept: `gazette run` asks again each tick, and a
      // database that was down at the first one must not refuse every later one.
      tokens.catch(() => { tokens = undefined; });
      return tokens;
    },
    transport(choice) {
      return createTransport(config, { date: choice?.date ?? this.today(), subdir: choice?.subdir, logger: this.logger });
    },
    async confirmationMailer(transport) {
      return createConfirmationMailer({
        transport,
        tokens: await this.tokens(),
        clock,
        publicUrl: config.publicUrl,
        mailFrom: config.mailFrom,
        listName: config.listName,
      });
    },
    async close() {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}

/** The configured templates folder, or the one shipped with Gazette when it does not exist. */
function templatesDir(configured: string): string {
  const dir = resolve(configured);
  if (existsSync(join(dir, 'digest.mjml.hbs'))) return dir;
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
}
