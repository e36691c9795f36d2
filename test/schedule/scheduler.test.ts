// The scheduler driven by a manual clock: each test moves the clock to the next
// scheduled instant and fires the tick itself, as node-cron would, without
// waiting for wall time. The run store and the lease are real databases: a
// SQLite file, and a PostgreSQL database (two schedulers = two pools).
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import type { Engine } from '../../src/store/engine.js';
import { createRunStore, emptyReport, type RunReport } from '../../src/store/runs.js';
import { cronSpec } from '../../src/schedule/cron-spec.js';
import { createLeaseStore } from '../../src/schedule/lease.js';
import { Scheduler } from '../../src/schedule/scheduler.js';
import type { Job } from '../../src/schedule/job.js';
import type { Ticker } from '../../src/schedule/ticker.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

type ManualClock = ReturnType<typeof manualClock>;

/** A ticker that only remembers whether it was started; tests call `tick` themselves. */
function quietTicker(): Ticker & { started: boolean } {
  return { started: false, start() { this.started = true; }, stop() { this.started = false; } };
}

/** A job that records each call and ends as `finish` says. */
function recordingJob(finish: (date: string, signal: AbortSignal) => Promise<RunReport> = async () => ({ ...emptyReport('sent'), recipients: 3, sent: 3 })) {
  const calls: { date: string; at: string }[] = [];
  let clock: ManualClock | undefined;
  const job: Job & { calls: typeof calls; useClock(c: ManualClock): void } = {
    calls,
    useClock(c) { clock = c; },
    runIssue(date, signal) {
      calls.push({ date, at: clock?.now().toISOString() ?? '' });
      return finish(date, signal);
    },
  };
  return job;
}

type Timers = { fn: () => void; ms: number; cancelled: boolean }[];

function scheduler(engine: Engine, clock: ManualClock, job: Job, opts: { expr?: string; tz?: string; owner?: string; graceHours?: number; timers?: Timers } = {}) {
  const runs = createRunStore(engine);
  const leases = createLeaseStore(engine);
  const spec = cronSpec(opts.expr ?? '0 7 * * *', opts.tz ?? 'Europe/Paris');
  const s = new Scheduler({
    spec, ticker: quietTicker(), clock, job, runs, leases, logger: silentLogger,
    owner: opts.owner ?? 'test:1', graceHours: opts.graceHours ?? 3,
    // Timers are recorded, not run: a test fires them after moving the clock.
    every: (ms, fn) => {
      const t = { fn, ms, cancelled: false };
      opts.timers?.push(t);
      return () => { t.cancelled = true; };
    },
  });
  return { s, runs, leases, spec };
}

/** Moves the clock to the next scheduled instant and fires it, as node-cron would. */
async function fireNext(h: ReturnType<typeof scheduler>, clock: ManualClock) {
  const at = h.spec.next(clock.now())!;
  clock.set(at);
  return h.s.tick(at);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describeEngines('Scheduler', (kind) => {
  let t: TestEngine;
  beforeEach(async () => { t = await freshEngine(kind); });
  afterEach(async () => { await t.close(); });

  it('sends once a day at 07:00 Paris time across the spring daylight-saving change, however often the tick fires', async () => {
    // 05:00 in Paris on 27 March 2026: the 26th's run is long past.
    const clock = manualClock('2026-03-27T04:00:00Z');
    const job = recordingJob();
    job.useClock(clock);
    const h = scheduler(t.engine, clock, job);
    const start = await h.s.start();
    expect(start.action).toBe('missed');
    for (let day = 0; day < 5; day++) {
      const r = await fireNext(h, clock);
      expect(r.action).toBe('ran');
      // node-cron#180: the same slot fired twice must not send twice.
      expect((await h.s.tick(clock.now())).action).toBe('settled');
      clock.advance(60 * 60_000);
    }
    expect(job.calls).toEqual([
      { date: '2026-03-27', at: '2026-03-27T06:00:00.000Z' },
      { date: '2026-03-28', at: '2026-03-28T06:00:00.000Z' },
      { date: '2026-03-29', at: '2026-03-29T05:00:00.000Z' },
      { date: '2026-03-30', at: '2026-03-30T05:00:00.000Z' },
      { date: '2026-03-31', at: '2026-03-31T05:00:00.000Z' },
    ]);
    expect((await h.runs.recent(10)).map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'missed']);
  });

  it('dates the issue in the configured zone, not UTC (23:30 in New York is the next day in UTC)', async () => {
    const clock = manualClock('2026-11-01T12:00:00Z');
    const job = recordingJob();
    const h = scheduler(t.engine, clock, job, { expr: '30 23 * * *', tz: 'America/New_York' });
    await fireNext(h, clock);
    expect(clock.now().toISOString()).toBe('2026-11-02T04:30:00.000Z');
    expect(job.calls.map((c) => c.date)).toEqual(['2026-11-01']);
  });

  it('blocks an overlapping tick while a run is still going', async () => {
    const clock = manualClock('2026-06-01T04:00:00Z');
    const gate = deferred();
    const job = recordingJob(async () => { await gate.promise; return { ...emptyReport('sent'), sent: 1, recipients: 1 }; });
    const h = scheduler(t.engine, clock, job, { expr: '*/10 * * * *', tz: 'UTC' });
    const first = fireNext(h, clock);
    const second = await fireNext(h, clock);
    expect(second).toMatchObject({ action: 'overlap', running: '2026-06-01' });
    gate.resolve();
    expect((await first).action).toBe('ran');
    expect(job.calls).toHaveLength(1);
    // Once the first is done the date is settled: later ticks that day do nothing.
    expect((await fireNext(h, clock)).action).toBe('settled');
  });

  it('catches up a run missed while down when restarted inside the grace window', async () => {
    const clock = manualClock('2026-06-01T07:59:00Z'); // 09:59 in Paris, 2 h 59 min after 07:00
    const job = recordingJob();
    const h = scheduler(t.engine, clock, job);
    const start = await h.s.start();
    expect(start).toMatchObject({ action: 'catch-up', date: '2026-06-01' });
    if (start.action === 'catch-up') expect((await start.run).action).toBe('ran');
    expect(job.calls.map((c) => c.date)).toEqual(['2026-06-01']);
    expect((await h.runs.settled('2026-06-01'))?.outcome).toBe('sent');
  });

  it('skips a run missed past the grace window, says why, and sends the next day as usual', async () => {
    const clock = manualClock('2026-06-01T08:01:00Z'); // 3 h 1 min late
    const job = recordingJob();
    const h = scheduler(t.engine, clock, job);
    expect(await h.s.start()).toMatchObject({ action: 'missed', date: '2026-06-01' });
    const missed = await h.runs.settled('2026-06-01');
    expect(missed?.outcome).toBe('missed');
    expect(missed?.reason).toMatch(/past the 3 h grace window \(GAZETTE_GRACE_HOURS\)/);
    expect(job.calls).toEqual([]);
    // A restart the same day does not record it twice, nor send it.
    expect(await scheduler(t.another(), clock, job).s.start()).toEqual({ action: 'none' });
    expect(await fireNext(h, clock)).toMatchObject({ action: 'ran', date: '2026-06-02' });
  });

  it('does not send a stale issue when a tick arrives hours late (a suspended machine)', async () => {
    const clock = manualClock('2026-06-01T23:59:00Z');
    const job = recordingJob();
    const h = scheduler(t.engine, clock, job);
    expect(await h.s.tick(new Date('2026-06-01T05:00:00Z'))).toMatchObject({ action: 'late', date: '2026-06-01' });
    expect(job.calls).toEqual([]);
  });

  it('lets two schedulers on one database send an issue once, and tells the other who holds it', async () => {
    const clock = manualClock('2026-06-01T04:30:00Z');
    const sends = new Map<string, number>();
    const finish = async (date: string) => {
      sends.set(date, (sends.get(date) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 20));
      return { ...emptyReport('sent'), recipients: 2, sent: 2 };
    };
    const a = scheduler(t.engine, clock, recordingJob(finish), { owner: 'host-a:101' });
    const b = scheduler(t.another(), clock, recordingJob(finish), { owner: 'host-b:202' });
    for (let day = 0; day < 3; day++) {
      const at = a.spec.next(clock.now())!;
      clock.set(at);
      // Both fire at the same instant; which one wins depends on who asks first.
      const [ra, rb] = day % 2 === 0 ? await Promise.all([a.s.tick(at), b.s.tick(at)]) : (await Promise.all([b.s.tick(at), a.s.tick(at)])).reverse();
      const results = [ra!, rb!];
      expect(results.filter((r) => r.action === 'ran')).toHaveLength(1);
      // The other stood aside, told who holds the issue (on PostgreSQL either may ask first).
      const winner = results[0]!.action === 'ran' ? 'host-a:101' : 'host-b:202';
      const loser = results.find((r) => r.action !== 'ran');
      expect(loser && loser.action === 'locked' && loser.holder.owner).toBe(winner);
      if (kind === 'sqlite') expect(winner).toBe(day % 2 === 0 ? 'host-a:101' : 'host-b:202');
      // Asked again afterwards, both find the issue settled.
      expect((await a.s.tick(at)).action).toBe('settled');
      expect((await b.s.tick(at)).action).toBe('settled');
    }
    expect([...sends.values()]).toEqual([1, 1, 1]);
    expect(await a.leases.active(clock.now())).toEqual([]);
  });

  it('on stop, tells the run to stop, records it interrupted, and the next start resumes it', async () => {
    const clock = manualClock('2026-06-01T04:59:00Z');
    const started = deferred();
    const job = recordingJob((_date, signal) => new Promise<RunReport>((resolve) => {
      started.resolve();
      signal.addEventListener('abort', () => resolve({ ...emptyReport('interrupted', 'stopped by a signal'), recipients: 5, sent: 2 }));
    }));
    const h = scheduler(t.engine, clock, job);
    const run = fireNext(h, clock);
    await started.promise;
    expect(await h.s.stop()).toBe('finished');
    expect((await run).action).toBe('ran');
    expect((await h.runs.forIssue('2026-06-01')).map((r) => [r.outcome, r.sent])).toEqual([['interrupted', 2]]);
    expect(await h.leases.active(clock.now())).toEqual([]);
    expect((await h.s.tick(clock.now())).action).toBe('stopping');

    clock.advance(5 * 60_000);
    const again = recordingJob(async () => ({ ...emptyReport('sent'), recipients: 5, sent: 3, skipped: 2 }));
    const restarted = scheduler(t.another(), clock, again, { owner: 'test:2' });
    const start = await restarted.s.start();
    expect(start.action).toBe('catch-up');
    if (start.action === 'catch-up') await start.run;
    expect(again.calls.map((c) => c.date)).toEqual(['2026-06-01']);
    expect(await restarted.runs.settled('2026-06-01')).toMatchObject({ outcome: 'sent', sent: 3, skipped: 2 });
  });

  it('records a job that throws as failed, frees the lock, and tries again on the next tick', async () => {
    const clock = manualClock('2026-06-01T00:00:00Z');
    let fail = true;
    const job = recordingJob(async () => {
      if (fail) throw new Error('template broke');
      return { ...emptyReport('sent'), recipients: 1, sent: 1 };
    });
    const h = scheduler(t.engine, clock, job, { expr: '0 * * * *', tz: 'UTC' });
    expect(await fireNext(h, clock)).toMatchObject({ action: 'ran', report: { outcome: 'failed', reason: 'template broke' } });
    expect(await h.leases.active(clock.now())).toEqual([]);
    fail = false;
    expect(await fireNext(h, clock)).toMatchObject({ action: 'ran', report: { outcome: 'sent' } });
    expect(job.calls.map((c) => c.date)).toEqual(['2026-06-01', '2026-06-01']);
  });

  it('tries a failed daily run again later, and stops trying once the issue would be stale', async () => {
    const clock = manualClock('2026-06-01T04:59:00Z');
    const timers: Timers = [];
    const job = recordingJob(async () => ({ ...emptyReport('failed', '3 recipients still pending after temporary errors'), recipients: 3 }));
    const h = scheduler(t.engine, clock, job, { timers });
    expect(await fireNext(h, clock)).toMatchObject({ action: 'ran', report: { outcome: 'failed' } });
    const retries = () => timers.filter((t) => t.ms === 15 * 60_000 && !t.cancelled);
    for (let i = 0; i < 12; i++) {
      expect(retries()).toHaveLength(1);
      clock.advance(15 * 60_000);
      retries()[0]!.fn();
      await h.s.idle();
    }
    // 12 retries reach 10:00 Paris: 3 h after 07:00, the end of the grace window.
    expect(job.calls).toHaveLength(13);
    clock.advance(15 * 60_000);
    retries()[0]!.fn();
    await h.s.idle();
    expect(job.calls).toHaveLength(13);
    expect(retries()).toHaveLength(0);
  });

  it('stops a run whose lease was lost (renewals failed and another took it), and later runs start afresh', async () => {
    const clock = manualClock('2026-06-01T04:59:00Z');
    const timers: Timers = [];
    const started = deferred();
    const signals: AbortSignal[] = [];
    const job = recordingJob((_date, signal) => {
      signals.push(signal);
      if (signals.length > 1) return Promise.resolve({ ...emptyReport('sent'), recipients: 1, sent: 1 });
      started.resolve();
      return new Promise<RunReport>((resolve) => signal.addEventListener('abort', () => resolve(emptyReport('interrupted', 'lease lost'))));
    });
    const h = scheduler(t.engine, clock, job, { timers });
    const run = fireNext(h, clock);
    await started.promise;
    // The database was out of reach past the lease: another process took the issue.
    clock.advance(61_000);
    const other = createLeaseStore(t.another());
    expect((await other.acquire('issue:2026-06-01', 'host-b:9', 60_000, clock.now())).ok).toBe(true);
    const beat = timers.find((t) => t.ms === 15_000 && !t.cancelled)!;
    beat.fn();
    expect((await run).action).toBe('ran');
    expect(signals[0]!.aborted).toBe(true);
    // The lease stays with its new holder.
    expect((await other.holder('issue:2026-06-01', clock.now()))?.owner).toBe('host-b:9');
    await other.release('issue:2026-06-01', 'host-b:9');
    expect((await fireNext(h, clock)).action).toBe('ran');
    expect(signals[1]!.aborted).toBe(false);
  });

  it('a tick the database cannot answer is tried again later, once, and never crashes the process', async () => {
    const clock = manualClock('2026-06-01T04:59:00Z');
    const timers: Timers = [];
    const job = recordingJob();
    const engine = t.another();
    const h = scheduler(engine, clock, job, { timers });
    // The connection goes away (PostgreSQL restarting, the file closed under it).
    if (engine.kind === 'sqlite') engine.db.close();
    else await engine.pool.end();
    const at = h.spec.next(clock.now())!;
    clock.set(at);
    expect(await h.s.tick(at)).toMatchObject({ action: 'unreachable', date: '2026-06-01' });
    expect(await h.s.tick(at)).toMatchObject({ action: 'unreachable' });
    expect(timers.filter((x) => x.ms === 15 * 60_000 && !x.cancelled)).toHaveLength(1);
    expect(job.calls).toEqual([]);
  });

  it.runIf(kind === 'postgres')('stopped while a tick waits on the database, it stops the run that tick then starts', async () => {
    const clock = manualClock('2026-06-01T04:59:00Z');
    const started = deferred();
    const job = recordingJob((_date, signal) => new Promise<RunReport>((resolve) => {
      started.resolve();
      if (signal.aborted) resolve(emptyReport('interrupted', 'stopped'));
      signal.addEventListener('abort', () => resolve(emptyReport('interrupted', 'stopped')));
    }));
    const h = scheduler(t.engine, clock, job);
    // Another host holds the lease row locked (its own upsert in flight): this tick's upsert waits on it.
    const at = h.spec.next(clock.now())!;
    clock.set(at);
    const other = t.another();
    if (other.kind !== 'postgres') throw new Error('postgres only');
    await other.pool.query(`INSERT INTO leases (name, owner, acquired_at, heartbeat_at, expires_at) VALUES ('issue:2026-06-01', 'gone:1', 'x', 'x', 0)`);
    const locker = await other.pool.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT * FROM leases WHERE name = 'issue:2026-06-01' FOR UPDATE`);
    // tick() marks itself deciding before its first query, so stop is asked while it waits on the database.
    const tick = h.s.tick(at);
    const stopping = h.s.stop();
    await locker.query('COMMIT');
    locker.release();
    await started.promise;
    expect(await stopping).toBe('finished');
    expect(await tick).toMatchObject({ action: 'ran', report: { outcome: 'interrupted' } });
    expect(await h.leases.active(clock.now())).toEqual([]);
  });

  it('lists the next runs from the clock, in the zone', () => {
    const clock = manualClock('2026-10-24T12:00:00Z');
    const h = scheduler(t.engine, clock, recordingJob());
    expect(h.s.nextRuns(3).map((d) => d.toISOString())).toEqual(['2026-10-25T06:00:00.000Z', '2026-10-26T06:00:00.000Z', '2026-10-27T06:00:00.000Z']);
  });
});
