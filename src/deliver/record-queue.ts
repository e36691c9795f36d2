// Records answers in the ledger as they arrive, committed together at the end
// of the current turn of the event loop (setImmediate): an answer is in the
// database microseconds after the server gave it, and the answers of all
// connections that arrived together share one commit (one SQLite transaction,
// or one PostgreSQL round trip) instead of paying one each (the commit was the
// largest per-message cost of a send). While a commit is on its way to
// PostgreSQL, the answers arriving meanwhile gather for the next one.
//
// Each push resolves once its answer is committed. A worker waits for that
// before it sends again, so accepted-but-unrecorded messages never exceed one
// per worker: that bounds what a crash (or a full disk) can make the next run
// send again to the connections in flight, as the contract promises.
import type { RecordEntry, SendLedger } from './ledger.js';
import { DATABASE_PATIENCE_MS, isRetryable } from './retryable.js';

const MAX_PENDING = 256;
const BUSY_RETRY_MS = 200;

interface Waiting {
  entry: RecordEntry;
  resolve(): void;
  reject(err: unknown): void;
}

/** Answers waiting for their commit. */
export class RecordQueue {
  private pending: Waiting[] = [];
  private scheduled = false;
  private busySince: number | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly ledger: SendLedger,
    private readonly date: string,
    private readonly run: string,
    /** Called for an answer whose row this run no longer held (its claim lapsed). */
    private readonly onLapsed: (entry: RecordEntry) => void,
    /** Called when the database refuses the write; the run must stop. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Queues one answer for the commit at the end of this turn; resolves once committed, rejects when the database refused it. */
  push(entry: RecordEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      // Bounded however the event loop is used: a full queue commits at once.
      if (this.pending.length >= MAX_PENDING && !this.flushing) return void this.commit();
      this.schedule(0);
    });
  }

  /**
   * Commits every queued answer now (after any commit already on its way);
   * rejects when the database refuses. The answers then stay queued for the
   * next flush: an answer the server gave is never forgotten while the process lives.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => {});
    if (this.pending.length === 0) {
      this.scheduled = false;
      return;
    }
    const done = this.flushOnce();
    this.flushing = done;
    try {
      await done;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Answers not yet committed. */
  get size(): number {
    return this.pending.length;
  }

  private async flushOnce(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.slice();
    const held = await this.ledger.recordMany(this.date, this.run, batch.map((w) => w.entry));
    // Answers pushed while the commit was on its way stay queued, after this batch.
    this.pending.splice(0, batch.length);
    this.busySince = undefined;
    held.forEach((ok, i) => { if (!ok) this.onLapsed(batch[i]!.entry); });
    for (const w of batch) w.resolve();
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (delayMs === 0) setImmediate(() => void this.commit());
    else setTimeout(() => void this.commit(), delayMs);
  }

  private async commit(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.scheduled = false;
      // Another process holds the write lock (better-sqlite3 already waited
      // busy_timeout), or PostgreSQL is out of reach for a moment: wait for it.
      if (isRetryable(err) && Date.now() - (this.busySince ??= Date.now()) < DATABASE_PATIENCE_MS) return this.schedule(BUSY_RETRY_MS);
      // Full, read-only, or locked (or down) for too long: the run stops; the answers stay queued for a last try.
      for (const w of this.pending) w.reject(err);
      for (const w of this.pending) w.resolve = w.reject = () => {};
      this.onError(err);
    }
  }
}
