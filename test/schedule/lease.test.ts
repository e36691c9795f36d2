// The scheduler's lock, on both engines: two connections (two processes, or two
// hosts on PostgreSQL) to one database, of which exactly one holds a lease.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { createLeaseStore } from '../../src/schedule/lease.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

describeEngines('LeaseStore', (kind) => {
  let t: TestEngine;
  beforeEach(async () => { t = await freshEngine(kind); });
  afterEach(async () => { await t.close(); });

  it('lets one of two connections to one database hold a lease, and tells the other who holds it', async () => {
    const a = createLeaseStore(t.engine);
    const b = createLeaseStore(t.another());
    const t0 = new Date('2026-11-22T07:00:00Z');
    expect(await a.acquire('issue:2026-11-22', 'host-a:1', 60_000, t0)).toEqual({ ok: true });
    const refused = await b.acquire('issue:2026-11-22', 'host-b:2', 60_000, t0);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.holder.owner).toBe('host-a:1');
      expect(refused.holder.expiresAt.toISOString()).toBe('2026-11-22T07:01:00.000Z');
    }
    // Another issue is a different lock.
    expect((await b.acquire('issue:2026-11-23', 'host-b:2', 60_000, t0)).ok).toBe(true);
  });

  it('is renewed by heartbeats, taken over once expired, and released only by its owner', async () => {
    const leases = createLeaseStore(t.engine);
    const t0 = Date.parse('2026-11-22T07:00:00Z');
    await leases.acquire('L', 'a', 60_000, new Date(t0));
    expect(await leases.heartbeat('L', 'a', 60_000, new Date(t0 + 50_000))).toBe(true);
    expect((await leases.acquire('L', 'b', 60_000, new Date(t0 + 100_000))).ok).toBe(false);
    await leases.release('L', 'b');
    expect((await leases.holder('L', new Date(t0 + 100_000)))?.owner).toBe('a');
    // a stopped beating: past its expiry b takes the lease, and a learns it lost it.
    expect((await leases.acquire('L', 'b', 60_000, new Date(t0 + 110_001))).ok).toBe(true);
    expect(await leases.heartbeat('L', 'a', 60_000, new Date(t0 + 110_002))).toBe(false);
    expect((await leases.active(new Date(t0 + 110_002))).map((l) => l.owner)).toEqual(['b']);
    await leases.release('L', 'b');
    expect(await leases.holder('L', new Date(t0 + 110_003))).toBeNull();
    expect(await leases.active(new Date(t0))).toEqual([]);
  });

  it('gives a lease raced for by several holders at once to exactly one of them, fresh or expired', async () => {
    const holders = Array.from({ length: 6 }, (_, i) => ({ owner: `host-${i}:1`, leases: createLeaseStore(i === 0 ? t.engine : t.another()) }));
    const t0 = Date.parse('2026-11-22T07:00:00Z');
    for (const [round, at] of [[0, t0], [1, t0 + 61_000], [2, t0 + 122_000]] as const) {
      // Each round starts after the previous holder's lease ran out, so every round is a takeover but the first.
      const results = await Promise.all(holders.map((h) => h.leases.acquire('issue:race', `${h.owner}#${round}`, 60_000, new Date(at))));
      const winners = results.map((r, i) => (r.ok ? holders[i]!.owner : null)).filter(Boolean);
      expect(winners).toHaveLength(1);
      const losers = results.filter((r) => !r.ok);
      for (const r of losers) if (!r.ok) expect(r.holder.owner).toBe(`${winners[0]}#${round}`);
    }
  });
});
