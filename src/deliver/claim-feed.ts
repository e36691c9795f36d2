// Hands a run's workers one ledger row at a time. Rows are claimed in batches
// (so the database is asked once per batch), the claims are renewed while the
// run works, and when nothing is left to claim the feed either ends (nobody
// else holds rows) or takes over the rows of a sender that died, or waits for
// a live one to finish.
import { ownerId, ownerIsGone } from '../process-owner.js';
import type { Logger } from '../log.js';
import type { ClaimedDelivery, SendLedger } from './ledger.js';
import { sleep } from './retry.js';
import { DATABASE_PATIENCE_MS, isRetryable } from './retryable.js';

export interface ClaimFeedOptions {
  /** How long a claim lasts without renewal. */
  ttlMs: number;
  batchSize: number;
  /** How often to look again while another sender holds the last rows. */
  pollMs: number;
  signal: AbortSignal;
  logger: Logger;
}

/** The claimed rows of one run, as a queue its workers pull from. */
export class ClaimFeed {
  private readonly local: ClaimedDelivery[] = [];
  private finished = false;
  private refilling: Promise<void> | undefined;
  // Claims coordinate real processes, so they run on wall time (Date.now), not
  // on the injected clock that tests may hold still or move by hours.
  private validUntil = 0;
  // Set for good once the claims may have lapsed: another sender may have
  // taken the rows over, so this run must never revive them by renewing.
  private lapsed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private renewing: Promise<void> | undefined;
  /** A claim holder ("machine:pid:run") that is a dead process of this machine; anything else is waited out. */
  private readonly isGone = ownerIsGone;

  constructor(private readonly ledger: SendLedger, private readonly date: string, private readonly run: string, private readonly options: ClaimFeedOptions) {
    this.heartbeat = setInterval(() => {
      // One renewal at a time: a slow database must not pile them up.
      if (this.renewing || !this.holdsClaims()) return;
      const until = Date.now() + options.ttlMs;
      this.renewing = ledger.renew(date, run, until).then(() => {
        // Only ever extends: the claims hold until `until` in the database now.
        this.validUntil = Math.max(this.validUntil, until);
      }, (err: unknown) => {
        // A timer must not throw (it would end the process). Unrenewed, the
        // claims lapse and the run stops sending; the record queue reports the database's fault.
        options.logger.error({ err, issue: date }, 'could not renew the claims on this run\'s recipients');
      }).finally(() => { this.renewing = undefined; });
    }, Math.max(50, Math.floor(options.ttlMs / 3)));
    this.heartbeat.unref();
  }

  /** The next row to send, or undefined when there is none left for this run (or it is stopping). */
  async next(): Promise<ClaimedDelivery | undefined> {
    for (;;) {
      if (this.options.signal.aborted || this.lapsed) return undefined;
      const row = this.local.shift();
      if (row) return row;
      if (this.finished) return undefined;
      this.refilling ??= this.refill().finally(() => { this.refilling = undefined; });
      await this.refilling;
    }
  }

  /** False once the claims may have lapsed (the run stalled past their expiry): send nothing more. */
  holdsClaims(): boolean {
    if (this.lapsed) return false;
    if (this.validUntil !== 0 && Date.now() >= this.validUntil) this.lapsed = true;
    return !this.lapsed && this.validUntil !== 0;
  }

  /** Stops renewing the claims. */
  close(): void {
    clearInterval(this.heartbeat);
  }

  private async refill(): Promise<void> {
    const { date, options } = this;
    // Yield a full turn of the event loop between batches: with a transport
    // that answers at once every await resolves as a microtask, and without
    // this the answers would never be committed nor the claims renewed.
    await new Promise((resolve) => setImmediate(resolve));
    let troubledSince: number | undefined;
    while (!options.signal.aborted && !this.lapsed) {
      try {
        if (await this.refillOnce()) return;
        troubledSince = undefined;
      } catch (err) {
        // The database out of reach for a moment (a PostgreSQL restart, a
        // failover): try again for a while before the run stops.
        if (!isRetryable(err) || Date.now() - (troubledSince ??= Date.now()) >= DATABASE_PATIENCE_MS) throw err;
        options.logger.warn({ err, issue: date }, 'could not claim recipients; trying again');
        await sleep(options.pollMs, options.signal);
      }
    }
  }

  /** One look at the ledger: true when the feed has rows again or is finished; false after waiting for another sender. */
  private async refillOnce(): Promise<boolean> {
    const { ledger, date, run, options } = this;
    const now = Date.now();
    const rows = await ledger.claim(date, run, now, options.ttlMs, options.batchSize);
    if (rows.length > 0) {
      // Rows claimed earlier expire at their last renewal, which may come sooner.
      this.validUntil = this.validUntil === 0 ? now + options.ttlMs : Math.min(this.validUntil, now + options.ttlMs);
      this.local.push(...rows);
      return true;
    }
    if ((await ledger.remaining(date, run)) === 0) {
      this.finished = true;
      return true;
    }
    // Another sender holds the last rows: take them over if it is gone, else wait for it.
    const reaped = await ledger.reap(date, now, this.isGone);
    if (reaped > 0) {
      options.logger.info({ issue: date, holders: reaped }, 'taking over the rows of a sender that is no longer running');
      return false;
    }
    const expiry = await ledger.nextExpiry(date, run);
    await sleep(Math.max(10, Math.min(options.pollMs, expiry === null ? options.pollMs : expiry - now + 1)), options.signal);
    return false;
  }
}

/** A run id: this machine, this process, and a random part ("host:pid:abcd1234"). */
export function newRunId(random: string): string {
  return ownerId(random);
}
