// A run that stalls past its claims' expiry (suspend, SIGSTOP, a long pause)
// must never revive them: another sender may be sending those rows already.
import { afterEach, expect, it } from 'vitest';
import { ClaimFeed } from '../../src/deliver/claim-feed.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { silentLogger } from '../../src/log.js';
import { describeEngines, openTestDb, type TestDb } from './helpers/engines.js';

const DATE = '2025-03-01';

describeEngines('ClaimFeed', (kind) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('stops for good once its claims lapsed, even though its heartbeat runs again', async () => {
    t = await openTestDb(kind);
    const ledgerA = openSendLedger(t.engine);
    const ledgerB = openSendLedger(t.another());
    await ledgerA.enqueue(DATE, Array.from({ length: 6 }, (_, i) => ({ subscriberId: i + 1, email: `r${i + 1}@x.org`, messageId: `<${i + 1}@x>` })), new Date());

    const feed = new ClaimFeed(ledgerA, DATE, 'h:1:a', { ttlMs: 300, batchSize: 3, pollMs: 20, signal: new AbortController().signal, logger: silentLogger });
    try {
      const first = await feed.next();
      expect(first).toBeDefined();
      expect(feed.holdsClaims()).toBe(true);

      // The process stalls past the claims' expiry; meanwhile another sender takes the rows over.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      const takenOver = await ledgerB.claim(DATE, 'h:2:b', Date.now(), 60_000, 10);
      expect(takenOver.map((r) => r.subscriberId)).toContain(first!.subscriberId);

      // Let the heartbeat fire a few times: it must not make the stale claims valid again.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(feed.holdsClaims()).toBe(false);
      expect(await feed.next()).toBeUndefined();
      // B still holds every row it took.
      expect(await ledgerB.record(DATE, first!.subscriberId, 'h:2:b', 'sent', { status: 'sent', code: 250, response: '250 ok' }, new Date())).toBe(true);
    } finally {
      feed.close();
    }
  });

  it('waits for another live sender\'s rows and takes them over once its claim expires', async () => {
    t = await openTestDb(kind);
    const ledger = openSendLedger(t.engine);
    await ledger.enqueue(DATE, Array.from({ length: 4 }, (_, i) => ({ subscriberId: i + 1, email: `r${i + 1}@x.org`, messageId: `<${i + 1}@x>` })), new Date());
    // A sender on another machine claimed two rows and went silent: they are waited out, never reaped.
    await openSendLedger(t.another()).claim(DATE, 'elsewhere:7:gone', Date.now(), 400, 2);
    const feed = new ClaimFeed(ledger, DATE, 'h:1:a', { ttlMs: 60_000, batchSize: 10, pollMs: 50, signal: new AbortController().signal, logger: silentLogger });
    try {
      const got: number[] = [];
      for (let row = await feed.next(); row; row = await feed.next()) {
        got.push(row.subscriberId);
        await ledger.record(DATE, row.subscriberId, 'h:1:a', 'sent', { status: 'sent', code: 250, response: '250 ok' }, new Date());
      }
      expect(got).toEqual([3, 4, 1, 2]);
      expect(await ledger.counts(DATE)).toMatchObject({ sent: 4, sending: 0 });
    } finally {
      feed.close();
    }
  });
});
