// CSV export against formula injection, and its round trip through the import.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { manualClock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { parseRecord } from '../../src/subscribers/csv-records.js';
import { csvField, exportSubscribersCsv } from '../../src/subscribers/export-csv.js';
import { importSubscribersCsv } from '../../src/subscribers/import-csv.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { ENGINES, engineAvailable, openTestStore } from '../helpers/subscriber-stores.js';

afterAll(cleanupTmp);

const clock = manualClock('2026-03-01T08:00:00Z');

describe('CSV export', () => {
  // Issue 14 item 11: names starting with = + - @ were exported as they are.
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+1+cmd|\' /C calc\'!A0', "'+1+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['Ann = Lee', 'Ann = Lee'],
    ["O'Brien", "O'Brien"],
  ])('defuses %j as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('no exported cell starts with a formula character, and export then import gives back the same names (property)', async () => {
    const name = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', "'", '"', ',', 'a', 'B', ' ', '(', ')', '|', '!'), minLength: 1, maxLength: 30 })
      .map((s) => s.trim()).filter((s) => s.length > 0);
    await fc.assert(fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 8 }), async (names) => {
      const db = openSqlite(join(tmpDir(), 'g.db'));
      const store = createSqliteSubscriberStore(db, clock);
      await store.upsertMany(names.map((n, i) => ({ email: `${i % 2 ? '-' : ''}r${i}@example.org`, name: n, status: 'confirmed' as const })), { source: 'cli', reason: 't' });
      let csv = '';
      await exportSubscribersCsv(store, (chunk) => { csv += chunk; });
      for (const line of csv.split('\n').slice(1, -1)) {
        const parsed = parseRecord(line);
        expect('fields' in parsed).toBe(true);
        if ('fields' in parsed) for (const cell of parsed.fields) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }
      const back = createSqliteSubscriberStore(openSqlite(join(tmpDir(), 'h.db')), clock);
      await importSubscribersCsv(back, Readable.from([csv]), { reason: 'round trip' });
      expect((await back.list({ limit: 100 })).map((s) => [s.email, s.name, s.status])).toEqual((await store.list({ limit: 100 })).map((s) => [s.email, s.name, s.status]));
      db.close();
    }), { numRuns: 60 });
  });
});

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'the export round trip'))(`CSV export on ${kind}`, () => {
  it('carries the preference columns, and export then import into an empty list gives back the same subscribers', async () => {
    const from = await openTestStore(kind, clock);
    const to = await openTestStore(kind, clock);
    try {
      await from.store.upsertMany([
        { email: 'ann@example.org', name: 'Ann', status: 'confirmed', preferences: { timezone: 'Europe/London', hour: 7, topics: ['Around, the harbour', 'Science & nature'] } },
        { email: 'bob@example.org', name: null, status: 'pending', preferences: { frequency: 'weekly:mon' } },
        { email: 'cy@example.org', name: '=Cy', status: 'unsubscribed' },
      ], { source: 'cli', reason: 'setup' });
      let csv = '';
      await exportSubscribersCsv(from.store, (chunk) => { csv += chunk; });
      expect(csv.split('\n').slice(0, 2)).toEqual([
        'email,name,status,timezone,hour,frequency,topics',
        'ann@example.org,Ann,confirmed,Europe/London,7,daily,"Around, the harbour;Science & nature"',
      ]);
      const summary = await importSubscribersCsv(to.store, Readable.from([csv]), { reason: 'round trip' });
      expect(summary).toMatchObject({ imported: 3, invalid: 0 });
      const shape = async (store: typeof from.store) => (await store.list({ limit: 10 })).map((s) => [s.email, s.name, s.status, s.preferences]);
      expect(await shape(to.store)).toEqual(await shape(from.store));
    } finally {
      await from.close();
      await to.close();
    }
  });
});
