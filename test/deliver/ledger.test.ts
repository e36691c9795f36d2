import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendLedger } from '../../src/deliver/ledger.js';
import { openSqlite, type Db } from '../../src/store/sqlite.js';

const DATE = '2025-03-01';
const now = new Date('2025-03-01T07:00:00Z');

describe('SendLedger', () => {
  let dir: string;
  let db: Db;
  let ledger: SendLedger;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gz-ledger-'));
    db = openSqlite(join(dir, 'g.db'));
    ledger = new SendLedger(db);
    ledger.enqueue(DATE, Array.from({ length: 10 }, (_, i) => ({ subscriberId: i + 1, email: `r${i + 1}@x.org`, messageId: `<${i + 1}@x>` })), now);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues each subscriber once per issue', () => {
    expect(ledger.enqueue(DATE, [{ subscriberId: 1, email: 'r1@x.org', messageId: '<other@x>' }, { subscriberId: 11, email: 'r11@x.org', messageId: '<11@x>' }], now)).toBe(1);
    expect(db.prepare('SELECT message_id FROM deliveries WHERE subscriber_id = 1').pluck().get()).toBe('<1@x>');
    expect(ledger.counts(DATE).queued).toBe(11);
  });

  it('never hands one row to two claimants, from two connections to the file', () => {
    const other = new SendLedger(openSqlite(join(dir, 'g.db')));
    const t = now.getTime();
    const a = ledger.claim(DATE, 'h:1:a', t, 60_000, 4);
    const b = other.claim(DATE, 'h:2:b', t, 60_000, 4);
    const c = ledger.claim(DATE, 'h:1:a', t, 60_000, 4);
    const ids = [...a, ...b, ...c].map((r) => r.subscriberId);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    expect(other.claim(DATE, 'h:2:b', t, 60_000, 4)).toEqual([]);
    // Only the holder can record an answer.
    expect(other.record(DATE, a[0]!.subscriberId, 'h:2:b', 'sent', { status: 'sent', code: 250, response: '250 ok' }, now)).toBe(false);
    expect(ledger.record(DATE, a[0]!.subscriberId, 'h:1:a', 'sent', { status: 'sent', code: 250, response: '250 ok' }, now)).toBe(true);
  });

  it('gives expired claims and reaped holders to the next claimant, and temporary failures to the next run', () => {
    const t = now.getTime();
    const dead = ledger.claim(DATE, 'h:1:dead', t, 1000, 3);
    const alive = ledger.claim(DATE, 'h:2:alive', t, 60_000, 3);
    ledger.record(DATE, alive[0]!.subscriberId, 'h:2:alive', 'temp_failed', { status: 'temporary', code: 451, response: '451 later' }, now);
    // The failing run does not take its own temporary failure again; another run does.
    expect(ledger.claim(DATE, 'h:2:alive', t, 60_000, 10).map((r) => r.subscriberId)).toEqual([7, 8, 9, 10]);
    // Left for others to finish: only the dead holder's rows (alive's own rows are its workers' business).
    expect(ledger.remaining(DATE, 'h:2:alive')).toBe(3);
    expect(ledger.remaining(DATE, 'h:3:next')).toBe(3 + 2 + 4 + 1);
    expect(ledger.claim(DATE, 'h:3:next', t + 1001, 60_000, 10).map((r) => r.subscriberId).sort((x, y) => x - y)).toEqual([...dead.map((r) => r.subscriberId), alive[0]!.subscriberId]);
    expect(ledger.reap(DATE, t, (holder) => holder === 'h:2:alive')).toBe(1);
    // Every row the reaped holder had in flight: the rest of its first claim and all of its second.
    expect(ledger.claim(DATE, 'h:3:next', t, 60_000, 10).map((r) => r.subscriberId)).toEqual([alive[1]!.subscriberId, alive[2]!.subscriberId, 7, 8, 9, 10]);
  });

  it('puts unanswered rows back in the queue on release', () => {
    const rows = ledger.claim(DATE, 'h:1:a', now.getTime(), 60_000, 5);
    ledger.record(DATE, rows[0]!.subscriberId, 'h:1:a', 'sent', { status: 'sent', code: 250, response: 'ok' }, now);
    expect(ledger.release(DATE, 'h:1:a', now)).toBe(4);
    expect(ledger.counts(DATE)).toMatchObject({ queued: 9, sent: 1, sending: 0 });
  });
});
