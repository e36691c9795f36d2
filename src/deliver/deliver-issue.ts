// Delivers one rendered issue to every confirmed subscriber, exactly once.
// The list is queued into the ledger in keyset batches; then workers (as many
// as messages in flight) take claimed rows, send and record. The message is
// prepared once; each recipient costs a lookup, a token and a concatenation.
// Memory stays flat: at most one batch of subscribers and one of claimed rows.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { GazetteError } from '../errors.js';
import type { Logger } from '../log.js';
import type { DeliveryGroup } from '../editions/due.js';
import type { RenderMeta } from '../render/index.js';
import type { RenderedIssue } from '../render/types.js';
import type { Engine } from '../store/engine.js';
import { isBusy } from '../store/sqlite.js';
import type { TokenSigner } from '../subscribers/tokens.js';
import { listIdFor, parseSender, unsubscribeLinker } from './headers.js';
import { ClaimFeed, newRunId } from './claim-feed.js';
import type { DeliveryFailure, RelayCounts, SendLedger } from './ledger.js';
import { openSendLedger } from './open-ledger.js';
import { prepareMessage } from './message.js';
import { returnPathFor } from './return-path.js';
import { DEFAULT_PAUSE, DEFAULT_RETRY, ErrorRate, sleep, type PausePolicy, type RetryPolicy } from './retry.js';
import { RecordQueue } from './record-queue.js';
import { isRetryable } from './retryable.js';
import { namesMailbox } from './refusal.js';
import { bounce, sendOne, type DeliveryAudience, type RecipientResult, type SendContext } from './send-one.js';
import { RelayWatch } from './relay-watch.js';
import { distinctVariants, VariantMessages } from './variants.js';
import type { Transport } from './transport.js';
import { formatAnswer } from './transports/smtp-outcome.js';
import type { ClaimedDelivery } from './ledger.js';
import type { SendOutcome } from './transport.js';

export interface DeliverParts {
  /** The database holding the list and the send ledger (SQLite or PostgreSQL). */
  engine: Engine;
  subscribers: DeliveryAudience;
  transport: Transport;
  tokens: Pick<TokenSigner, 'sign' | 'digest'>;
  clock: Clock;
  logger: Logger;
}

export interface DeliverOptions {
  mailFrom: string;
  publicUrl: string;
  listName: string;
  /**
   * The domain of each copy's VERP envelope sender (bounces+<signed token>@domain),
   * so a bounce names its subscriber and issue; unset: MAIL_FROM is the envelope sender.
   */
  bounceDomain?: string;
  /** Messages in flight at once (match the SMTP connections); default 5. */
  concurrency?: number;
  /** Ledger rows claimed at a time; default 10 per message in flight. */
  batchSize?: number;
  retry?: Partial<RetryPolicy>;
  pause?: Partial<PausePolicy>;
  /** How long a claim lasts without renewal; a crashed sender's rows wait this long (unless its process is seen gone). */
  claimTtlMs?: number;
  /** How often to look again while another sender holds the last rows. */
  pollMs?: number;
  /** How long the SMTP server may stay unreachable before the send pauses; default 60 s. */
  outageMs?: number;
  /** Address refusals in a row, with no message accepted in between, that pause the send as a refusal of the sender; default 10. */
  refusalStreak?: number;
  /**
   * Queue only these (frequency, zone, hour) groups, the ones due now
   * (editions/due.ts); unset: every confirmed subscriber, as a plain `send`.
   */
  groups?: readonly DeliveryGroup[];
  /** Templates and names for rendering topics variants; unset: every reader gets the whole issue. */
  renderMeta?: RenderMeta;
  /** A topics variant with no stories is not sent under 'skip' (the default). */
  onEmpty?: 'skip' | 'send';
  /** Stops the run gracefully: in-flight messages finish, the rest is left for the next run. */
  signal?: AbortSignal;
  onProgress?(progress: DeliveryProgress): void;
}

export interface DeliveryProgress {
  total: number;
  /** Recipients with a final outcome (including those delivered before this run). */
  done: number;
  sent: number;
  failed: number;
}

/** The send report of the contract (`send --json`), plus a little more. */
export interface DeliveryReport {
  issue: string;
  recipients: number;
  /** Delivered by this run. */
  sent: number;
  /** Already delivered for this issue (by an earlier run or another process). */
  skipped: number;
  /** Recipients that did not get it (first 1000): permanent failures and temporary ones left for the next run. */
  failed: DeliveryFailure[];
  /** Recipients still to try (temporary failures): non-zero means run again. */
  pending: number;
  /** Subscribers who left the list after being queued, or whose topics had no news, so were not sent to. */
  dropped: number;
  /** Distinct variants (topic sets; '' = the whole issue) among this edition's recipients. */
  variants: number;
  /** Variants this run rendered (each is rendered once per edition, by whichever run needs it first). */
  renders: number;
  transport: string;
  /** Messages per relay (host:port) in this run, when SMTP_URL lists several: delivered and failed. */
  relays: RelayCounts;
  runId: string;
  durationMs: number;
}

// Small on purpose: V8 moves objects from an allocation site that all survive
// a young-generation collection straight to the old generation ("pretenuring"),
// and batches of 1000 subscribers made it do so for the whole run.
const REPORT_FAILURES = 1000;
// SQLite's page cache for the run, in KiB. better-sqlite3 builds SQLite with a
// 16 MB cache (the subscriber import wants it), which a delivery fills page by
// page as it walks a long list and the ledger, so peak memory grew with the
// list until the cache was full. Delivery reads both in key order and looks up
// one subscriber at a time: a small cache serves it as fast (measured with
// bench:send), and keeps memory the same at 20,000 and at 200,000 subscribers.
const DELIVERY_CACHE_KIB = 2048;

/** Delivers `rendered` to every confirmed subscriber and reports; throws GazetteError('PAUSED') when the error rate trips. */
export async function deliverIssue(parts: DeliverParts, rendered: RenderedIssue, options: DeliverOptions): Promise<DeliveryReport> {
  const { engine } = parts;
  if (engine.kind === 'postgres') {
    try {
      return await deliverWithCache(parts, rendered, options);
    } catch (err) {
      throw asDatabaseError(err, rendered.issue.date);
    }
  }
  const { db } = engine;
  // The connection is shared (with `serve`, say): give it back as it was.
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${DELIVERY_CACHE_KIB}`);
  try {
    return await deliverWithCache(parts, rendered, options);
  } catch (err) {
    throw asDatabaseError(err, rendered.issue.date);
  } finally {
    if (db.open) db.pragma(`cache_size = ${Number(cache)}`);
  }
}

async function deliverWithCache(parts: DeliverParts, rendered: RenderedIssue, options: DeliverOptions): Promise<DeliveryReport> {
  const { clock, logger, transport } = parts;
  const date = rendered.issue.date;
  const started = clock.now();
  const t0 = performance.now();
  const runId = newRunId(randomUUID().slice(0, 8));
  const ledger = openSendLedger(parts.engine);
  const sender = parseSender(options.mailFrom);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const concurrency = Math.max(1, options.concurrency ?? 5);
  const batchSize = options.batchSize ?? concurrency * 10;

  if (transport.name.startsWith('smtp') && !/^https:/i.test(options.publicUrl)) {
    logger.warn({ publicUrl: options.publicUrl }, 'PUBLIC_URL is not https: mailbox providers ignore a List-Unsubscribe URL that is not https; set PUBLIC_URL to the https address of `gazette serve`');
  }
  // The Date header is when delivery of this issue first started, or when the
  // reader's row was queued if later (a reader whose hour comes in the evening
  // gets a copy dated then, not at the cut-off); both are stored, so a copy
  // resent after a crash carries the same bytes.
  const firstStarted = await ledger.start(date, started);
  const listId = listIdFor(options.listName, sender);
  const messages = new VariantMessages(ledger, rendered, (r) => prepareMessage(r, { sender, listId, date: firstStarted }), clock,
    { renderMeta: options.renderMeta, onEmpty: options.onEmpty });
  // The whole issue is prepared up front, as before: a broken message stops the run before any claim.
  await messages.get('');
  const queued = options.groups
    ? await ledger.enqueueDue(date, sender, parts.clock.now(), options.groups)
    : await ledger.enqueueConfirmed(date, sender, parts.clock.now());
  logger.info({ issue: date, runId, transport: transport.name, newlyQueued: queued }, 'delivery started');

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const feed = new ClaimFeed(ledger, date, runId, { ttlMs: options.claimTtlMs ?? 120_000, batchSize, pollMs: options.pollMs ?? 1_000, signal: stop.signal, logger });

  const errors = new ErrorRate({ ...DEFAULT_PAUSE, ...options.pause });
  let paused: string | undefined;
  let fatal: unknown;
  // Counted once; then kept up to date from each outcome (a COUNT per message would grow with the list).
  const initial = await ledger.counts(date);
  const tally = {
    total: initial.queued + initial.sending + initial.sent + initial.temp_failed + initial.failed,
    done: initial.sent + initial.failed,
    sent: 0,
    failed: 0,
  };
  const progress = () => options.onProgress?.({ total: tally.total, done: tally.done, sent: tally.sent, failed: tally.failed });

  const records = new RecordQueue(ledger, date, runId,
    (entry) => logger.warn({ subscriberId: entry.subscriberId, state: entry.state }, 'the claim on this recipient lapsed before its answer was recorded'),
    (err) => { fatal ??= err; stop.abort(); });
  const pause = (reason: string) => {
    if (paused) return;
    paused = reason;
    logger.warn({ issue: date, reason }, 'pausing the send');
    stop.abort();
  };
  // Bare address refusals (a 550 without an enhanced code) wait here until a
  // message is accepted (then they were about their addresses, and the
  // subscribers are marked bounced); a long streak of them with nothing
  // accepted is the relay refusing the sender. A refusal naming the mailbox
  // (5.1.x, 5.2.x), or one the address got in an earlier run too while this
  // run gets messages through, is the address's and bounced at once.
  const streakLimit = options.refusalStreak ?? 10;
  let held: { row: ClaimedDelivery; outcome: SendOutcome }[] = [];
  let streakTripped = false;
  let acceptedInRun = 0;
  const bounceHeld = async () => {
    const now = held;
    held = [];
    for (const h of now) await bounce(ctx, h.row, formatAnswer(h.outcome.code, h.outcome.response));
  };
  // Final answers per relay in this run (the ledger keeps the relay of each row too).
  const relays: RelayCounts = {};
  const ctx: SendContext = {
    record: (row, state, outcome) => {
      if (outcome.relay && state !== 'sending') {
        const r = (relays[outcome.relay] ??= { sent: 0, failed: 0 });
        if (state === 'sent') r.sent++;
        else r.failed++;
      }
      return records.push({ subscriberId: row.subscriberId, state, outcome, at: clock.now() });
    },
    drop: (row, reason) => ledger.drop(date, row.subscriberId, runId, reason, clock.now()),
    pause,
    async refused(row, outcome) {
      const again = acceptedInRun > 0 && row.attempts > 0 && row.lastCode === (outcome.code ?? null);
      if (namesMailbox(outcome) || again) return bounce(ctx, row, formatAnswer(outcome.code, outcome.response));
      held.push({ row, outcome });
      if (held.length >= streakLimit && !streakTripped) {
        streakTripped = true;
        pause(`${held.length} addresses in a row were refused with nothing accepted in between (latest: ${row.email}: ${formatAnswer(outcome.code, outcome.response)}); that looks like the relay refusing this sender, so nobody was marked bounced`);
      }
    },
    accepted() {
      acceptedInRun++;
      if (held.length > 0 && !streakTripped) void bounceHeld();
    },
    relay: new RelayWatch(options.outageMs ?? 60_000),
    audience: parts.subscribers, transport, links: unsubscribeLinker(parts.tokens, options.publicUrl, sender),
    date: (row) => new Date(Math.max(firstStarted.getTime(), Date.parse(row.queuedAt))),
    envelopeFrom: options.bounceDomain === undefined
      ? () => sender.address
      : (subscriberId) => returnPathFor(parts.tokens, options.bounceDomain!, { issueDate: date, subscriberId }),
    logger, message: (variant) => messages.get(variant), sender, retry, signal: stop.signal,
    holdsClaims: () => feed.holdsClaims(),
  };

  async function count(result: RecipientResult): Promise<void> {
    if (result === 'sent') { tally.sent++; tally.done++; errors.add(false); }
    else if (result === 'failed' || result === 'invalid') { tally.failed++; tally.done++; }
    else if (result === 'dropped') tally.total--;
    if (result === 'failed' || result === 'temp_failed') errors.add(true);
    if (!paused && errors.tripped()) {
      const last = (await ledger.failures(date, REPORT_FAILURES)).at(-1);
      pause(`${errors.describe()} recipients failed${last ? ` (latest: ${last.email}: ${formatAnswer(last.code, last.message)})` : ''}`);
    }
    progress();
  }

  async function worker(): Promise<void> {
    const scratch = { buffer: Buffer.alloc(0) };
    for (;;) {
      let row: ClaimedDelivery | undefined;
      try {
        row = await feed.next();
      } catch (err) {
        fatal ??= err;
        stop.abort();
        return;
      }
      if (!row) return;
      try {
        await count(await sendOne(ctx, row, scratch));
      } catch (err) {
        fatal ??= err;
        stop.abort();
      }
    }
  }

  progress();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    feed.close();
    options.signal?.removeEventListener('abort', onAbort);
    const unrecorded = await flushPatiently(records, logger);
    if (unrecorded === 0) {
      try {
        // Held refusals are bounced only when this run ran its course and got
        // messages through; else nothing shows they were about the addresses
        // (a relay refusing the sender, a paused run): they are tried again
        // next run, after the rows never tried.
        if (held.length > 0 && !stop.signal.aborted && acceptedInRun > 0) await bounceHeld();
        else if (held.length > 0) {
          const last = held.at(-1)!;
          await ledger.reopen(date, held.map((h) => h.row.subscriberId), clock.now());
          if (!stop.signal.aborted) pause(`${held.length === 1 ? 'an address was' : `${held.length} addresses were`} refused and no message was accepted in this run (latest: ${last.row.email}: ${formatAnswer(last.outcome.code, last.outcome.response)}); that may be the relay refusing this sender, so nobody was marked bounced`);
          held = [];
        }
        // Nothing is in flight now: rows claimed but not answered go back to the queue.
        const released = await ledger.release(date, runId, clock.now());
        if (released > 0) logger.info({ issue: date, released }, 'left unsent rows for the next run');
      } catch (err) {
        fatal ??= err;
      }
    } else {
      // Releasing now would hand rows the server already accepted to the next
      // run; left claimed, they wait out their expiry (the contract's window).
      fatal ??= new GazetteError('DATABASE', `The send ledger could not record ${unrecorded} answers of ${date}: the database refused the write. Check the disk and DATABASE_URL, then run \`gazette send\` again.`);
    }
  }

  const report = await buildReport(ledger, date, tally.sent, transport.name, relays, runId, Math.round(performance.now() - t0), messages.renders);
  logger.info({ issue: date, runId, sent: report.sent, skipped: report.skipped, failed: report.failed.length, pending: report.pending, stopped: paused ?? stop.signal.aborted }, 'delivery finished');
  if (fatal) throw fatal;
  if (paused) {
    throw new DeliveryStopped(`Delivery of ${date} through ${transport.name} paused: ${paused}. ${report.sent} sent in this run, ${report.pending} left. Fix the cause (is the SMTP server up and accepting this sender?) and run \`gazette send\` again; whoever is recorded as delivered is not sent it again.`, report);
  }
  if (stop.signal.aborted) {
    throw new DeliveryStopped(`Delivery of ${date} stopped on request after ${report.sent} messages; ${report.pending} left. Run \`gazette send\` again to resume; whoever is recorded as delivered is not sent it again.`, report, true);
  }
  return report;
}

/** A delivery that stopped early (error rate too high, or asked to stop); carries what was done. */
export class DeliveryStopped extends GazetteError {
  constructor(message: string, readonly report: DeliveryReport, readonly interrupted = false) {
    super('PAUSED', message);
  }
}

async function buildReport(ledger: SendLedger, date: string, sent: number, transport: string, relays: RelayCounts, runId: string, durationMs: number, renders: number): Promise<DeliveryReport> {
  const c = await ledger.counts(date);
  return {
    issue: date,
    recipients: c.queued + c.sending + c.sent + c.temp_failed + c.failed,
    sent,
    skipped: c.sent - sent,
    failed: await ledger.failures(date, REPORT_FAILURES),
    pending: c.queued + c.sending + c.temp_failed,
    dropped: c.dropped,
    variants: (await distinctVariants(ledger, date)).length,
    renders,
    transport,
    relays,
    runId,
    durationMs,
  };
}

/**
 * A database error met mid-delivery, as a message that names it: a full disk,
 * a read-only file or a lock held too long is the operator's to fix, not a bug.
 */
export function asDatabaseError(err: unknown, date: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof GazetteError) return err;
  if (isPgError(err)) {
    return new GazetteError('DATABASE', `PostgreSQL failed while delivering the issue of ${date} (${typeof code === 'string' ? `${code}: ` : ''}${(err as Error).message}); check that the server is up and reachable (DATABASE_URL), then run \`gazette send\` again. Delivered messages are recorded; nobody gets a second copy beyond the messages that were in flight.`, { cause: err });
  }
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  const hint = code.startsWith('SQLITE_FULL') ? 'the disk (or the database\'s size limit) is full: free space'
    : code.startsWith('SQLITE_READONLY') ? 'the database file or its folder is read-only: make them writable by this user'
    : isBusy(err) ? 'another process held the database locked too long: let it finish'
    : 'check the disk and the database file';
  return new GazetteError('DATABASE', `The database refused a write while delivering the issue of ${date} (${code}: ${(err as Error).message}); ${hint}, then run \`gazette send\` again. Delivered messages are recorded; nobody gets a second copy beyond the messages that were in flight.`, { cause: err });
}

/** An error from PostgreSQL or the connection to it (node-postgres errors carry a severity, or say the connection ended). */
function isPgError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return typeof (err as { severity?: unknown }).severity === 'string' || (isRetryable(err) && !isBusy(err));
}

/** Commits the last answers, trying a few times over a few seconds when the database is busy; returns how many stayed unrecorded. */
async function flushPatiently(records: RecordQueue, logger: Logger): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await records.flush();
      return 0;
    } catch (err) {
      // A lock has already been waited out by busy_timeout on each try; a full or read-only file will not clear by itself soon.
      if (attempt >= 4) {
        logger.error({ err, unrecorded: records.size }, 'could not record the last answers');
        return records.size;
      }
      await sleep(250 * attempt);
    }
  }
}
