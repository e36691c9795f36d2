// One delivery in a fresh process, for the peak-memory comparison:
// `node --import tsx rss-child.ts DB_PATH` delivers the sample issue to every
// subscriber in DB_PATH through a transport that accepts each message at once
// (no SMTP), so the figure is Gazette's own memory: the ledger, the keyset
// batches and the per-recipient message bytes. Prints JSON.
import { systemClock } from '../../src/clock.js';
import { deliverIssue, type Transport } from '../../src/deliver/index.js';
import { silentLogger } from '../../src/log.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { BENCH_SECRET, BENCH_SETTINGS, benchIssue } from './fixture.js';

const dbPath = process.argv[2]!;
const { built } = await benchIssue();
const db = openSqlite(dbPath);
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
const sampler = setInterval(() => { peakDuring = Math.max(peakDuring, process.memoryUsage.rss()); }, 20);
const startRss = process.memoryUsage.rss();
const t0 = performance.now();
const report = await deliverIssue(
  { db, subscribers: createSqliteSubscriberStore(db, systemClock), transport: discard, tokens: createTokenSigner(BENCH_SECRET), clock: systemClock, logger: silentLogger },
  built.stored,
  { ...BENCH_SETTINGS, concurrency: 10 },
);
clearInterval(sampler);
db.close();
process.stdout.write(JSON.stringify({
  sent: report.sent,
  seconds: (performance.now() - t0) / 1000,
  bytes,
  startRss,
  peakRssDuring: peakDuring,
  maxRss: process.resourceUsage().maxRSS * 1024,
}));
