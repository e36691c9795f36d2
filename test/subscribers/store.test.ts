// The subscriber store on both engines: a real SQLite file and a real
// PostgreSQL database (the test run's cluster), with the same expectations.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { migrate, openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore, STEPS } from '../../src/subscribers/sqlite-store.js';
import type { SubscriberStore } from '../../src/subscribers/store.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { ENGINES, engineAvailable, openTestStore, type TestStore } from '../helpers/subscriber-stores.js';

afterAll(cleanupTmp);

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'the subscriber store suite'))(`subscriber store on ${kind}`, () => {
  let opened: TestStore;
  let store: SubscriberStore;
  const clock = manualClock('2026-03-01T08:00:00Z');
  const cli = { source: 'cli' as const, reason: 'test' };

  beforeEach(async () => {
    clock.set('2026-03-01T08:00:00Z');
    opened = await openTestStore(kind, clock);
    store = opened.store;
  });
  afterEach(async () => { await opened.close(); });

  it('creates a subscriber with one history entry, and finds it by id or by address in any case', async () => {
    const [outcome] = await store.upsertMany([{ email: 'Ann@example.org', name: 'Ann', status: 'pending' }], cli);
    expect(outcome?.kind).toBe('created');
    const byId = await store.find(1);
    expect(byId).toMatchObject({ id: 1, email: 'Ann@example.org', name: 'Ann', status: 'pending', createdAt: '2026-03-01T08:00:00.000Z' });
    expect(await store.find('ann@EXAMPLE.org')).toEqual(byId);
    expect(await store.find(' ANN@example.org ')).toEqual(byId);
    expect(await store.find('1')).toEqual(byId);
    expect(await store.find('nobody@example.org')).toBeNull();
    expect(await store.find('99999999999')).toBeNull();
    expect(await store.setStatus(2 ** 40, 'unsubscribed', cli)).toBeNull();
    expect(await store.history(1)).toEqual([{ at: '2026-03-01T08:00:00.000Z', from: null, to: 'pending', source: 'cli', reason: 'test' }]);
  });

  it('keeps one subscriber per address whatever the case', async () => {
    await store.upsertMany([{ email: 'Ann@example.org', status: 'pending' }], cli);
    const [again] = await store.upsertMany([{ email: 'ann@example.org', status: 'pending' }], cli);
    expect(again?.kind).toBe('unchanged');
    expect(await store.list({ limit: 10 })).toHaveLength(1);
    await expect(opened.sql("INSERT INTO subscribers (email, email_key, status, created_at, updated_at) VALUES ('x', 'ann@example.org', 'pending', '', '')")).rejects.toThrow(/UNIQUE|unique/);
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
    expect(await store.countConfirmed()).toBe(20);
    const seen: string[] = [];
    for (let after = 0; ;) {
      const page = await store.confirmedAfter(after, 7);
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

  it('waives the gap once for an address that left the list after its last confirmation mail, never the daily cap', async () => {
    await store.upsertMany([{ email: 'a@example.org', status: 'pending' }], cli);
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(true);
    clock.advance(10_000);
    await store.setStatus(1, 'confirmed', { source: 'web', reason: 'link' });
    clock.advance(10_000);
    // Still subscribed: the gap holds (a confirmed address is mailed nothing by the form anyway).
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(false);
    await store.setStatus(1, 'unsubscribed', { source: 'web', reason: 'one-click' });
    clock.advance(10_000);
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(true); // left after the mail: its link is out of date
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(false); // once per departure
    clock.advance(10_000);
    await store.setStatus(1, 'confirmed', { source: 'web', reason: 'link' });
    await store.setPreferences(1, { hour: 7 }, { source: 'web', reason: 'preferences page' });
    clock.advance(10_000);
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(false); // re-confirming or a preference is no departure
    await store.setStatus(1, 'bounced', { source: 'delivery', reason: '550' });
    clock.advance(10_000);
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(true);
    // Three mails today: a fourth departure does not lift the daily cap.
    await store.setStatus(1, 'confirmed', { source: 'web', reason: 'link' });
    await store.setStatus(1, 'unsubscribed', { source: 'web', reason: 'one-click' });
    clock.advance(10_000);
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(false);
    clock.advance(24 * 3600_000);
    expect(await store.claimConfirmation(1, 300_000, 3)).toBe(true);
  });

  it('stores names exactly, backslashes, tabs and COPY\'s null marker included', async () => {
    const names = ['Ann \\ Lee', '\\N', 'Tab\there', 'Line\nbreak', "O'Brien \"Bob\""];
    const rows = names.map((name, i) => ({ email: `n${i}@example.org`, name, status: 'confirmed' as const, line: i + 2 }));
    await store.upsertMany(rows, { source: 'import', reason: 'f', runId: 'names' });
    expect((await store.list({ limit: 10 })).map((s) => s.name)).toEqual(names);
  });

  it('caps confirmation mails per address per day', async () => {
    await store.upsertMany([{ email: 'a@example.org', status: 'pending' }], cli);
    for (let i = 0; i < 3; i++) {
      expect(await store.claimConfirmation(1, 60_000, 3)).toBe(true);
      clock.advance(60_000);
    }
    expect(await store.claimConfirmation(1, 60_000, 3)).toBe(false);
    clock.advance(24 * 3600_000);
    expect(await store.claimConfirmation(1, 60_000, 3)).toBe(true);
  });

  it('a later departure in the same run is applied and recorded after the creation', async () => {
    const outcomes = await store.upsertMany([
      { email: 'a@example.org', name: 'Ann', status: 'pending', line: 2 },
      { email: 'b@example.org', status: 'confirmed', line: 3 },
      { email: 'A@EXAMPLE.org', status: 'unsubscribed', line: 4 },
      { email: 'a@example.org', status: 'bounced', line: 5 },
    ], { source: 'import', reason: 'f', runId: 'r' });
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'created', subscriber: expect.objectContaining({ status: 'pending' }) }),
      expect.objectContaining({ kind: 'created' }),
      { kind: 'duplicate', firstLine: 2, applied: 'unsubscribed' },
      { kind: 'duplicate', firstLine: 2 },
    ]);
    expect((await store.history(1)).map((h) => [h.from, h.to])).toEqual([[null, 'pending'], ['pending', 'unsubscribed']]);
    // Without a run, rows apply one after another: a later row sees the earlier one's change.
    clock.advance(1000);
    const plain = await store.upsertMany([
      { email: 'c@example.org', status: 'unsubscribed' },
      { email: 'c@example.org', name: 'Cy', status: 'confirmed' },
      { email: 'b@example.org', name: 'Bo', status: 'confirmed' },
      { email: 'b@example.org', status: 'complained' },
    ], cli);
    expect(plain.map((o) => o.kind)).toEqual(['created', 'refused', 'updated', 'updated']);
    expect(plain[1]).toMatchObject({ since: '2026-03-01T08:00:01.000Z', subscriber: { name: null } });
    expect(await store.find('b@example.org')).toMatchObject({ name: 'Bo', status: 'complained' });
  });

  it('two upserts of the same new addresses at once: no failure, one subscriber each, every departure kept', async () => {
    const other = await opened.second();
    const emails = Array.from({ length: 300 }, (_, i) => `x${i}@example.org`);
    const [a, b] = await Promise.all([
      store.upsertMany(emails.map((email) => ({ email, status: 'confirmed' as const })), { source: 'import', reason: 'a', runId: 'a' }),
      other.upsertMany([...emails].reverse().map((email, i) => ({ email, status: i % 2 ? 'confirmed' as const : 'unsubscribed' as const })), { source: 'import', reason: 'b', runId: 'b' }),
    ]);
    expect(a.filter((o) => o.kind === 'created').length + b.filter((o) => o.kind === 'created').length).toBe(300);
    expect(await store.list({ limit: 1000 })).toHaveLength(300);
    // Whoever came second, an address the second batch unsubscribed stays unsubscribed.
    const left = [...emails].reverse().filter((_, i) => i % 2 === 0);
    for (const email of left) expect((await store.find(email))?.status).toBe('unsubscribed');
  });
});

describe('SQLite subscriber store file', () => {
  it('keeps everything in the file across a reopen, and migrates only once', async () => {
    const clock = manualClock('2026-03-01T08:00:00Z');
    const file = join(tmpDir(), 'gazette.db');
    const db = openSqlite(file);
    await createSqliteSubscriberStore(db, clock).upsertMany([{ email: 'a@example.org', status: 'confirmed' }], { source: 'cli', reason: 'test' });
    db.close();
    const again = openSqlite(file);
    const reopened = createSqliteSubscriberStore(again, clock);
    expect((await reopened.find('a@example.org'))?.status).toBe('confirmed');
    expect(again.prepare("SELECT count(*) AS n FROM schema_migrations WHERE module = 'subscribers'").get()).toEqual({ n: 5 }); // five steps: the list, the per-day confirmation count, the preferences, the mail source, creation on the row
    again.close();
  });

  it('upgrades a file from before the mail source: every history row kept with its id, and a change by mail recorded', async () => {
    const clock = manualClock('2026-03-01T08:00:00Z');
    const file = join(tmpDir(), 'gazette.db');
    const old = openSqlite(file);
    migrate(old, 'subscribers', STEPS.slice(0, 3));
    old.prepare("INSERT INTO subscribers (id, email, email_key, name, status, created_at, updated_at) VALUES (7, 'a@example.org', 'a@example.org', NULL, 'confirmed', 'x', 'x')").run();
    old.prepare("INSERT INTO subscriber_events (id, subscriber_id, at, from_status, to_status, source, reason) VALUES (41, 7, 'x', NULL, 'confirmed', 'import', 'list.csv')").run();
    expect(() => old.prepare("INSERT INTO subscriber_events (subscriber_id, at, to_status, source, reason) VALUES (7, 'x', 'unsubscribed', 'mail', 'r')").run()).toThrow(/CHECK/);
    old.close();

    const db = openSqlite(file);
    const store = createSqliteSubscriberStore(db, clock);
    await store.setStatus(7, 'unsubscribed', { source: 'mail', reason: 'mail to the unsubscribe address' });
    expect(db.prepare('SELECT id, source FROM subscriber_events ORDER BY id').all()).toEqual([{ id: 41, source: 'import' }, { id: 42, source: 'mail' }]);
    expect((await store.history(7)).map((h) => [h.to, h.source])).toEqual([['confirmed', 'import'], ['unsubscribed', 'mail']]);
    db.close();
  });

  it('keeps how a subscriber came to be on its row: one creation entry in the history, before and after the step that moved it there', async () => {
    const clock = manualClock('2026-03-01T08:00:00Z');
    const file = join(tmpDir(), 'gazette.db');
    const old = openSqlite(file);
    migrate(old, 'subscribers', STEPS.slice(0, 4));
    old.prepare("INSERT INTO subscribers (id, email, email_key, name, status, created_at, updated_at) VALUES (7, 'a@example.org', 'a@example.org', NULL, 'pending', '2026-01-01T00:00:00.000Z', 'x')").run();
    old.prepare("INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason) VALUES (7, '2026-01-01T00:00:00.000Z', NULL, 'pending', 'web', 'form')").run();
    old.close();

    const db = openSqlite(file);
    const store = createSqliteSubscriberStore(db, clock);
    const [made] = await store.upsertMany([{ email: 'b@example.org', status: 'unsubscribed', line: 2 }], { source: 'import', reason: 'imported from list.csv', runId: 'r1' });
    const b = made!.kind === 'created' ? made!.subscriber.id : -1;
    clock.advance(60_000);
    await store.setStatus(7, 'confirmed', { source: 'web', reason: 'confirmed' });
    // The new subscriber's creation is on its row only; the older one's stays in the events.
    expect(db.prepare('SELECT subscriber_id, from_status FROM subscriber_events ORDER BY id').all()).toEqual([
      { subscriber_id: 7, from_status: null }, { subscriber_id: 7, from_status: 'pending' },
    ]);
    expect(await store.history(7)).toEqual([
      { at: '2026-01-01T00:00:00.000Z', from: null, to: 'pending', source: 'web', reason: 'form' },
      { at: '2026-03-01T08:01:00.000Z', from: 'pending', to: 'confirmed', source: 'web', reason: 'confirmed' },
    ]);
    expect(await store.history(b)).toEqual([{ at: '2026-03-01T08:00:00.000Z', from: null, to: 'unsubscribed', source: 'import', reason: 'imported from list.csv' }]);
    // An address that left on creation is refused since then.
    const [again] = await store.upsertMany([{ email: 'B@example.org', status: 'confirmed' }], { source: 'import', reason: 'again', runId: 'r2' });
    expect(again).toMatchObject({ kind: 'refused', since: '2026-03-01T08:00:00.000Z' });
    db.close();
  });
});
