// Records answers in the ledger as they arrive, committed together at the end
// of the current turn of the event loop (setImmediate): an answer is in the
// database microseconds after the server gave it, and the answers of all
// connections that arrived together share one SQLite commit instead of paying
// one each (the commit was the largest per-message cost of a send).
import type { RecordEntry, SendLedger } from './ledger.js';

const MAX_PENDING = 256;

/** Answers waiting for their commit. */
export class RecordQueue {
  private pending: RecordEntry[] = [];
  private scheduled = false;

  constructor(
    private readonly ledger: SendLedger,
    private readonly date: string,
    private readonly run: string,
    /** Called for an answer whose row this run no longer held (its claim lapsed). */
    private readonly onLapsed: (entry: RecordEntry) => void,
    /** Called when the database refuses the write; the run must stop. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Queues one answer for the commit at the end of this turn. */
  push(entry: RecordEntry): void {
    this.pending.push(entry);
    // Bounded however the event loop is used: a full queue commits at once.
    if (this.pending.length >= MAX_PENDING) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      try {
        this.flush();
      } catch (err) {
        this.onError(err);
      }
    });
  }

  /**
   * Commits every queued answer now. When the commit fails (the database is
   * busy past its timeout) the answers stay queued for the next flush: an
   * answer the server gave is never forgotten while the process lives.
   */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending.slice();
    const held = this.ledger.recordMany(this.date, this.run, batch);
    this.pending.splice(0, batch.length);
    held.forEach((ok, i) => { if (!ok) this.onLapsed(batch[i]!); });
  }

  /** Answers not yet committed. */
  get size(): number {
    return this.pending.length;
  }
}
