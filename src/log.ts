// Structured logs (pino) on stderr, so that stdout stays for what a command
// prints (paths, JSON). Operators pipe stderr to their log collector, which
// gets JSON lines; a person at a terminal gets readable lines (pino-pretty).
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * A logger writing to `destination` at `level`: JSON lines, or with `pretty`
 * one readable line per entry ("12:00:01 INFO: confirmation mail sent  subscriber=3").
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr, options: { pretty?: boolean } = {}): Logger {
  if (options.pretty) {
    // Loaded only for a terminal: JSON runs (and start-up) never pay for it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: Record<string, unknown>) => NodeJS.WritableStream;
    const stream = pretty({ destination, colorize: Boolean((destination as { isTTY?: boolean }).isTTY), translateTime: 'HH:MM:ss', ignore: 'pid,hostname,app', singleLine: true, sync: true });
    return pino({ level, base: { app: 'gazette' } }, stream);
  }
  return pino({ level, base: { app: 'gazette' } }, destination);
}

/** A logger that drops everything; for tests and for `--json` output that must stay clean. */
export const silentLogger: Logger = pino({ level: 'silent' });
