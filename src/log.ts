// Structured logs (pino) on stderr, so that stdout stays for what a command
// prints (paths, JSON). Operators pipe stderr to their log collector.
import { pino, type Logger } from 'pino';

export type { Logger };

/** A logger writing JSON lines to stderr at `level`. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { app: 'gazette' } }, destination);
}

/** A logger that drops everything; for tests and for `--json` output that must stay clean. */
export const silentLogger: Logger = pino({ level: 'silent' });
