// Configuration is layered once, at start: defaults, then `.env`, then the
// process environment, then command-line flags. The result is checked against
// the schema and a failure names the variable and how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { GazetteError } from '../errors.js';
import { configSchema, settings, type Config, type ConfigKey } from './schema.js';

export type Env = Record<string, string | undefined>;

/** Reads KEY=value lines from a `.env` file, or nothing when there is none. */
export function readDotEnv(path: string): Env {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Env;
}

/**
 * Builds the validated configuration. `env` is the environment (process.env
 * merged over `.env` by the caller); `flags` are command-line values, which win.
 */
export function loadConfig(env: Env, flags: Partial<Record<ConfigKey, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings) as [ConfigKey, (typeof settings)[ConfigKey]][]) {
    const fromEnv = env[setting.env];
    const value = flags[key] ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : setting.default);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as ConfigKey;
      const setting = settings[key];
      const shown = shownValue(raw[key], setting?.secret);
      return `${setting?.env ?? key} ${issue.message} (got ${shown}); fix it in .env or the environment${setting?.default ? `, or unset it for the default ${JSON.stringify(setting.default)}` : ''}.`;
    });
    throw new GazetteError('CONFIG', lines.join('\n'));
  }
  const config = parsed.data;
  if (config.summarizer === 'openai' && (!config.openaiBaseUrl || !config.openaiModel)) {
    throw new GazetteError('CONFIG', 'SUMMARIZER=openai needs OPENAI_BASE_URL and OPENAI_MODEL; set them, or set SUMMARIZER=extractive.');
  }
  return config;
}

/**
 * A setting's value as an error may show it: secrets only by their length,
 * and the password of any URL in it (SMTP_URL, IMAP_URL, DATABASE_URL, each
 * of several relays) as ***, because errors end up in terminals and logs.
 */
export function shownValue(value: unknown, secret?: boolean): string {
  if (value === undefined) return 'unset';
  if (secret) return `${String(value).length} characters, not shown`;
  return JSON.stringify(redactCredentials(String(value)));
}

/** `text` with the password of every user:password@ in it replaced by ***. */
export function redactCredentials(text: string): string {
  // Greedy up to the segment's last @, as URL parsing reads it: a password may hold an @.
  return text.replace(/(\/\/[^/:@\s,]*):[^\s,/]*@/g, '$1:***@');
}

/** The SQLite file path of a `sqlite:PATH` database URL. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^sqlite:(\/\/)?/, '');
}
