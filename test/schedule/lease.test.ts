import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite.js';
import { LeaseStore } from '../../src/schedule/lease.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('LeaseStore', () => {
  it('lets one of two connections to one file hold a lease, and tells the other who holds it', () => {
    const file = join(tmpDir(), 'g.db');
    const a = new LeaseStore(openSqlite(file));
    const b = new LeaseStore(openSqlite(file));
    const t0 = new Date('2026-11-22T07:00:00Z');
    expect(a.acquire('issue:2026-11-22', 'host-a:1', 60_000, t0)).toEqual({ ok: true });
    const refused = b.acquire('issue:2026-11-22', 'host-b:2', 60_000, t0);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.holder.owner).toBe('host-a:1');
      expect(refused.holder.expiresAt.toISOString()).toBe('2026-11-22T07:01:00.000Z');
    }
    // Another issue is a different lock.
    expect(b.acquire('issue:2026-11-23', 'host-b:2', 60_000, t0).ok).toBe(true);
  });

  it('is renewed by heartbeats, taken over once expired, and released only by its owner', () => {
    const leases = new LeaseStore(openSqlite(join(tmpDir(), 'g.db')));
    const t0 = Date.parse('2026-11-22T07:00:00Z');
    leases.acquire('L', 'a', 60_000, new Date(t0));
    expect(leases.heartbeat('L', 'a', 60_000, new Date(t0 + 50_000))).toBe(true);
    expect(leases.acquire('L', 'b', 60_000, new Date(t0 + 100_000)).ok).toBe(false);
    leases.release('L', 'b');
    expect(leases.holder('L', new Date(t0 + 100_000))?.owner).toBe('a');
    // a stopped beating: past its expiry b takes the lease, and a learns it lost it.
    expect(leases.acquire('L', 'b', 60_000, new Date(t0 + 110_001)).ok).toBe(true);
    expect(leases.heartbeat('L', 'a', 60_000, new Date(t0 + 110_002))).toBe(false);
    leases.release('L', 'b');
    expect(leases.holder('L', new Date(t0 + 110_003))).toBeNull();
    expect(leases.active(new Date(t0))).toEqual([]);
  });
});
