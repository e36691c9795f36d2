// The scheduler: node-cron (or a test) says "it is time"; the tick decides
// whether to run. A cron callback that is the whole job is how a daily email
// gets sent twice (node-cron#180), so each tick computes the issue date in the
// zone, asks the run store whether that issue is settled, refuses to overlap a
// run in this process, and takes a lease in the database so a second scheduler
// on the same database stands aside. Runs missed while the process was down are
// caught up at start only within the grace window.
import type { Clock } from '../clock.js';
import { localDate } from '../clock.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { emptyReport, type RunRecord, type RunReport, type RunStore } from '../store/runs.js';
import type { CronSpec } from './cron-spec.js';
import { formatInZone } from './cron-spec.js';
import type { Job } from './job.js';
import type { LeaseHolder, LeaseStore } from './lease.js';
import { realEvery, type Every, type Ticker } from './ticker.js';

export interface SchedulerParts {
  spec: CronSpec;
  ticker: Ticker;
  clock: Clock;
  job: Job;
  runs: RunStore;
  leases: LeaseStore;
  logger: Logger;
  /** Who this process is, in leases and run reports. */
  owner: string;
  /** How late a run may still start (missed while down, or a tick delayed). */
  graceHours: number;
  /** Lease length; renewed every `heartbeatMs` while a run goes on. */
  leaseMs?: number;
  heartbeatMs?: number;
  /** How long `stop` waits for messages in flight before giving up on them. */
  shutdownMs?: number;
  /** After a failed run, try the same issue again this much later (while within the grace window). */
  retryMs?: number;
  every?: Every;
  /**
   * Delivers what is due at an instant to each reader at their own hour
   * (pipeline/deliver-due.ts); called once at start (a restart resumes) and
   * every `deliveryEveryMs` (GAZETTE_TICK_MINUTES). No lease: the ledger's
   * claims already keep several processes from sending one copy twice.
   */
  deliverDue?: (at: Date, signal: AbortSignal) => Promise<void>;
  deliveryEveryMs?: number;
}

/** What a tick did. */
export type TickResult =
  | { action: 'ran'; date: string; report: RunReport }
  | { action: 'settled'; date: string; run: RunRecord }
  | { action: 'locked'; date: string; holder: LeaseHolder }
  | { action: 'overlap'; date: string; running: string }
  | { action: 'late'; date: string; lateMs: number }
  | { action: 'stopping'; date: string }
  | { action: 'unreachable'; date: string; reason: string };

/** What start found about the most recent scheduled run. */
export type CatchUp =
  | { action: 'none' }
  | { action: 'catch-up'; date: string; scheduledAt: Date; run: Promise<TickResult> }
  | { action: 'missed'; date: string; scheduledAt: Date; lateMs: number };

const HOUR = 3_600_000;

export class Scheduler {
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly shutdownMs: number;
  private readonly retryMs: number;
  private readonly every: Every;
  private readonly abort = new AbortController();
  private inFlight: { date: string; id: number; done: Promise<TickResult> } | null = null;
  /** A tick deciding (asking the database) whether to run its date, before its run starts. */
  private deciding: { date: string; done: Promise<unknown> } | null = null;
  /** Scheduled instants (ms) with a retry waiting. */
  private readonly retrying = new Set<number>();
  private stopping = false;
  private delivering: Promise<void> | null = null;
  private stopDeliveries: (() => void) | null = null;
  private toldLocked = '';
  private toldOverlap = 0;

  constructor(private readonly p: SchedulerParts) {
    this.leaseMs = p.leaseMs ?? 60_000;
    this.heartbeatMs = p.heartbeatMs ?? Math.floor(this.leaseMs / 4);
    this.shutdownMs = p.shutdownMs ?? 30_000;
    this.retryMs = p.retryMs ?? 15 * 60_000;
    this.every = p.every ?? realEvery;
  }

  /** The next `n` scheduled instants after now. */
  nextRuns(n: number): Date[] {
    const out: Date[] = [];
    let t: Date | null = this.p.clock.now();
    while (out.length < n && (t = this.p.spec.next(t))) out.push(t);
    return out;
  }

  /** Catches up (or records as missed) the latest scheduled run, then starts the ticker. */
  async start(): Promise<CatchUp> {
    const catchUp = await this.catchUp();
    this.p.ticker.start((at) => { void this.tick(at); });
    if (this.p.deliverDue) {
      void this.deliveryTick();
      this.stopDeliveries = this.every(this.p.deliveryEveryMs ?? 5 * 60_000, () => { void this.deliveryTick(); });
    }
    return catchUp;
  }

  /** Delivers what is due now, unless the previous delivery tick is still going (then this one is skipped). */
  async deliveryTick(): Promise<'ran' | 'busy' | 'stopping'> {
    if (this.stopping || !this.p.deliverDue) return 'stopping';
    if (this.delivering) return 'busy';
    const now = this.p.clock.now();
    this.delivering = this.p.deliverDue(now, this.abort.signal).catch((err: unknown) => {
      // The next tick tries again; the ledger keeps what was delivered.
      this.p.logger.error({ err, at: now.toISOString() }, 'delivering what is due failed; the next tick tries again');
    }).finally(() => { this.delivering = null; });
    await this.delivering;
    return 'ran';
  }

  /** Looks at the most recent scheduled time: run it if it is unsettled and within the grace window. */
  async catchUp(): Promise<CatchUp> {
    const now = this.p.clock.now();
    const last = this.p.spec.prev(now);
    if (!last) return { action: 'none' };
    const date = localDate(last, this.p.spec.tz);
    if (await this.p.runs.settled(date)) return { action: 'none' };
    const lateMs = now.getTime() - last.getTime();
    if (lateMs <= this.graceMs()) {
      this.p.logger.info({ date, scheduledAt: last.toISOString(), lateMs }, 'catching up the run missed while the process was down');
      return { action: 'catch-up', date, scheduledAt: last, run: this.retryWhileLocked(last) };
    }
    const interrupted = (await this.p.runs.forIssue(date)).some((r) => r.outcome === 'running' || r.outcome === 'interrupted' || r.sent > 0);
    const reason = `missed: the process was down at ${formatInZone(last, this.p.spec.tz)}, ${hours(lateMs)} ago, past the ${this.p.graceHours} h grace window (GAZETTE_GRACE_HOURS)`
      + (interrupted ? '; a run of this issue had started and did not finish: run `gazette send --date ' + date + '` to finish it' : '');
    await this.p.runs.record(date, this.p.owner, now, emptyReport('missed', reason), last);
    this.p.logger.warn({ date, scheduledAt: last.toISOString(), lateMs, interrupted }, reason);
    return { action: 'missed', date, scheduledAt: last, lateMs };
  }

  /** Handles one scheduled instant: decides whether to run the issue of its date, and runs it. */
  async tick(scheduledAt: Date): Promise<TickResult> {
    const date = localDate(scheduledAt, this.p.spec.tz);
    const log = this.p.logger.child({ date, scheduledAt: scheduledAt.toISOString() });
    if (this.stopping) return { action: 'stopping', date };
    // Claimed before the first await: two ticks of one process never both get past here.
    if (this.inFlight || this.deciding) {
      const running = this.inFlight?.date ?? this.deciding!.date;
      if (!this.inFlight) return { action: 'overlap', date, running };
      // Said once per run; a frequent schedule would otherwise repeat it every tick.
      log[this.toldOverlap === this.inFlight.id ? 'debug' : 'warn']({ running: this.inFlight.date }, 'previous run still going: this tick is skipped (no overlap)');
      this.toldOverlap = this.inFlight.id;
      return { action: 'overlap', date, running };
    }
    const deciding = this.decide(date, scheduledAt, log);
    this.deciding = { date, done: deciding.catch(() => {}) };
    let decided: { id: number; lease: string } | TickResult;
    try {
      decided = await deciding;
    } catch (err) {
      // The database did not answer (PostgreSQL restarting, the network): a
      // daily schedule has no second tick, so try again later, as after a failed run.
      log.error({ err }, 'could not ask the database whether to run this issue');
      if (!this.stopping) this.retryLater(scheduledAt, log);
      return { action: 'unreachable', date, reason: messageOf(err) };
    } finally {
      this.deciding = null;
    }
    if (!('id' in decided)) return decided;
    const done = this.run(decided.id, date, scheduledAt, decided.lease, log);
    this.inFlight = { date, id: decided.id, done };
    return done;
  }

  /** Whether to run the issue of `date` now: a result that says why not, or the started run's id and its lease. */
  private async decide(date: string, scheduledAt: Date, log: Logger): Promise<{ id: number; lease: string } | TickResult> {
    const now = this.p.clock.now();
    const lateMs = now.getTime() - scheduledAt.getTime();
    if (lateMs > this.graceMs()) {
      log.warn({ lateMs }, 'tick arrived past the grace window: not sending a stale issue');
      return { action: 'late', date, lateMs };
    }
    const settled = await this.p.runs.settled(date);
    if (settled) {
      log.debug({ outcome: settled.outcome }, 'issue already settled: nothing to do');
      return { action: 'settled', date, run: settled };
    }
    const lease = `issue:${date}`;
    const got = await this.p.leases.acquire(lease, this.p.owner, this.leaseMs, now);
    if (!got.ok) {
      // Said once per holder; a frequent schedule would otherwise repeat it every tick.
      const seen = `${date} ${got.holder.owner}`;
      const level = this.toldLocked === seen ? 'debug' : 'warn';
      this.toldLocked = seen;
      log[level]({ holder: got.holder.owner, until: got.holder.expiresAt.toISOString() }, `issue ${date} is being run by ${got.holder.owner} (lease held until ${got.holder.expiresAt.toISOString()}): standing aside`);
      return { action: 'locked', date, holder: got.holder };
    }
    // Another scheduler may have settled it between our check and our lease.
    const after = await this.p.runs.settled(date);
    if (after) {
      await this.p.leases.release(lease, this.p.owner);
      return { action: 'settled', date, run: after };
    }
    const id = await this.p.runs.start(date, this.p.owner, now, scheduledAt);
    return { id, lease };
  }

  /**
   * A catch-up that finds the lease held tries again once it expires: after a
   * crash, the dead process's lease outlives it by up to `leaseMs`.
   */
  private async retryWhileLocked(at: Date): Promise<TickResult> {
    let result = await this.tick(at);
    while (result.action === 'locked' && !this.stopping) {
      const wait = Math.max(1000, result.holder.expiresAt.getTime() - this.p.clock.now().getTime() + 1000);
      await new Promise<void>((resolve) => { const cancel = this.every(wait, () => { cancel(); resolve(); }); });
      result = await this.tick(at);
    }
    return result;
  }

  /**
   * A daily schedule has no second tick for the same issue, so a failed run
   * (SMTP down, temporary errors left) is tried again after `retryMs`; the
   * tick's grace check ends the retries once the issue would be stale.
   */
  private retryLater(scheduledAt: Date, log: Logger): void {
    // One retry waiting per scheduled instant: a frequent schedule whose ticks
    // all fail (the database away for a while) must not pile retries up.
    const key = scheduledAt.getTime();
    if (this.retrying.has(key)) return;
    this.retrying.add(key);
    log.info({ retryInMs: this.retryMs }, 'will try this issue again');
    const cancel = this.every(this.retryMs, () => {
      cancel();
      this.retrying.delete(key);
      if (!this.stopping) void this.tick(scheduledAt);
    });
  }

  private async run(id: number, date: string, scheduledAt: Date, lease: string, log: Logger): Promise<TickResult> {
    log.info({ run: id, owner: this.p.owner }, 'run started');
    // This run stops when the scheduler stops, or when it loses its lease (then only this run).
    const runStop = new AbortController();
    const onStop = () => runStop.abort();
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    const stopBeat = this.every(this.heartbeatMs, () => {
      void this.p.leases.heartbeat(lease, this.p.owner, this.leaseMs, this.p.clock.now()).then((ours) => {
        if (ours) return;
        log.error({ run: id }, 'lost the lease (the database was unreachable too long?): stopping this run');
        runStop.abort();
      }, (err: unknown) => {
        // The lease is still ours until it expires; the next beat tries again.
        log.warn({ run: id, err }, 'could not renew the lease; trying again at the next heartbeat');
      });
    });
    let report: RunReport;
    try {
      report = await this.p.job.runIssue(date, runStop.signal, scheduledAt);
    } catch (err) {
      log.error({ run: id, err }, 'run failed');
      report = emptyReport('failed', messageOf(err));
    } finally {
      stopBeat();
      this.abort.signal.removeEventListener('abort', onStop);
    }
    try {
      await this.p.runs.finish(id, report, this.p.clock.now());
      await this.p.leases.release(lease, this.p.owner);
    } catch (err) {
      // The run is over either way: its lease expires on its own, and status shows the run as failed once this process is gone.
      log.error({ run: id, err }, 'could not record the end of the run');
    } finally {
      this.inFlight = null;
    }
    log.info({ run: id, ...report }, `run ended: ${report.outcome}${report.reason ? ` (${report.reason})` : ''}`);
    if (report.outcome === 'failed' && !this.stopping) this.retryLater(scheduledAt, log);
    return { action: 'ran', date, report };
  }

  /** Resolves when no run is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight || this.deciding || this.delivering) await (this.inFlight?.done ?? this.deciding?.done ?? this.delivering);
  }

  /**
   * Stops ticking, tells a run in flight to stop claiming recipients, waits for
   * it (at most `shutdownMs`), and leaves the database consistent.
   */
  async stop(): Promise<'idle' | 'finished' | 'timed-out'> {
    this.stopping = true;
    this.p.ticker.stop();
    this.stopDeliveries?.();
    // A tick still asking the database may yet start a run: let it, then stop that run too.
    if (this.deciding) await this.deciding.done;
    const flight = this.inFlight;
    if (!flight) {
      if (!this.delivering) return 'idle';
      // A delivery tick stops claiming at once; messages in flight finish and are recorded.
      this.abort.abort();
      await this.delivering;
      return 'finished';
    }
    this.p.logger.info({ date: flight.date }, 'stopping: no new recipients are claimed; waiting for messages in flight');
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all([flight.done, this.delivering]).then(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), this.shutdownMs); }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // The ledger records each message as it is accepted; the next start resumes from there.
      this.p.logger.error({ date: flight.date, waitedMs: this.shutdownMs }, 'messages in flight did not finish in time; exiting anyway');
      await this.p.runs.finish(flight.id, emptyReport('interrupted', `shutdown: messages in flight did not finish within ${this.shutdownMs} ms`), this.p.clock.now());
      await this.p.leases.release(`issue:${flight.date}`, this.p.owner);
      return 'timed-out';
    }
    return 'finished';
  }

  private graceMs(): number {
    return this.p.graceHours * HOUR;
  }
}

function hours(ms: number): string {
  const h = ms / HOUR;
  return h >= 10 ? `${Math.round(h)} h` : `${h.toFixed(1)} h`;
}
