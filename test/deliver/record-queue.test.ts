// An answer the SMTP server gave is never forgotten because one commit failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordQueue } from '../../src/deliver/record-queue.js';
import { SendLedger } from '../../src/deliver/ledger.js';
import { openSqlite, type Db } from '../../src/store/sqlite.js';

const DATE = '2025-03-01';

describe('RecordQueue', () => {
  let dir: string | undefined;
  let db: Db | undefined;
  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the answers of a failed commit and records them on the next flush', () => {
    dir = mkdtempSync(join(tmpdir(), 'gz-rq-'));
    db = openSqlite(join(dir, 'g.db'));
    const ledger = new SendLedger(db);
    ledger.enqueue(DATE, [1, 2].map((id) => ({ subscriberId: id, email: `r${id}@x.org`, messageId: `<${id}@x>` })), new Date());
    const claimed = ledger.claim(DATE, 'h:1:a', Date.now(), 60_000, 10);
    expect(claimed).toHaveLength(2);

    // The database refuses the first commit (as SQLite does when busy past its timeout).
    let refuse = true;
    const flaky = new Proxy(ledger, {
      get(target, prop, receiver) {
        if (prop === 'recordMany' && refuse) return () => { refuse = false; throw new Error('SQLITE_BUSY: database is locked'); };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const queue = new RecordQueue(flaky, DATE, 'h:1:a', () => {}, () => {});
    for (const row of claimed) queue.push({ subscriberId: row.subscriberId, state: 'sent', outcome: { status: 'sent', code: 250, response: '250 ok' }, at: new Date() });
    expect(() => queue.flush()).toThrow(/SQLITE_BUSY/);
    expect(queue.size).toBe(2);
    queue.flush();
    expect(queue.size).toBe(0);
    expect(ledger.counts(DATE).sent).toBe(2);
  });
});
