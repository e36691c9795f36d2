// `gazette db copy` and where a subscriber's creation is kept (creation.ts):
// on the row for subscribers made since that step, as the first event for
// older ones. Both must read the same on PostgreSQL after the copy, and an
// import there must go on from the copied ids.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { copySqliteToPostgres } from '../../src/store/copy-to-postgres.js';
import { migrate, openSqlite } from '../../src/store/sqlite.js';
import { openPostgresPool } from '../../src/store/postgres.js';
import { createPgSubscriberStore } from '../../src/subscribers/pg-store.js';
import { STEPS, createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { freshPgDatabase, hasPostgres } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe.runIf(hasPostgres('db copy of creation entries'))('db copy and the creation entry on the row', () => {
  it('carries created_* and the old creation events: every history reads the same on PostgreSQL, and new ids follow the copied ones', async () => {
    const clock = manualClock('2026-03-01T08:00:00Z');
    const file = join(tmpDir(), 'gazette.db');
    const old = openSqlite(file);
    migrate(old, 'subscribers', STEPS.slice(0, 4));
    old.prepare("INSERT INTO subscribers (id, email, email_key, name, status, created_at, updated_at) VALUES (7, 'a@example.org', 'a@example.org', 'A\tb', 'unsubscribed', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')").run();
    old.prepare("INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason) VALUES (7, '2026-01-01T00:00:00.000Z', NULL, 'pending', 'web', 'form')").run();
    old.prepare("INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason) VALUES (7, '2026-01-02T00:00:00.000Z', 'pending', 'unsubscribed', 'web', 'link')").run();
    old.close();

    const db = openSqlite(file);
    const sqlite = createSqliteSubscriberStore(db, clock);
    await sqlite.upsertMany([
      { email: 'b@example.org', name: 'B\\N', status: 'confirmed', line: 2 },
      { email: 'c@example.org', status: 'unsubscribed', line: 3 },
    ], { source: 'import', reason: 'imported from list\t1.csv', runId: 'r1' });
    clock.advance(60_000);
    await sqlite.setStatus('b@example.org', 'unsubscribed', { source: 'mail', reason: 'mailto' });
    const ids = (await sqlite.list({ limit: 100 })).map((s) => s.id);
    const histories = await Promise.all(ids.map((id) => sqlite.history(id)));

    const target = await freshPgDatabase();
    const pool = openPostgresPool(target.url);
    try {
      await copySqliteToPostgres(db, pool);
      const pgStore = createPgSubscriberStore({ kind: 'postgres', pool, label: target.url, ready: async () => {} }, clock);
      expect(await pgStore.list({ limit: 100 })).toEqual(await sqlite.list({ limit: 100 }));
      expect(await Promise.all(ids.map((id) => pgStore.history(id)))).toEqual(histories);
      // Refused since the same moment on both engines.
      clock.advance(60_000);
      const again = [{ email: 'A@example.org', status: 'confirmed' as const }, { email: 'c@example.org', status: 'confirmed' as const }, { email: 'd@example.org', status: 'confirmed' as const }];
      const onPg = await pgStore.upsertMany(again, { source: 'import', reason: 'again', runId: 'r2' });
      const onSqlite = await sqlite.upsertMany(again, { source: 'import', reason: 'again', runId: 'r2' });
      expect(onPg).toEqual(onSqlite);
      expect(onPg.map((o) => o.kind)).toEqual(['refused', 'refused', 'created']);
    } finally {
      await pool.end();
      await target.drop();
      db.close();
    }
  });
});
