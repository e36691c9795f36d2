// The send ledger on both engines: one row per subscriber and issue, claims
// that never overlap (between connections, as between processes), answers
// recorded only by the holder, takeover of expired and dead holders' rows.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { messageIdFor, parseSender } from '../../src/deliver/headers.js';
import type { SendLedger } from '../../src/deliver/ledger.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { systemClock } from '../../src/clock.js';
import { insertSubscribers } from '../helpers/pg-subscribers.js';
import { describeEngines, openTestDb, type TestDb } from './helpers/engines.js';

const DATE = '2025-03-01';
const now = new Date('2025-03-01T07:00:00Z');
const sent = { status: 'sent', code: 250, response: '250 ok' } as const;

describeEngines('SendLedger', (kind) => {
  let t: TestDb;
  let ledger: SendLedger;
  beforeEach(async () => {
    t = await openTestDb(kind);
    ledger = openSendLedger(t.engine);
    await ledger.enqueue(DATE, Array.from({ length: 10 }, (_, i) => ({ subscriberId: i + 1, email: `r${i + 1}@x.org`, messageId: `<${i + 1}@x>` })), now);
  });
  afterEach(async () => {
    await t.close();
  });

  it('queues each subscriber once per issue', async () => {
    expect(await ledger.enqueue(DATE, [{ subscriberId: 1, email: 'r1@x.org', messageId: '<other@x>' }, { subscriberId: 11, email: 'r11@x.org', messageId: '<11@x>' }], now)).toBe(1);
    expect(await t.all('SELECT message_id FROM deliveries WHERE subscriber_id = 1')).toEqual([{ message_id: '<1@x>' }]);
    expect((await ledger.counts(DATE)).queued).toBe(11);
  });

  it('never hands one row to two claimants, from two connections to the database', async () => {
    const other = openSendLedger(t.another());
    const at = now.getTime();
    const a = await ledger.claim(DATE, 'h:1:a', at, 60_000, 4);
    const b = await other.claim(DATE, 'h:2:b', at, 60_000, 4);
    const c = await ledger.claim(DATE, 'h:1:a', at, 60_000, 4);
    const ids = [...a, ...b, ...c].map((r) => r.subscriberId);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    expect(await other.claim(DATE, 'h:2:b', at, 60_000, 4)).toEqual([]);
    // Only the holder can record an answer.
    expect(await other.record(DATE, a[0]!.subscriberId, 'h:2:b', 'sent', sent, now)).toBe(false);
    expect(await ledger.record(DATE, a[0]!.subscriberId, 'h:1:a', 'sent', sent, now)).toBe(true);
  });

  it('hands every row to exactly one of many claimants claiming at once', async () => {
    await ledger.enqueue(DATE, Array.from({ length: 290 }, (_, i) => ({ subscriberId: i + 11, email: `r${i + 11}@x.org`, messageId: `<${i + 11}@x>` })), now);
    const ledgers = [ledger, openSendLedger(t.another()), openSendLedger(t.another())];
    const at = now.getTime();
    // Each claimant claims until nothing is left, all at the same time.
    const claimed = await Promise.all(ledgers.map(async (l, i) => {
      const mine: number[] = [];
      for (;;) {
        const rows = await l.claim(DATE, `h:${i}:x`, at, 60_000, 7);
        if (rows.length === 0) return mine;
        mine.push(...rows.map((r) => r.subscriberId));
      }
    }));
    const all = claimed.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    expect(await ledger.counts(DATE)).toMatchObject({ sending: 300, queued: 0 });
  });

  it('gives expired claims and reaped holders to the next claimant, and temporary failures to the next run', async () => {
    const at = now.getTime();
    const dead = await ledger.claim(DATE, 'h:1:dead', at, 1000, 3);
    const alive = await ledger.claim(DATE, 'h:2:alive', at, 60_000, 3);
    await ledger.record(DATE, alive[0]!.subscriberId, 'h:2:alive', 'temp_failed', { status: 'temporary', code: 451, response: '451 later' }, now);
    // The failing run does not take its own temporary failure again; another run does.
    expect((await ledger.claim(DATE, 'h:2:alive', at, 60_000, 10)).map((r) => r.subscriberId)).toEqual([7, 8, 9, 10]);
    // Left for others to finish: only the dead holder's rows (alive's own rows are its workers' business).
    expect(await ledger.remaining(DATE, 'h:2:alive')).toBe(3);
    expect(await ledger.remaining(DATE, 'h:3:next')).toBe(3 + 2 + 4 + 1);
    expect(await ledger.nextExpiry(DATE, 'h:2:alive')).toBe(at + 1000);
    expect((await ledger.claim(DATE, 'h:3:next', at + 1001, 60_000, 10)).map((r) => r.subscriberId)).toEqual([...dead.map((r) => r.subscriberId), alive[0]!.subscriberId]);
    expect(await ledger.reap(DATE, at, (holder) => holder === 'h:2:alive')).toBe(1);
    // Every row the reaped holder had in flight: the rest of its first claim and all of its second.
    expect((await ledger.claim(DATE, 'h:3:next', at, 60_000, 10)).map((r) => r.subscriberId)).toEqual([alive[1]!.subscriberId, alive[2]!.subscriberId, 7, 8, 9, 10]);
  });

  it('claims queued rows never tried before those tried already', async () => {
    const at = now.getTime();
    const [first] = await ledger.claim(DATE, 'h:1:a', at, 60_000, 1);
    await ledger.record(DATE, first!.subscriberId, 'h:1:a', 'failed', { status: 'permanent', code: 550, response: '550 no' }, now);
    expect(await ledger.reopen(DATE, [first!.subscriberId], now)).toBe(1);
    const rows = await ledger.claim(DATE, 'h:2:b', at, 60_000, 10);
    expect(rows.map((r) => r.subscriberId)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 1]);
    expect(rows.at(-1)).toMatchObject({ attempts: 1, lastCode: 550 });
  });

  it('records a flush of answers at once, saying which rows the run still held', async () => {
    const at = now.getTime();
    const mine = await ledger.claim(DATE, 'h:1:a', at, 60_000, 3);
    const theirs = await ledger.claim(DATE, 'h:2:b', at, 60_000, 1);
    const held = await ledger.recordMany(DATE, 'h:1:a', [
      { subscriberId: mine[0]!.subscriberId, state: 'sent', outcome: sent, at: now },
      { subscriberId: theirs[0]!.subscriberId, state: 'sent', outcome: sent, at: now },
      { subscriberId: mine[1]!.subscriberId, state: 'sending', outcome: { status: 'temporary', code: 451, response: '451 later' }, at: now },
      { subscriberId: mine[2]!.subscriberId, state: 'failed', outcome: { status: 'permanent', code: 550, response: '550 no' }, at: now },
    ]);
    expect(held).toEqual([true, false, true, true]);
    expect(await ledger.counts(DATE)).toMatchObject({ sent: 1, sending: 2, failed: 1 });
    expect(await ledger.failures(DATE, 10)).toEqual([{ email: `r${mine[2]!.subscriberId}@x.org`, code: 550, message: '550 no', permanent: true }]);
    const rows = await t.all<{ attempts: number; sent_at: string | null }>('SELECT attempts, sent_at FROM deliveries WHERE subscriber_id = ?', [mine[0]!.subscriberId]);
    expect(rows).toEqual([{ attempts: 1, sent_at: now.toISOString() }]);
  });

  it('puts unanswered rows back in the queue on release', async () => {
    const rows = await ledger.claim(DATE, 'h:1:a', now.getTime(), 60_000, 5);
    await ledger.record(DATE, rows[0]!.subscriberId, 'h:1:a', 'sent', { status: 'sent', code: 250, response: 'ok' }, now);
    expect(await ledger.release(DATE, 'h:1:a', now)).toBe(4);
    expect(await ledger.counts(DATE)).toMatchObject({ queued: 9, sent: 1, sending: 0 });
  });

  it('keeps the first start of an issue', async () => {
    expect((await ledger.start(DATE, now)).toISOString()).toBe(now.toISOString());
    expect((await ledger.start(DATE, new Date(now.getTime() + 60_000))).toISOString()).toBe(now.toISOString());
  });
});

describeEngines('SendLedger.enqueueConfirmed', (kind) => {
  let t: TestDb;
  afterEach(async () => { await t?.close(); });

  it('queues the confirmed list in batches with the Message-IDs messageIdFor() makes, byte for byte', async () => {
    t = await openTestDb(kind);
    const rows = Array.from({ length: 37 }, (_, i) => ({ email: `reader${i + 1}@example.org`, status: i % 5 === 4 ? 'pending' as const : 'confirmed' as const }));
    // A sender address with characters SQL could mangle; 30 ids give hashes with '+' and '/' to translate.
    const sender = parseSender('Gazette <news+list/x@example.com>');
    if (t.engine.kind === 'sqlite') await createSqliteSubscriberStore(t.engine.db, systemClock).upsertMany(rows, { source: 'cli', reason: 'test' });
    else await insertSubscribers(t.engine.pool, rows);
    const ledger = openSendLedger(t.engine);
    expect(await ledger.enqueueConfirmed(DATE, sender, now, 4)).toBe(30);
    expect(await ledger.enqueueConfirmed(DATE, sender, now, 4)).toBe(0);
    const queued = await t.all<{ subscriber_id: number; email: string; message_id: string }>('SELECT subscriber_id, email, message_id FROM deliveries ORDER BY subscriber_id');
    expect(queued).toHaveLength(30);
    for (const row of queued) expect(row.message_id).toBe(messageIdFor(DATE, row.subscriber_id, sender));
    expect(queued.map((r) => r.email)).not.toContain('reader5@example.org');
    // Hashes with '-' or '_' show the alphabet was translated, not just the common case.
    expect(queued.some((r) => /\.[\w-]*[-_][\w-]*@/.test(r.message_id))).toBe(true);
    expect(await ledger.deliveredToConfirmed(DATE)).toBe(0);
  });
});
