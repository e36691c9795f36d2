// A real database (an SQLite file with the real subscriber store, or a fresh
// PostgreSQL database with rows written into its subscribers table), and a
// rendered issue literal carrying the personal markers, for delivery tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../src/clock.js';
import type { DeliveryAudience } from '../../../src/deliver/index.js';
import type { Engine } from '../../../src/store/engine.js';
import type { Subscriber, SubscriberStatus } from '../../../src/subscribers/types.js';
import { insertSubscribers, sqlAudience } from '../../helpers/pg-subscribers.js';
import { openTestDb, type EngineKind } from './engines.js';
import { PERSONAL_MARKERS as M } from '../../../src/render/personal.js';
import type { RenderedIssue } from '../../../src/render/types.js';
import { openSqlite, type Db } from '../../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../../src/subscribers/sqlite-store.js';
import type { SubscriberStore } from '../../../src/subscribers/store.js';
import { createTokenSigner } from '../../../src/subscribers/tokens.js';

export const SECRET = 'delivery-test-secret-0123456789';
export const tokens = createTokenSigner(SECRET);
export const settings = { mailFrom: 'Gazette <news@example.com>', publicUrl: 'https://news.example.com', listName: 'Gazette' };

/** The issue of `date`, with both personal markers in both parts. */
export function renderedIssue(date = '2025-03-01'): RenderedIssue {
  return {
    issue: { date, subject: `Gazette ${date}`, preheader: 'Trams and tides', stories: [], articleCount: 0, htmlBytes: 0 },
    subject: `Gazette — ${date}`,
    preheader: 'Trams and tides',
    html: `<!doctype html><html><body><h1>Gazette</h1><p>${'The Harbour Line opens. '.repeat(30)}</p><p>Sent to ${M.email}. <a href="${M.unsubscribeUrl}">Unsubscribe</a></p></body></html>`,
    text: `Gazette\n\n${'The Harbour Line opens. '.repeat(30)}\n\nSent to ${M.email}.\nUnsubscribe: ${M.unsubscribeUrl}\n`,
  };
}

export interface Fixture {
  dir: string;
  dbPath: string;
  db: Db;
  engine: Engine;
  store: SubscriberStore;
  cleanup(): void;
}

/** A database of either engine holding `confirmed` confirmed subscribers (reader1@… upwards) and a few others. */
export interface EngineFixture {
  kind: EngineKind;
  engine: Engine;
  /** What delivery reads from the list, plus a lookup by address and a status change for the assertions. */
  store: DeliveryAudience & { find(key: number | string): Promise<Subscriber | null> };
  setStatus(email: string, status: SubscriberStatus): Promise<void>;
  /** Rows of a query, `?` placeholders on both engines. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

/** `fixture` on `kind`: the same list on SQLite (through the real store) or PostgreSQL (rows written with SQL). */
export async function engineFixture(kind: EngineKind, confirmed: number): Promise<EngineFixture> {
  const rows: { email: string; status: SubscriberStatus }[] = Array.from({ length: confirmed }, (_, i) => ({ email: `reader${i + 1}@example.org`, status: 'confirmed' }));
  rows.push({ email: 'pending@example.org', status: 'pending' }, { email: 'left@example.org', status: 'unsubscribed' });
  const t = await openTestDb(kind);
  if (t.engine.kind === 'sqlite') {
    const store = createSqliteSubscriberStore(t.engine.db, systemClock);
    await store.upsertMany(rows, { source: 'cli', reason: 'test' });
    return {
      kind, engine: t.engine, store, all: t.all, cleanup: t.close,
      setStatus: async (email, status) => { await store.setStatus(email, status, { source: 'web', reason: 'test' }); },
    };
  }
  await insertSubscribers(t.engine.pool, rows);
  const store = sqlAudience(t.engine.pool);
  return { kind, engine: t.engine, store, all: t.all, cleanup: t.close, setStatus: store.setStatus };
}

/** A temp folder with a database holding `confirmed` confirmed subscribers (reader1@… upwards) and a few others. */
export async function fixture(confirmed: number): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'gz-deliver-'));
  const dbPath = join(dir, 'gazette.db');
  const db = openSqlite(dbPath);
  const store = createSqliteSubscriberStore(db, systemClock);
  const rows = Array.from({ length: confirmed }, (_, i) => ({ email: `reader${i + 1}@example.org`, status: 'confirmed' as const }));
  rows.push({ email: 'pending@example.org', status: 'pending' as never }, { email: 'left@example.org', status: 'unsubscribed' as never });
  await store.upsertMany(rows, { source: 'cli', reason: 'test' });
  return { dir, dbPath, db, engine: { kind: 'sqlite', db, path: dbPath }, store, cleanup: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}
