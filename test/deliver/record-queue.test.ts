// An answer the SMTP server gave is never forgotten because one commit failed.
import { afterEach, expect, it } from 'vitest';
import { RecordQueue } from '../../src/deliver/record-queue.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import type { SendLedger } from '../../src/deliver/ledger.js';
import { describeEngines, openTestDb, type TestDb } from './helpers/engines.js';

const DATE = '2025-03-01';
const sent = { status: 'sent', code: 250, response: '250 ok' } as const;

/** The ledger, refusing its next `refusals` recordMany calls with `error`. */
function refusing(ledger: SendLedger, error: () => Error, refusals = 1): SendLedger {
  let left = refusals;
  return new Proxy(ledger, {
    get(target, prop, receiver) {
      if (prop === 'recordMany' && left > 0) return async () => { left--; throw error(); };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describeEngines('RecordQueue', (kind) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function claimed(n: number) {
    t = await openTestDb(kind);
    const ledger = openSendLedger(t.engine);
    await ledger.enqueue(DATE, Array.from({ length: n }, (_, i) => ({ subscriberId: i + 1, email: `r${i + 1}@x.org`, messageId: `<${i + 1}@x>` })), new Date());
    const rows = await ledger.claim(DATE, 'h:1:a', Date.now(), 60_000, n);
    expect(rows).toHaveLength(n);
    return { ledger, rows };
  }

  it('keeps the answers of a failed commit and records them on the next flush', async () => {
    const { ledger, rows } = await claimed(2);
    // The database refuses the first commit (SQLite busy past its timeout; PostgreSQL gone for a moment).
    const flaky = refusing(ledger, () => Object.assign(new Error('database is locked'), { code: kind === 'sqlite' ? 'SQLITE_BUSY' : '57P01' }));
    const queue = new RecordQueue(flaky, DATE, 'h:1:a', () => {}, () => {});
    for (const row of rows) void queue.push({ subscriberId: row.subscriberId, state: 'sent', outcome: sent, at: new Date() }).catch(() => {});
    await expect(queue.flush()).rejects.toThrow(/locked/);
    expect(queue.size).toBe(2);
    await queue.flush();
    expect(queue.size).toBe(0);
    expect((await ledger.counts(DATE)).sent).toBe(2);
  });

  it('waits out a lost connection on its own and resolves each answer once it is recorded', async () => {
    const { ledger, rows } = await claimed(3);
    // node-postgres says "Connection terminated unexpectedly" without a code; SQLite is busy.
    const lost = () => (kind === 'sqlite' ? Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }) : new Error('Connection terminated unexpectedly'));
    const errors: unknown[] = [];
    const queue = new RecordQueue(refusing(ledger, lost, 2), DATE, 'h:1:a', () => {}, (err) => errors.push(err));
    await Promise.all(rows.map((row) => queue.push({ subscriberId: row.subscriberId, state: 'sent', outcome: sent, at: new Date() })));
    expect(errors).toEqual([]);
    expect(queue.size).toBe(0);
    expect((await ledger.counts(DATE)).sent).toBe(3);
  });

  it('stops the run at once on an error that will not clear by waiting, keeping the answers', async () => {
    const { ledger, rows } = await claimed(1);
    const errors: unknown[] = [];
    const queue = new RecordQueue(refusing(ledger, () => Object.assign(new Error('disk full'), { code: kind === 'sqlite' ? 'SQLITE_FULL' : '53100' })), DATE, 'h:1:a', () => {}, (err) => errors.push(err));
    await expect(queue.push({ subscriberId: rows[0]!.subscriberId, state: 'sent', outcome: sent, at: new Date() })).rejects.toThrow(/disk full/);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(1);
    await queue.flush();
    expect((await ledger.counts(DATE)).sent).toBe(1);
  });
});
