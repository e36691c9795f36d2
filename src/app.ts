// The composition root: configuration in, concrete parts out. This is the only
// module that reads process.env; every other module takes its parts as
// arguments, so tests can hand in a temporary database, a manual clock or a
// transport pointed at a local SMTP server.
import { join, resolve } from 'node:path';
import { loadConfig, readDotEnv, sqlitePath, type Config, type ConfigKey, type Env } from './config/index.js';
import { systemClock, type Clock } from './clock.js';
import { createLogger, type Logger } from './log.js';
import { openSqlite, type Db } from './store/sqlite.js';
import { createTokenSigner, loadOrCreateSecret, type TokenSigner } from './subscribers/tokens.js';

/** Everything a command needs, built once per process. */
export interface App {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** The database, opened (and migrated) on first use. */
  db(): Db;
  /** Signs and checks confirm/unsubscribe tokens (the secret is generated on first use when unset). */
  tokens(): TokenSigner;
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
}

/** Builds the app from flags, `.env` and the environment. */
export function createApp(options: AppOptions = {}): App {
  const env = options.env ?? { ...readDotEnv(resolve('.env')), ...process.env };
  const config = loadConfig(env, options.flags);
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  let db: Db | undefined;
  let tokens: TokenSigner | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  return {
    config,
    logger,
    clock,
    db() {
      if (!db) {
        const opened = openSqlite(resolve(sqlitePath(config.databaseUrl)));
        closers.push(() => { opened.close(); });
        db = opened;
      }
      return db;
    },
    tokens() {
      tokens ??= createTokenSigner(loadOrCreateSecret(config.secret, join(resolve(config.dataDir), 'secret')));
      return tokens;
    },
    async close() {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}

/** Path of the built issue's folder for `date`. */
export function issueDir(config: Config, date: string): string {
  return join(resolve(config.outDir), date);
}
