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
