// `npm run bench:send`: Gazette's delivery path against two baselines measured
// in the same run, all sending the same sample issue to a loopback
// smtp-server that runs in a separate process:
//   Gazette     the real deliverIssue: ledger, prebuilt message bytes, pooled SMTP
//   baseline A  nodemailer used carefully: MJML once, Handlebars per recipient,
//               one pooled transport, nodemailer building each message
//   baseline B  the naive way: a full Handlebars + MJML render per recipient
//               (measured on fewer messages and extrapolated per message)
// Then peak memory of a delivery at 20,000 and at 200,000 subscribers, each in
// a fresh process, through a transport that discards (no SMTP).
//
// Then several `gazette send` workers sharing one PostgreSQL (1, 2, 3) beside
// one on SQLite, against a server answering each message after 20 ms, and the
// peak memory of one PostgreSQL worker at two list sizes (send/workers.ts).
//
// Options (env): BENCH_SEND_MESSAGES (20000), BENCH_SEND_NAIVE (200),
// BENCH_SEND_CONNECTIONS (10), BENCH_SEND_RSS ("20000,100000,200000"; "" skips);
// BENCH_SEND_MESSAGES=0 skips the SMTP comparison. Workers:
// BENCH_SEND_WORKERS ("1,2,3"; "" skips), BENCH_SEND_WORKER_RECIPIENTS (2000),
// BENCH_SEND_WORKER_CONNECTIONS (2: few, so the relay's 20 ms and not this
// machine's CPU sets the pace), BENCH_SEND_WORKER_DELAY_MS (20),
// BENCH_SEND_PG_RSS ("20000,200000"; "" skips). Per-reader digests:
// BENCH_SEND_VARIANTS (5000 subscribers over 24 zones and 4 topic sets vs one
// variant; 100000 for the full scenario; 0 skips).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import nodemailer from 'nodemailer';
import { systemClock } from '../src/clock.js';
import { deliverIssue } from '../src/deliver/index.js';
import { createSmtpTransport } from '../src/deliver/transports/index.js';
import { silentLogger } from '../src/log.js';
import { PERSONAL_MARKERS, personalize, renderIssue, type RenderOptions } from '../src/render/index.js';
import type { RenderedIssue } from '../src/render/types.js';
import { openSqlite } from '../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../src/subscribers/sqlite-store.js';
import { preferencesLink, unsubscribeLink } from '../src/subscribers/links.js';
import { createTokenSigner } from '../src/subscribers/tokens.js';
import type { SummarizedStory } from '../src/types.js';
import type { BuiltIssue } from '../src/pipeline/build-issue.js';
import { BENCH_SECRET, BENCH_SETTINGS, benchIssue, benchList } from './send/fixture.js';
import { startSinkProcess, type SinkProcess } from './send/sink-client.js';
import { runWorkersBench, type WorkersBenchResult } from './send/workers.js';
import { runVariantsBench, type VariantsBenchResult } from './send/variants.js';

const here = dirname(fileURLToPath(import.meta.url));
const tokens = createTokenSigner(BENCH_SECRET);

export interface PathResult {
  name: string;
  messages: number;
  perSecond: number;
  cpuMsPerMessage: number;
}

export interface SendBenchResult {
  /** Bytes of the issue's HTML and text. */
  messageBytes: number;
  gazette?: PathResult;
  careful?: PathResult;
  naive?: PathResult;
  /** Gazette's messages per second over baseline A's. */
  speedup?: number;
  memory?: MemoryRow[];
  workers?: WorkersBenchResult | null;
  variants?: VariantsBenchResult;
}

export interface MemoryRow {
  subscribers: number;
  peakRssMb: number;
  /** Heap still in use after a full collection at the end: what the run retains. */
  liveHeapMb: number;
  seconds: number;
}

/** Runs the send benchmark and prints its figures; returns them for bench/index.ts. */
export async function runSendBench(options: { messages?: number; naive?: number; connections?: number; rssScales?: number[] } = {}): Promise<SendBenchResult> {
  const messages = options.messages ?? Number(process.env.BENCH_SEND_MESSAGES ?? 20_000);
  const naiveCount = options.naive ?? Number(process.env.BENCH_SEND_NAIVE ?? 200);
  const connections = options.connections ?? Number(process.env.BENCH_SEND_CONNECTIONS ?? 10);
  const rssScales = options.rssScales ?? (process.env.BENCH_SEND_RSS ?? '20000,100000,200000').split(',').filter(Boolean).map(Number);

  const { built, renderOptions } = await benchIssue();
  const rendered = built.stored;
  console.log(`send benchmark: issue of ${rendered.issue.date}, ${rendered.issue.stories.length} stories, HTML ${(rendered.html.length / 1024).toFixed(1)} KB; ${messages} messages over ${connections} connections to smtp-server in another process`);

  const result: SendBenchResult = { messageBytes: Buffer.byteLength(rendered.html) + Buffer.byteLength(rendered.text) };
  if (messages > 0) Object.assign(result, await comparePaths(built, renderOptions, messages, naiveCount, connections));
  const variantCount = Number(process.env.BENCH_SEND_VARIANTS ?? 5000);
  if (variantCount > 0) {
    const sink = await startSinkProcess();
    try {
      result.variants = await runVariantsBench(rendered, renderOptions, variantCount, connections, sink, (line) => console.log(line));
    } finally {
      sink.stop();
    }
  }
  if (rssScales.length > 0) result.memory = peakMemory(rssScales, rendered);
  const workerCounts = (process.env.BENCH_SEND_WORKERS ?? '1,2,3').split(',').filter(Boolean).map(Number);
  const pgRssScales = (process.env.BENCH_SEND_PG_RSS ?? '20000,200000').split(',').filter(Boolean).map(Number);
  if (workerCounts.length > 0 || pgRssScales.length > 0) {
    const issueFile = join(mkdtempSync(join(tmpdir(), 'gz-bench-issue-')), 'issue.json');
    writeFileSync(issueFile, JSON.stringify(rendered));
    try {
      result.workers = await runWorkersBench({
        recipients: Number(process.env.BENCH_SEND_WORKER_RECIPIENTS ?? 2000),
        connections: Number(process.env.BENCH_SEND_WORKER_CONNECTIONS ?? 2),
        delayMs: Number(process.env.BENCH_SEND_WORKER_DELAY_MS ?? 20),
        counts: workerCounts,
        rssScales: pgRssScales,
        issueFile,
        print: (line) => console.log(line),
      });
    } finally {
      rmSync(dirname(issueFile), { recursive: true, force: true });
    }
  }
  return result;
}

/** The three paths against one SMTP server process. */
async function comparePaths(built: BuiltIssue, renderOptions: RenderOptions, messages: number, naiveCount: number, connections: number) {
  const rendered = built.stored;
  const sink = await startSinkProcess();
  try {
    const dbPath = await benchList(messages);
    const gazette = await measure('Gazette (ledger, prebuilt bytes)', messages, sink, () => gazettePath(dbPath, rendered, connections, sink.port));
    rmSync(dirname(dbPath), { recursive: true, force: true });
    const careful = await measure('baseline A: MJML once, Handlebars per recipient', messages, sink, () => carefulPath(rendered, messages, connections, sink.port));
    const naive = await measure(`baseline B: MJML per recipient (${naiveCount} messages, per message)`, naiveCount, sink, () => naivePath(built.stories, renderOptions, naiveCount, connections, sink.port));
    const speedup = gazette.perSecond / careful.perSecond;
    console.log(`  Gazette vs baseline A: ${speedup.toFixed(2)}x messages/s, ${(careful.cpuMsPerMessage / gazette.cpuMsPerMessage).toFixed(2)}x less CPU per message (target >= 2.5x)`);
    console.log(`  Gazette vs baseline B: ${(gazette.perSecond / naive.perSecond).toFixed(1)}x messages/s (B extrapolated from ${naiveCount} messages)`);
    return { gazette, careful, naive, speedup };
  } finally {
    sink.stop();
  }
}

/** Runs one path, checks the server got every message, and prints rate and sender CPU per message. */
async function measure(name: string, messages: number, sink: SinkProcess, run: () => Promise<void>): Promise<PathResult> {
  const before = await sink.count();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const received = (await sink.count()) - before;
  if (received !== messages) throw new Error(`${name}: the server received ${received} messages, expected ${messages}`);
  const result = { name, messages, perSecond: messages / seconds, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / messages };
  console.log(`  ${name.padEnd(62)} ${result.perSecond.toFixed(0).padStart(6)} msg/s  ${result.cpuMsPerMessage.toFixed(3)} ms CPU/msg`);
  return result;
}

/** Gazette: deliverIssue over the ledger and the pooled SMTP transport. */
async function gazettePath(dbPath: string, rendered: RenderedIssue, connections: number, port: number): Promise<void> {
  const db = openSqlite(dbPath);
  const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, maxConnections: connections });
  try {
    const report = await deliverIssue(
      { engine: { kind: 'sqlite', db, path: dbPath }, subscribers: createSqliteSubscriberStore(db, systemClock), transport, tokens, clock: systemClock, logger: silentLogger },
      rendered,
      { ...BENCH_SETTINGS, concurrency: connections },
    );
    if (report.pending > 0 || report.failed.length > 0) throw new Error(`Gazette path: ${report.pending} pending, ${report.failed.length} failed`);
  } finally {
    await transport.close();
    db.close();
  }
}

/** A pooled nodemailer transport as a careful user sets it up (nodemailer 10 turns Nagle off itself, as Gazette's transport relies on). */
function pooledNodemailer(port: number, connections: number) {
  return nodemailer.createTransport({
    pool: true, host: '127.0.0.1', port, maxConnections: connections, maxMessages: Infinity, ignoreTLS: true, logger: false,
  });
}

/** Sends `count` messages built by `build`, keeping `inFlight` of them queued on the pool. */
async function pump(count: number, inFlight: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) await send(next++);
  }));
}

/** Baseline A: the MJML output compiled as a Handlebars template once; per recipient Handlebars fills it and nodemailer builds the MIME message. */
async function carefulPath(rendered: RenderedIssue, count: number, connections: number, port: number): Promise<void> {
  const toHbs = (s: string) => s.replaceAll(PERSONAL_MARKERS.unsubscribeUrl, '{{unsubscribeUrl}}').replaceAll(PERSONAL_MARKERS.preferencesUrl, '{{preferencesUrl}}').replaceAll(PERSONAL_MARKERS.email, '{{email}}');
  const hbs = Handlebars.create();
  const html = hbs.compile(toHbs(rendered.html));
  const text = hbs.compile(toHbs(rendered.text), { noEscape: true });
  const transport = pooledNodemailer(port, connections);
  try {
    await pump(count, connections * 2, (i) => {
      const email = `bench-${i + 1}@example.org`;
      const unsubscribeUrl = unsubscribeLink(BENCH_SETTINGS.publicUrl, tokens, i + 1);
      const data = { email, unsubscribeUrl, preferencesUrl: preferencesLink(BENCH_SETTINGS.publicUrl, tokens, i + 1) };
      return transport.sendMail({
        from: BENCH_SETTINGS.mailFrom, to: email, subject: rendered.subject, messageId: `<${rendered.issue.date}.${i + 1}@example.com>`,
        html: html(data), text: text(data),
        list: { id: { url: 'gazette.example.com', comment: 'Gazette' }, unsubscribe: [unsubscribeUrl, `mailto:unsubscribe@example.com?subject=unsubscribe`] },
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    });
  } finally {
    transport.close();
  }
}

/** Baseline B: the whole render (Handlebars + MJML + text) for every recipient, then nodemailer builds the message. */
async function naivePath(stories: SummarizedStory[], renderOptions: RenderOptions, count: number, connections: number, port: number): Promise<void> {
  const transport = pooledNodemailer(port, connections);
  try {
    await pump(count, connections * 2, async (i) => {
      const email = `bench-${i + 1}@example.org`;
      const unsubscribeUrl = unsubscribeLink(BENCH_SETTINGS.publicUrl, tokens, i + 1);
      const issue = await renderIssue(stories, renderOptions);
      const fields = { email, unsubscribeUrl, preferencesUrl: preferencesLink(BENCH_SETTINGS.publicUrl, tokens, i + 1) };
      return transport.sendMail({
        from: BENCH_SETTINGS.mailFrom, to: email, subject: issue.subject, messageId: `<${issue.issue.date}.${i + 1}@example.com>`,
        html: personalize(issue.html, fields, { html: true }), text: personalize(issue.text, fields, { html: false }),
        list: { id: { url: 'gazette.example.com', comment: 'Gazette' }, unsubscribe: [unsubscribeUrl, `mailto:unsubscribe@example.com?subject=unsubscribe`] },
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    });
  } finally {
    transport.close();
  }
}

/** The V8 flags the `gazette` command runs with (its shebang line), so the memory child runs as `gazette send` does. */
function gazetteNodeFlags(): string[] {
  const shebang = readFileSync(join(here, '..', 'bin', 'gazette.js'), 'utf8').split('\n', 1)[0]!;
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Peak RSS of a whole delivery at each list size, each in a fresh process. */
function peakMemory(scales: number[], rendered: RenderedIssue): MemoryRow[] {
  console.log(`  peak memory of a delivery (fresh process each, with gazette's flags ${gazetteNodeFlags().join(' ')}; given the rendered issue; transport discards, no SMTP):`);
  const issueFile = join(mkdtempSync(join(tmpdir(), 'gz-bench-issue-')), 'issue.json');
  writeFileSync(issueFile, JSON.stringify(rendered));
  const rows: MemoryRow[] = [];
  for (const n of scales) {
    // The list is made in this process, so the child's peak is the delivery's alone.
    const dbPath = execFileSync(process.execPath, ['--import', 'tsx', '-e', `import('${pathToFileURL(join(here, 'send', 'fixture.ts')).href}').then((m) => m.benchList(${n})).then((p) => process.stdout.write(p))`], { encoding: 'utf8' });
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', ...gazetteNodeFlags(), '--import', 'tsx', join(here, 'send', 'rss-child.ts'), dbPath, issueFile], { encoding: 'utf8', maxBuffer: 1 << 20 }));
    rmSync(dirname(dbPath), { recursive: true, force: true });
    if (out.sent !== n) throw new Error(`memory run at ${n}: sent ${out.sent}`);
    const row = { subscribers: n, peakRssMb: out.maxRss / 1048576, liveHeapMb: out.liveHeapAfterGc / 1048576, seconds: out.seconds };
    console.log(`    ${String(n).padStart(7)} subscribers: peak RSS ${row.peakRssMb.toFixed(1)} MB (V8 heap reserved ${(out.peakHeapTotal / 1048576).toFixed(1)} MB); live heap after the run ${row.liveHeapMb.toFixed(1)} MB (${(n / out.seconds).toFixed(0)} msg/s without SMTP)`);
    rows.push(row);
  }
  if (rows.length >= 2) {
    const [a, b] = [rows[0]!, rows[rows.length - 1]!];
    const growth = ((b.peakRssMb / a.peakRssMb) - 1) * 100;
    console.log(`    ${b.subscribers} vs ${a.subscribers}: peak RSS ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (target: within 10%: ${Math.abs(growth) <= 10 ? 'met' : 'NOT met'}); live heap ${(b.liveHeapMb - a.liveHeapMb).toFixed(1)} MB apart`);
    if (rows.length > 2) {
      const mid = rows[rows.length - 2]!;
      console.log(`    ${b.subscribers} vs ${mid.subscribers}: peak RSS ${(((b.peakRssMb / mid.peakRssMb) - 1) * 100).toFixed(1)}%`);
    }
    console.log('    (subscribers are queued by INSERT ... SELECT, delivery runs with a 2 MB SQLite page cache, and the young generation is capped as in bin/gazette.js)');
  }
  rmSync(dirname(issueFile), { recursive: true, force: true });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await runSendBench();
}
