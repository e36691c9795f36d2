// The SQLite subscriber store on a real database file.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { openSqlite, type Db } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import type { SubscriberStore } from '../../src/subscribers/store.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('SQLite subscriber store', () => {
  let db: Db;
  let store: SubscriberStore;
  let file: string;
  const clock = manualClock('2026-03-01T08:00:00Z');
  const cli = { source: 'cli' as const, reason: 'test' };

  beforeEach(() => {
    clock.set('2026-03-01T08:00:00Z');
    file = join(tmpDir(), 'gazette.db');
    db = openSqlite(file);
    store = createSqliteSubscriberStore(db, clock);
  });

  it('creates a subscriber with one history entry, and finds it by id or by address in any case', async () => {
    const [outcome] = await store.upsertMany([{ email: 'Ann@example.org', name: 'Ann', status: 'pending' }], cli);
    expect(outcome?.kind).toBe('created');
    const byId = await store.find(1);
    expect(byId).toMatchObject({ id: 1, email: 'Ann@example.org', name: 'Ann', status: 'pending', createdAt: '2026-03-01T08:00:00.000Z' });
    expect(await store.find('ann@EXAMPLE.org')).toEqual(byId);
    expect(await store.find(' ANN@example.org ')).toEqual(byId);
    expect(await store.find('1')).toEqual(byId);
    expect(await store.find('nobody@example.org')).toBeNull();
    expect(await store.history(1)).toEqual([{ at: '2026-03-01T08:00:00.000Z', from: null, to: 'pending', source: 'cli', reason: 'test' }]);
  });

  it('keeps one subscriber per address whatever the case', async () => {
    await store.upsertMany([{ email: 'Ann@example.org', status: 'pending' }], cli);
    const [again] = await store.upsertMany([{ email: 'ann@example.org', status: 'pending' }], cli);
    expect(again?.kind).toBe('unchanged');
    expect(await store.list({ limit: 10 })).toHaveLength(1);
    expect(() => db.prepare("INSERT INTO subscribers (email, email_key, status, created_at, updated_at) VALUES ('x', 'ann@example.org', 'pending', '', '')").run()).toThrow(/UNIQUE/);
  });

  it('moves status forward only, and never re-subscribes an address that left', async () => {
    await store.upsertMany([
      { email: 'p@example.org', status: 'pending' },
      { email: 'c@example.org', status: 'confirmed' },
      { email: 'u@example.org', status: 'confirmed' },
    ], cli);
    await store.setStatus('u@example.org', 'unsubscribed', { source: 'web', reason: 'one-click' });
    clock.advance(1000);
    const outcomes = await store.upsertMany([
      { email: 'p@example.org', status: 'confirmed' },
      { email: 'c@example.org', status: 'pending' },
      { email: 'u@example.org', status: 'confirmed' },
      { email: 'c@example.org', status: 'complained' },
    ], { source: 'import', reason: 'file' });
    expect(outcomes.map((o) => o.kind)).toEqual(['updated', 'unchanged', 'refused', 'updated']);
    expect(outcomes[2]).toMatchObject({ kind: 'refused', since: '2026-03-01T08:00:00.000Z', subscriber: { status: 'unsubscribed' } });
    expect((await store.find('p@example.org'))?.status).toBe('confirmed');
    expect((await store.find('u@example.org'))?.status).toBe('unsubscribed');
    expect((await store.find('c@example.org'))?.status).toBe('complained');
  });

  it('updates a name without touching the status history, and keeps it when the new one is empty', async () => {
    await store.upsertMany([{ email: 'a@example.org', name: 'Ann', status: 'confirmed' }], cli);
    const [renamed] = await store.upsertMany([{ email: 'a@example.org', name: 'Ann Lee', status: 'confirmed' }], cli);
    expect(renamed).toMatchObject({ kind: 'updated', statusChanged: false, subscriber: { name: 'Ann Lee' } });
    const [kept] = await store.upsertMany([{ email: 'a@example.org', name: '', status: 'confirmed' }], cli);
    expect(kept).toMatchObject({ kind: 'unchanged', subscriber: { name: 'Ann Lee' } });
    expect(await store.history(1)).toHaveLength(1);
  });

  it('reports a second row for one address in the same run as a duplicate of the first line', async () => {
    const rows = [
      { email: 'a@example.org', status: 'confirmed' as const, line: 2 },
      { email: 'A@example.org', status: 'confirmed' as const, line: 7 },
    ];
    expect((await store.upsertMany(rows, { source: 'import', reason: 'f', runId: 'run-1' })).map((o) => o.kind)).toEqual(['created', 'duplicate']);
    const second = await store.upsertMany(rows, { source: 'import', reason: 'f', runId: 'run-2' });
    expect(second).toEqual([expect.objectContaining({ kind: 'unchanged' }), { kind: 'duplicate', firstLine: 2 }]);
  });

  it('records every status change with when, from, to, source and why', async () => {
    await store.upsertMany([{ email: 'a@example.org', status: 'pending' }], { source: 'web', reason: 'subscribe form' });
    clock.advance(60_000);
    expect((await store.setStatus(1, 'confirmed', { source: 'web', reason: 'link' }))?.changed).toBe(true);
    clock.advance(60_000);
    expect(await store.markBounced('a@example.org', '550 5.1.1 no such user')).toBe(true);
    expect(await store.markBounced('a@example.org', 'again')).toBe(false);
    expect(await store.markBounced('nobody@example.org', 'x')).toBe(false);
    expect(await store.history(1)).toEqual([
      { at: '2026-03-01T08:00:00.000Z', from: null, to: 'pending', source: 'web', reason: 'subscribe form' },
      { at: '2026-03-01T08:01:00.000Z', from: 'pending', to: 'confirmed', source: 'web', reason: 'link' },
      { at: '2026-03-01T08:02:00.000Z', from: 'confirmed', to: 'bounced', source: 'delivery', reason: '550 5.1.1 no such user' },
    ]);
  });

  it('setStatus changes nothing when already there or when the status is not among onlyFrom', async () => {
    await store.upsertMany([{ email: 'a@example.org', status: 'confirmed' }], cli);
    expect((await store.setStatus(1, 'confirmed', cli))?.changed).toBe(false);
    await store.setStatus(1, 'complained', { source: 'delivery', reason: 'feedback loop' });
    const result = await store.setStatus(1, 'unsubscribed', { ...cli, onlyFrom: ['pending', 'confirmed'] });
    expect(result).toMatchObject({ changed: false, subscriber: { status: 'complained' } });
    expect(await store.setStatus(99, 'unsubscribed', cli)).toBeNull();
    expect(await store.history(1)).toHaveLength(2);
  });

  it('pages confirmed subscribers by id and counts them, for delivery', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ email: `s${i}@example.org`, status: (i % 5 === 0 ? 'pending' : 'confirmed') as 'pending' | 'confirmed' }));
    await store.upsertMany(rows, cli);
    expect(store.countConfirmed()).toBe(20);
    const seen: string[] = [];
    for (let after = 0; ;) {
      const page = store.confirmedAfter(after, 7);
      if (page.length === 0) break;
      seen.push(...page.map((s) => s.email));
      after = page.at(-1)!.id;
    }
    expect(seen).toEqual(rows.filter((r) => r.status === 'confirmed').map((r) => r.email));
    expect((await store.list({ limit: 100, status: 'pending' })).map((s) => s.email)).toEqual(['s0@example.org', 's5@example.org', 's10@example.org', 's15@example.org', 's20@example.org']);
    expect((await store.list({ limit: 3, afterId: 23 })).map((s) => s.id)).toEqual([24, 25]);
  });

  it('grants one confirmation mail per address per gap', async () => {
    await store.upsertMany([{ email: 'a@example.org', status: 'pending' }], cli);
    expect(await store.claimConfirmation(1, 300_000)).toBe(true);
    expect(await store.claimConfirmation(1, 300_000)).toBe(false);
    clock.advance(299_000);
    expect(await store.claimConfirmation(1, 300_000)).toBe(false);
    clock.advance(1_000);
    expect(await store.claimConfirmation(1, 300_000)).toBe(true);
  });

  it('keeps everything in the file across a reopen, and migrates only once', async () => {
    await store.upsertMany([{ email: 'a@example.org', status: 'confirmed' }], cli);
    db.close();
    const again = openSqlite(file);
    const reopened = createSqliteSubscriberStore(again, clock);
    expect((await reopened.find('a@example.org'))?.status).toBe('confirmed');
    expect(again.prepare("SELECT count(*) AS n FROM schema_migrations WHERE module = 'subscribers'").get()).toEqual({ n: 2 }); // two steps: the list, then the per-day confirmation count
    again.close();
  });
});
