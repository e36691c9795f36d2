// One delivery in a fresh process, for the peak-memory comparison:
// `node --import tsx rss-child.ts DB_PATH ISSUE_JSON` delivers the rendered
// issue in ISSUE_JSON (built by the parent, so this process never loads the
// renderer) to every subscriber in DB_PATH through a transport that accepts
// each message at once (no SMTP). The figure is then Gazette's delivery
// memory: the ledger, the keyset batches, the per-recipient bytes. Prints JSON.
// DB_PATH may be a postgres:// URL: the list and ledger are then PostgreSQL's,
// reached through the app's parts as `gazette send` reaches them.
import { systemClock } from '../../src/clock.js';
import { deliverIssue, type Transport } from '../../src/deliver/index.js';
import { silentLogger } from '../../src/log.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isPostgresUrl } from '../../src/store/engine.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { BENCH_SECRET, BENCH_SETTINGS } from './settings.js';

const [dbPath, issuePath] = process.argv.slice(2) as [string, string];
const rendered = JSON.parse(readFileSync(issuePath, 'utf8')) as RenderedIssue;
const onPostgres = isPostgresUrl(dbPath);
// Loaded only for PostgreSQL, so the SQLite figure stays the delivery's alone.
const app = onPostgres ? (await import('../../src/app.js')).createApp({ env: { DATABASE_URL: dbPath, GAZETTE_SECRET: BENCH_SECRET, GAZETTE_DATA_DIR: tmpdir(), LOG_LEVEL: 'silent' }, logger: silentLogger }) : undefined;
const db = onPostgres ? undefined : openSqlite(dbPath);
const parts = app
  ? { engine: app.engine(), subscribers: app.subscribers() }
  : { engine: { kind: 'sqlite' as const, db: db!, path: dbPath }, subscribers: createSqliteSubscriberStore(db!, systemClock) };
let bytes = 0;
const discard: Transport = {
  name: 'discard',
  async send(message) {
    bytes += message.raw.length;
    return { status: 'sent', code: 250, response: '250 discarded' };
  },
  async close() {},
};
let peakDuring = 0;
let peakHeap = 0;
// The V8 heap's share of the peak (heapTotal: what V8 reserved, young generation included); the rest is SQLite, code and buffers.
const sampler = setInterval(() => { const m = process.memoryUsage(); peakDuring = Math.max(peakDuring, m.rss); peakHeap = Math.max(peakHeap, m.heapTotal); }, 20);
const startRss = process.memoryUsage.rss();
const t0 = performance.now();
const report = await deliverIssue(
  { ...parts, transport: discard, tokens: createTokenSigner(BENCH_SECRET), clock: systemClock, logger: silentLogger },
  rendered,
  { ...BENCH_SETTINGS, concurrency: 10 },
);
clearInterval(sampler);
db?.close();
await app?.close();
// What the run still holds once garbage is collected (the child runs with --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(JSON.stringify({
  sent: report.sent,
  seconds: (performance.now() - t0) / 1000,
  bytes,
  startRss,
  peakRssDuring: peakDuring,
  peakHeapTotal: peakHeap,
  maxRss: process.resourceUsage().maxRSS * 1024,
  liveHeapAfterGc: process.memoryUsage().heapUsed,
}));
