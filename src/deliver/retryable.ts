// Which database errors a send waits out instead of stopping: they clear by
// themselves in a moment, and giving up on them would cost a whole run.
import { isPgTransient } from '../store/postgres.js';
import { isBusy } from '../store/sqlite.js';

/** How long a send keeps trying through such errors before it stops. */
export const DATABASE_PATIENCE_MS = 30_000;

/**
 * SQLite's write lock held by another process, PostgreSQL's transient states,
 * and a connection to PostgreSQL lost (node-postgres reports that without a code).
 */
export function isRetryable(err: unknown): boolean {
  if (isBusy(err) || isPgTransient(err)) return true;
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}
