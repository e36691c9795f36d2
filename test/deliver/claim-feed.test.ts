// A run that stalls past its claims' expiry (suspend, SIGSTOP, a long pause)
// must never revive them: another sender may be sending those rows already.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimFeed } from '../../src/deliver/claim-feed.js';
import { SendLedger } from '../../src/deliver/ledger.js';
import { openSqlite, type Db } from '../../src/store/sqlite.js';
import { silentLogger } from '../../src/log.js';

const DATE = '2025-03-01';

describe('ClaimFeed', () => {
  let dir: string | undefined;
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops for good once its claims lapsed, even though its heartbeat runs again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gz-feed-'));
    const a = openSqlite(join(dir, 'g.db'));
    const b = openSqlite(join(dir, 'g.db'));
    dbs.push(a, b);
    const ledgerA = new SendLedger(a);
    const ledgerB = new SendLedger(b);
    ledgerA.enqueue(DATE, Array.from({ length: 6 }, (_, i) => ({ subscriberId: i + 1, email: `r${i + 1}@x.org`, messageId: `<${i + 1}@x>` })), new Date());

    const feed = new ClaimFeed(ledgerA, DATE, 'h:1:a', { ttlMs: 300, batchSize: 3, pollMs: 20, signal: new AbortController().signal, logger: silentLogger });
    try {
      const first = await feed.next();
      expect(first).toBeDefined();
      expect(feed.holdsClaims()).toBe(true);

      // The process stalls past the claims' expiry; meanwhile another sender takes the rows over.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      const takenOver = ledgerB.claim(DATE, 'h:2:b', Date.now(), 60_000, 10);
      expect(takenOver.map((r) => r.subscriberId)).toContain(first!.subscriberId);

      // Let the heartbeat fire a few times: it must not make the stale claims valid again.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(feed.holdsClaims()).toBe(false);
      expect(await feed.next()).toBeUndefined();
      // B still holds every row it took.
      expect(ledgerB.record(DATE, first!.subscriberId, 'h:2:b', 'sent', { status: 'sent', code: 250, response: '250 ok' }, new Date())).toBe(true);
    } finally {
      feed.close();
    }
  });
});
