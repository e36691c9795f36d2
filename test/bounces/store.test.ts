// The bounce store on both engines: events recorded once per report and
// subscriber, soft bounces counted in a window, counts per issue.
import { afterAll, describe, expect, it } from 'vitest';
import { createBounceStore, type BounceEvent, type BounceStore } from '../../src/bounces/store.js';
import { openSqlite } from '../../src/store/sqlite.js';
import type { Engine } from '../../src/store/engine.js';
import { freshPgEngine, hasPostgres } from '../helpers/postgres.js';

const event = (over: Partial<BounceEvent>): BounceEvent => ({
  reportId: '<r1@mx.example.net>', subscriberId: 1, issueDate: '2026-11-20', kind: 'soft', status: '4.2.2', diagnostic: 'mailbox full', at: '2026-11-20T10:00:00.000Z', ...over,
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.runIf(kind === 'sqlite' || hasPostgres('bounce store'))(`bounce store (${kind})`, () => {
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => { for (const close of closers) await close(); });
    async function store(): Promise<BounceStore> {
      let engine: Engine;
      if (kind === 'sqlite') {
        const db = openSqlite(':memory:');
        closers.push(async () => { db.close(); });
        engine = { kind: 'sqlite', db, path: ':memory:' };
      } else {
        const pg = await freshPgEngine();
        closers.push(pg.close);
        engine = pg.engine;
      }
      return createBounceStore(engine);
    }

    it('records a report once per subscriber', async () => {
      const s = await store();
      expect(await s.record(event({}))).toBe(true);
      expect(await s.record(event({ status: '4.0.0' }))).toBe(false);
      expect(await s.record(event({ subscriberId: 2 }))).toBe(true);
      expect(await s.softSince(1, '2026-01-01T00:00:00.000Z')).toBe(1);
    });

    it('names the issues whose copy to a subscriber came back as a hard bounce', async () => {
      const s = await store();
      await s.record(event({ reportId: '<h1@mx>', kind: 'hard', issueDate: '2026-11-20' }));
      await s.record(event({ reportId: '<h2@mx>', kind: 'hard', issueDate: '2026-11-21' }));
      await s.record(event({ reportId: '<s1@mx>', kind: 'soft', issueDate: '2026-11-22' }));
      await s.record(event({ reportId: '<h3@mx>', kind: 'hard', issueDate: null }));
      await s.record(event({ reportId: '<h4@mx>', kind: 'hard', issueDate: '2026-11-23', subscriberId: 2 }));
      expect((await s.hardBouncedIssues(1)).sort()).toEqual(['2026-11-20', '2026-11-21']);
      expect(await s.hardBouncedIssues(3)).toEqual([]);
    });

    it('counts soft bounces from a time on, and events per issue', async () => {
      const s = await store();
      await s.record(event({ reportId: 'a', at: '2026-11-01T00:00:00.000Z' }));
      await s.record(event({ reportId: 'b', at: '2026-11-15T00:00:00.000Z' }));
      await s.record(event({ reportId: 'c', at: '2026-11-20T00:00:00.000Z', kind: 'hard', status: '5.1.1' }));
      await s.record(event({ reportId: 'd', subscriberId: 3, kind: 'complaint', status: 'abuse', issueDate: '2026-11-21' }));
      await s.record(event({ reportId: 'e', subscriberId: 4, kind: 'unsubscribe', status: null }));
      expect(await s.softSince(1, '2026-11-10T00:00:00.000Z')).toBe(1);
      expect(await s.softSince(1, '2026-10-01T00:00:00.000Z')).toBe(2);
      expect(await s.softSince(2, '2026-10-01T00:00:00.000Z')).toBe(0);
      expect(await s.countsByIssue(['2026-11-20', '2026-11-21', '2026-11-22'])).toEqual(new Map([
        ['2026-11-20', { hard: 1, soft: 2, complaints: 0 }],
        ['2026-11-21', { hard: 0, soft: 0, complaints: 1 }],
      ]));
      expect(await s.countsByIssue([])).toEqual(new Map());
    });
  });
}
