// Picks the send ledger's implementation for an engine: callers get a
// SendLedger from here (or from the app), never name an engine's class.
import type { Engine } from '../store/engine.js';
import type { SendLedger } from './ledger.js';
import { PgSendLedger } from './pg-ledger.js';
import { SqliteSendLedger } from './sqlite-ledger.js';

/** The ledger of `engine`'s database (SQLite: its tables migrated now; PostgreSQL: after `engine.ready()`, awaited on first use). */
export function openSendLedger(engine: Engine): SendLedger {
  return engine.kind === 'sqlite' ? new SqliteSendLedger(engine.db) : new PgSendLedger(engine);
}
