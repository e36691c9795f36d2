// A real Gazette server for tests: SQLite in a temp folder (or a fresh database
// in the run's PostgreSQL cluster), the SMTP transport pointed at a real local
// SMTP server, Fastify listening on 127.0.0.1:0.
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { manualClock } from '../../../src/clock.js';
import { createSmtpTransport } from '../../../src/deliver/transports/smtp.js';
import type { Transport } from '../../../src/deliver/transport.js';
import { createLogger } from '../../../src/log.js';
import { createServer, type ServerDeps } from '../../../src/server/index.js';
import { openSqlite, type Db } from '../../../src/store/sqlite.js';
import { createConfirmationMailer, type ConfirmationMailer } from '../../../src/subscribers/confirmation.js';
import { createSqliteSubscriberStore } from '../../../src/subscribers/sqlite-store.js';
import { createPgSubscriberStore } from '../../../src/subscribers/pg-store.js';
import { freshPgEngine } from '../../helpers/postgres.js';
import type { SubscriberStore } from '../../../src/subscribers/store.js';
import { createTokenSigner, type TokenSigner } from '../../../src/subscribers/tokens.js';
import { tmpDir } from '../../helpers/tmp.js';
import { startInbox, type Inbox } from './smtp-inbox.js';

export const SECRET = 'test-secret-that-is-long-enough';

export interface Harness {
  url: string;
  server: FastifyInstance;
  store: SubscriberStore;
  tokens: TokenSigner;
  clock: ReturnType<typeof manualClock>;
  inbox: Inbox;
  /** The SQLite database (a PostgreSQL harness throws: it has none). */
  db: Db;
  /** Everything the server logged, as text. */
  logs(): string;
  /** Waits for the work the server does after answering (confirmation mails). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server with its own database (SQLite unless `engine` says postgres), SMTP server and clock. */
export async function startHarness(overrides: Partial<ServerDeps> = {}, engine: 'sqlite' | 'postgres' = 'sqlite'): Promise<Harness> {
  const clock = manualClock('2026-03-02T07:00:00Z');
  let db: Db | undefined;
  let store: SubscriberStore;
  let closeDb: () => Promise<void>;
  if (engine === 'postgres') {
    const pg = await freshPgEngine();
    store = createPgSubscriberStore(pg.engine, clock);
    closeDb = pg.close;
  } else {
    const sqlite = openSqlite(join(tmpDir(), 'gazette.db'));
    db = sqlite;
    store = createSqliteSubscriberStore(sqlite, clock);
    closeDb = async () => { sqlite.close(); };
  }
  const tokens = createTokenSigner(SECRET);
  const inbox = await startInbox();
  const transport: Transport = createSmtpTransport({ url: inbox.url, maxConnections: 1 });
  let logText = '';
  const logStream = new PassThrough();
  logStream.on('data', (c) => { logText += c; });
  // The links in mail must point at the server, whose port is known only once it
  // listens: the mailer is made then, and this plain object forwards to it.
  let mailer: ConfirmationMailer | undefined;
  const server = await createServer({
    store,
    tokens,
    mailer: { send: (s) => mailer!.send(s) },
    clock,
    logger: createLogger('info', logStream),
    publicUrl: 'http://127.0.0.1/',
    listName: 'The Test Gazette',
    ...overrides,
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  mailer = createConfirmationMailer({ transport, tokens, clock, publicUrl: url, mailFrom: 'The Test Gazette <news@example.com>', listName: 'The Test Gazette' });
  return {
    url, server, store, tokens, clock, inbox,
    get db(): Db {
      if (!db) throw new Error('this harness runs on PostgreSQL; it has no SQLite database');
      return db;
    },
    logs: () => logText,
    settle: () => server.backgroundWork.drain(),
    async close() {
      await server.close();
      await transport.close();
      await inbox.close();
      await closeDb();
    },
  };
}

/** POSTs a urlencoded form. */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}
