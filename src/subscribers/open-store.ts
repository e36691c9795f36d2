// Picks the subscriber store for the engine DATABASE_URL chose (app.ts).
import type { Clock } from '../clock.js';
import type { Engine } from '../store/engine.js';
import { createPgSubscriberStore } from './pg-store.js';
import { createSqliteSubscriberStore } from './sqlite-store.js';
import type { SubscriberStore } from './store.js';

/** The subscriber list on `engine`: SQLite's file or PostgreSQL's tables, behind one interface. */
export function createSubscriberStore(engine: Engine, clock: Clock): SubscriberStore {
  return engine.kind === 'postgres' ? createPgSubscriberStore(engine, clock) : createSqliteSubscriberStore(engine.db, clock);
}
