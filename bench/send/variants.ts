// Per-reader digests at scale: one send of the sample issue to N subscribers
// spread over 24 time zones and 4 topic sets (every group due at once, so
// the whole list goes in one run), against a single-variant send of the same
// size, both through the real deliverIssue to the loopback smtp-server. The
// question: does rendering per topic set (once each, never per subscriber)
// cost throughput? Printed: both rates, their ratio and the render count.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../../src/clock.js';
import { deliverIssue, openSendLedger, type DeliveryReport } from '../../src/deliver/index.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import { silentLogger } from '../../src/log.js';
import type { RenderMeta } from '../../src/render/index.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { BENCH_SECRET, BENCH_SETTINGS, benchList } from './fixture.js';
import type { SinkProcess } from './sink-client.js';

// Zones on both sides of UTC, hours and half-hours: 24 of them.
const ZONES = ['Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'America/Halifax',
  'America/Sao_Paulo', 'Atlantic/Azores', 'Europe/London', 'Europe/Berlin', 'Europe/Athens', 'Europe/Moscow', 'Asia/Dubai', 'Asia/Karachi', 'Asia/Kolkata',
  'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Adelaide', 'Australia/Sydney', 'Pacific/Noumea', 'Pacific/Auckland'];

export interface VariantsBenchResult {
  subscribers: number;
  singlePerSecond: number;
  variantsPerSecond: number;
  /** Variant rate over single-variant rate (1.0 = no cost). */
  ratio: number;
  renders: number;
  variants: number;
}

/** The issue's section names as topic sets: everything, and three subsets. */
function topicSets(rendered: RenderedIssue): string[] {
  const s = rendered.issue.sections ?? [];
  const sets = [[], [s[1]], [s[0], s[2]], [s[3]]].map((t) => t.filter((x): x is string => Boolean(x)));
  return sets.map((t) => [...t].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(';'));
}

/** Runs both sends of `n` subscribers and prints the comparison. */
export async function runVariantsBench(rendered: RenderedIssue, meta: RenderMeta, n: number, connections: number, sink: SinkProcess, print: (line: string) => void): Promise<VariantsBenchResult> {
  const single = await timedSend(rendered, meta, n, connections, sink, false);
  const spread = await timedSend(rendered, meta, n, connections, sink, true);
  const ratio = spread.perSecond / single.perSecond;
  print(`  per-reader digests, ${n} subscribers (${ZONES.length} zones x ${topicSets(rendered).length} topic sets, all due) vs one variant:`);
  print(`    one variant      ${single.perSecond.toFixed(0).padStart(6)} msg/s  (${single.report.renders} renders)`);
  print(`    24 zones, 4 sets ${spread.perSecond.toFixed(0).padStart(6)} msg/s  (${spread.report.renders} renders for ${spread.report.variants} variants)`);
  print(`    ratio ${ratio.toFixed(3)} (target: within 10%: ${ratio >= 0.9 ? 'met' : 'NOT met'})`);
  return { subscribers: n, singlePerSecond: single.perSecond, variantsPerSecond: spread.perSecond, ratio, renders: spread.report.renders, variants: spread.report.variants };
}

async function timedSend(rendered: RenderedIssue, meta: RenderMeta, n: number, connections: number, sink: SinkProcess, spread: boolean): Promise<{ perSecond: number; report: DeliveryReport }> {
  const dbPath = await benchList(n);
  const db = openSqlite(dbPath);
  if (spread) {
    const sets = topicSets(rendered);
    const update = db.prepare('UPDATE subscribers SET timezone = ?, topics = ? WHERE id = ?');
    const ids = db.prepare('SELECT id FROM subscribers ORDER BY id').pluck().all() as number[];
    db.transaction(() => ids.forEach((id, i) => update.run(ZONES[i % ZONES.length]!, sets[Math.floor(i / ZONES.length) % sets.length]!, id)))();
  }
  const engine = { kind: 'sqlite' as const, db, path: dbPath };
  const groups = await openSendLedger(engine).audienceGroups();
  const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${sink.port}`, maxConnections: connections });
  const before = await sink.count();
  try {
    const t0 = performance.now();
    const report = await deliverIssue(
      { engine, subscribers: createSqliteSubscriberStore(db, systemClock), transport, tokens: createTokenSigner(BENCH_SECRET), clock: systemClock, logger: silentLogger },
      rendered,
      { ...BENCH_SETTINGS, concurrency: connections, groups, renderMeta: meta },
    );
    const seconds = (performance.now() - t0) / 1000;
    const received = (await sink.count()) - before;
    if (report.sent !== n || received !== n) throw new Error(`variants bench: sent ${report.sent}, server received ${received}, expected ${n}`);
    return { perSecond: n / seconds, report };
  } finally {
    await transport.close();
    db.close();
    rmSync(dirname(dbPath), { recursive: true, force: true });
  }
}
