// On PostgreSQL an import writes its new addresses with COPY straight into the
// list (pg-upsert.ts). COPY cannot skip a conflict, so when another process
// adds one of the same addresses between the batch's lookup and its COPY, the
// batch must fall back to the staged path and treat that address as existing:
// no error, no second row, the other process's subscriber kept.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { manualClock } from '../../src/clock.js';
import { createPgSubscriberStore } from '../../src/subscribers/pg-store.js';
import type { UpsertRow } from '../../src/subscribers/store.js';
import { freshPgEngine, hasPostgres } from '../helpers/postgres.js';
import { cleanupTmp } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe.runIf(hasPostgres('the import race on PostgreSQL'))('an import racing another writer on PostgreSQL', () => {
  it('falls back when another process adds one of its new addresses meanwhile, and creates the rest', async () => {
    const { engine, url, close } = await freshPgEngine();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      const store = createPgSubscriberStore(engine, manualClock('2026-03-01T08:00:00Z'));
      await store.upsertMany([{ email: 'seed@example.org', status: 'confirmed' }], { source: 'cli', reason: 'seed' });
      // Another process adds x@ and has not committed yet: the import cannot see it.
      await other.query('BEGIN');
      await other.query(`INSERT INTO subscribers (email, email_key, status, created_at, updated_at, created_status, created_source, created_reason)
        VALUES ('X@example.org', 'x@example.org', 'pending', '2026-03-01T07:59:00.000Z', '2026-03-01T07:59:00.000Z', 'pending', 'web', 'form')`);
      const importing = store.upsertMany(
        [{ email: 'y@example.org', status: 'confirmed', line: 2 }, { email: 'X@example.org', name: 'Xavier', status: 'confirmed', line: 3 }],
        { source: 'import', reason: 'imported from list.csv', runId: 'run-1' },
      );
      // Wait until the import's COPY is blocked on the other transaction's row, then let that commit.
      for (let i = 0; ; i++) {
        const waiting = (await engine.pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY subscribers%'")).rows[0].n;
        if (waiting > 0) break;
        if (i > 500) throw new Error('the import never reached its COPY');
        await new Promise((r) => setTimeout(r, 10));
      }
      await other.query('COMMIT');
      const outcomes = await importing;
      expect(outcomes.map((o) => o.kind)).toEqual(['created', 'updated']);
      const rows = (await engine.pool.query('SELECT email_key, name, status FROM subscribers ORDER BY id')).rows;
      expect(rows).toEqual([
        { email_key: 'seed@example.org', name: null, status: 'confirmed' },
        { email_key: 'x@example.org', name: 'Xavier', status: 'confirmed' },
        { email_key: 'y@example.org', name: null, status: 'confirmed' },
      ]);
      const x = (await store.find('x@example.org'))!;
      expect((await store.history(x.id)).map((h) => [h.from, h.to, h.source])).toEqual([[null, 'pending', 'web'], ['pending', 'confirmed', 'import']]);
      const y = (await store.find('y@example.org'))!;
      expect(await store.history(y.id)).toEqual([{ at: '2026-03-01T08:00:00.000Z', from: null, to: 'confirmed', source: 'import', reason: 'imported from list.csv' }]);
    } finally {
      await other.end();
      await close();
    }
  });

  // A batch of 10,000 rows is megabytes: the COPY blocks on its first row with
  // most of it unsent, so the failure comes while a write waits for 'drain'.
  it('falls back when the COPY fails after the connection stopped taking data, and the connection stays usable', async () => {
    const { engine, url, close } = await freshPgEngine();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    // A rejection nobody awaits ends a CLI import (Node's default): none may be left behind.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
    process.on('unhandledRejection', onUnhandled);
    try {
      const store = createPgSubscriberStore(engine, manualClock('2026-03-01T08:00:00Z'));
      await other.query('BEGIN');
      await other.query(`INSERT INTO subscribers (email, email_key, status, created_at, updated_at, created_status, created_source, created_reason)
        VALUES ('x@example.org', 'x@example.org', 'pending', '2026-03-01T07:59:00.000Z', '2026-03-01T07:59:00.000Z', 'pending', 'web', 'form')`);
      // x@ first, so the COPY blocks on its first row while megabytes of the batch are still to be sent.
      const long = 'n'.repeat(2000);
      const rows: UpsertRow[] = [{ email: 'x@example.org', status: 'confirmed', line: 2 }];
      for (let i = 0; i < 10_000; i++) rows.push({ email: `new.${i}@example.org`, name: `${long} ${i}`, status: 'confirmed', line: i + 3 });
      const importing = store.upsertMany(rows, { source: 'import', reason: 'imported from big.csv', runId: 'run-1' });
      for (let i = 0; ; i++) {
        const waiting = (await engine.pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY subscribers%'")).rows[0].n;
        if (waiting > 0) break;
        if (i > 1000) throw new Error('the import never reached its COPY');
        await new Promise((r) => setTimeout(r, 10));
      }
      // Give the client time to fill the connection's buffers while the COPY waits.
      await new Promise((r) => setTimeout(r, 500));
      await other.query('COMMIT');
      const outcomes = await importing;
      expect(outcomes[0]!.kind).toBe('updated');
      expect(outcomes.slice(1).every((o) => o.kind === 'created')).toBe(true);
      expect((await engine.pool.query('SELECT count(*)::int AS n FROM subscribers')).rows[0].n).toBe(10_001);
      // The pool's connections still work afterwards.
      for (let i = 0; i < 5; i++) expect((await store.find(`new.${i}@example.org`))?.status).toBe('confirmed');
      const again = await store.upsertMany([{ email: 'later@example.org', status: 'pending' }], { source: 'cli', reason: 'added' });
      expect(again[0]!.kind).toBe('created');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await other.end();
      await close();
    }
  }, 120_000);
});
