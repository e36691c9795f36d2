// SMTP_URL as a list of relays: comma-separated URLs, each with optional query
// parameters for its own connection count and rate limits
// (smtp://user:pass@a.example:587?pool=4&rate=20&hourly=50000). A comma inside
// a password must be written %2C, as any reserved character in a URL.
import { GazetteError } from '../../errors.js';
import { parseSmtpUrl } from './smtp.js';

/** One relay of SMTP_URL. */
export interface RelaySpec {
  /** host:port, never the user or password: what reports and the ledger show. */
  name: string;
  /** The URL without its query string (what the SMTP transport connects to). */
  url: string;
  /** Parallel connections to this relay. */
  pool: number;
  /** Messages per second at most; 0: no limit. */
  rate: number;
  /** Messages per hour at most; 0: no limit. */
  hourly: number;
  /** True when the entry set any parameter (a lone relay without any behaves exactly as before). */
  tuned: boolean;
}

const PARAMETERS: Record<string, { min: number; max: number; what: string }> = {
  pool: { min: 1, max: 100, what: 'parallel connections, a whole number from 1 to 100' },
  rate: { min: 0, max: 100_000, what: 'messages per second, a number from 0 (no limit) to 100000' },
  hourly: { min: 0, max: 100_000_000, what: 'messages per hour, a whole number, 0 for no limit' },
};

/** Splits SMTP_URL into its relays; `defaults` come from SMTP_MAX_CONNECTIONS and SMTP_RATE_LIMIT. */
export function parseRelayList(smtpUrl: string, defaults: { pool: number; rate: number }): RelaySpec[] {
  const entries = smtpUrl.split(',').map((e) => e.trim());
  const many = entries.length > 1;
  const relays = entries.map((entry, i) => {
    const where = many ? `SMTP_URL relay ${i + 1} of ${entries.length}` : 'SMTP_URL';
    if (!entry) throw new GazetteError('CONFIG', `${where} is empty (two commas in a row, or one at the end); separate the relays' URLs by single commas.`);
    return parseRelay(entry, where, defaults);
  });
  const seen = new Set<string>();
  for (const r of relays) {
    if (seen.has(r.name)) throw new GazetteError('CONFIG', `SMTP_URL lists the relay ${r.name} twice; give each relay once (raise its pool= for more connections).`);
    seen.add(r.name);
  }
  return relays;
}

function parseRelay(entry: string, where: string, defaults: { pool: number; rate: number }): RelaySpec {
  const queryAt = entry.indexOf('?');
  const base = queryAt < 0 ? entry : entry.slice(0, queryAt);
  let server;
  try {
    server = parseSmtpUrl(base);
  } catch (err) {
    // parseSmtpUrl names SMTP_URL; say which relay of the list it was.
    throw new GazetteError('CONFIG', where === 'SMTP_URL' ? (err as Error).message : `${where}: ${(err as Error).message}`, { cause: err });
  }
  const values = { pool: defaults.pool, rate: defaults.rate, hourly: 0 };
  const query = new URLSearchParams(queryAt < 0 ? '' : entry.slice(queryAt + 1));
  let tuned = false;
  for (const [key, raw] of query) {
    const spec = PARAMETERS[key];
    if (!spec) {
      throw new GazetteError('CONFIG', `${where} has an unknown parameter "${key}"; the parameters are pool= (${PARAMETERS.pool!.what}), rate= (${PARAMETERS.rate!.what}) and hourly= (${PARAMETERS.hourly!.what}).`);
    }
    const value = Number(raw);
    const whole = key !== 'rate';
    if (raw.trim() === '' || !Number.isFinite(value) || value < spec.min || value > spec.max || (whole && !Number.isInteger(value))) {
      throw new GazetteError('CONFIG', `${where} has ${key}=${JSON.stringify(raw)}, which is not valid; ${key}= is ${spec.what}.`);
    }
    values[key as keyof typeof values] = value;
    tuned = true;
  }
  const port = server.port ?? (server.secure ? 465 : 587);
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return { name: `${host}:${port}`, url: base, ...values, tuned };
}
