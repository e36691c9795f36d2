// The same CSV files imported into SQLite and into PostgreSQL (through COPY and
// the set-wise merge) give the same report, line for line, and the same list
// and history, whatever batch size each engine runs with.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeImportCsv } from '../../bench/import.js';
import { manualClock } from '../../src/clock.js';
import { importSubscribersCsv, type ImportProblem } from '../../src/subscribers/import-csv.js';
import type { SubscriberStore, UpsertRow } from '../../src/subscribers/store.js';
import { openTestStore, type TestStore } from '../helpers/subscriber-stores.js';
import { hasPostgres } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const MESSY = resolve('test', 'subscribers', 'fixtures', 'messy.csv');

/** The seeded list both engines start from: every status, with and without names. */
const SEED: UpsertRow[] = Array.from({ length: 400 }, (_, i) => ({
  email: `old.${i}@example.net`,
  name: i % 4 === 0 ? null : `Old ${i}`,
  status: (['pending', 'confirmed', 'confirmed', 'unsubscribed', 'bounced', 'complained'] as const)[i % 6]!,
}));

/**
 * A file that touches the seeded list in every way (rename, confirm, refused
 * re-subscribe, departures, the same address again in other case far apart so
 * batches split them) among new addresses and bad lines.
 */
function mixedCsv(): string {
  const lines = ['email,name,status'];
  for (let i = 0; i < 3000; i++) {
    if (i % 97 === 5) lines.push(`broken-${i},X,confirmed`);
    else if (i % 89 === 7) lines.push(`new.${i}@example.org,Bad,subscribed`);
    else if (i % 3 === 0) {
      const j = i % 400;
      const status = ['confirmed', 'pending', 'unsubscribed', '', 'bounced', 'confirmed', 'complained'][i % 7]!;
      lines.push(`${i % 2 ? 'OLD' : 'old'}.${j}@Example.NET,${i % 5 ? `Renamed ${i}` : ''},${status}`);
    } else lines.push(`new.${i % 1700}@example.org,New ${i},${i % 11 === 0 ? 'unsubscribed' : i % 2 ? 'confirmed' : 'pending'}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The same kind of file with the preference columns: new and seeded addresses
 * given zones, hours, frequencies and topics (some the same as stored, some
 * cells empty, some bad), with status changes on the same lines.
 */
function preferencesCsv(): string {
  const zones = ['', 'Europe/London', 'america/new_york', 'Asia/Tokyo', 'Mars/Base'];
  const hours = ['', '7', '18', '0', '25'];
  const frequencies = ['', 'daily', 'weekly:mon', 'weekly', 'WEEKLY:Friday', 'monthly'];
  const topics = ['', 'Science & nature', 'Around the harbour;Science & nature', 'business & technology; Also today', ';'];
  const lines = ['email,name,status,timezone,hour,frequency,topics'];
  for (let i = 0; i < 2000; i++) {
    const email = i % 2 ? `old.${i % 400}@example.net` : `pref.${i % 900}@example.org`;
    const status = ['', 'confirmed', 'unsubscribed', 'pending'][i % 4]!;
    lines.push(`${email},${i % 3 ? '' : `P ${i}`},${status},${zones[i % 5]},${hours[i % 7 % 5]},${frequencies[i % 6]},"${topics[i % 11 % 5]}"`);
  }
  return `${lines.join('\n')}\n`;
}

async function everything(store: SubscriberStore) {
  const list = await store.list({ limit: 100_000 });
  const history = [];
  for (const s of list) history.push(await store.history(s.id));
  return { list, history };
}

describe.runIf(hasPostgres('the import comparison between engines'))('CSV import: SQLite and PostgreSQL agree', () => {
  const clock = manualClock('2026-03-01T08:00:00Z');
  let sqlite: TestStore;
  let postgres: TestStore;

  beforeEach(async () => {
    clock.set('2026-03-01T08:00:00Z');
    sqlite = await openTestStore('sqlite', clock);
    postgres = await openTestStore('postgres', clock);
  });
  afterEach(async () => {
    await sqlite.close();
    await postgres.close();
  });

  const importBoth = async (file: string, sizes: [number | undefined, number | undefined]) => {
    const results = [];
    for (const [opened, batchSize] of [[sqlite, sizes[0]], [postgres, sizes[1]]] as const) {
      const problems: ImportProblem[] = [];
      const summary = await importSubscribersCsv(opened.store, createReadStream(file), { reason: `imported ${file}`, batchSize, onProblem: (p) => problems.push(p) });
      results.push({ summary, problems });
    }
    return results;
  };

  it('reports every bad line alike and leaves the same list and history', async () => {
    const dir = tmpDir();
    for (const opened of [sqlite, postgres]) {
      await opened.store.upsertMany(SEED, { source: 'cli', reason: 'seed' });
      clock.advance(1000);
      await opened.store.setStatus('old.7@example.net', 'unsubscribed', { source: 'web', reason: 'link' });
      clock.set('2026-03-01T08:00:00Z');
    }
    clock.set('2026-03-01T09:00:00Z');
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, mixedCsv());
    const prefs = join(dir, 'preferences.csv');
    writeFileSync(prefs, preferencesCsv());
    const generated = join(dir, 'generated.csv');
    const expected = await writeImportCsv(generated, 5_000);

    // Batches that split the file differently on each engine, then each engine's own size.
    for (const [file, sizes] of [[MESSY, [3, 5]], [mixed, [250, 700]], [mixed, [undefined, undefined]], [prefs, [300, 1100]], [prefs, [undefined, undefined]], [generated, [1000, 4096]]] as const) {
      clock.advance(60_000);
      const [onSqlite, onPostgres] = await importBoth(file, sizes as [number | undefined, number | undefined]);
      expect(onPostgres, file).toEqual(onSqlite);
      expect(onSqlite!.problems.length).toBe(onSqlite!.summary.invalid + onSqlite!.summary.duplicates + onSqlite!.summary.refused);
      if (file === mixed && sizes[0] === 250) {
        // The file did what it says: every kind of outcome is in the comparison.
        expect(onSqlite!.summary).toMatchObject({ imported: expect.any(Number), updated: expect.any(Number) });
        for (const n of ['imported', 'updated', 'unchanged', 'duplicates', 'invalid', 'refused', 'pending'] as const) expect(onSqlite!.summary[n], n).toBeGreaterThan(0);
        expect(onSqlite!.problems.some((p) => /was applied/.test(p.message))).toBe(true);
      }
      if (file === prefs && sizes[0] === 300) {
        expect(onSqlite!.problems.some((p) => /^timezone .*the line was skipped$/.test(p.message))).toBe(true);
        expect(onSqlite!.summary.updated).toBeGreaterThan(0);
      }
    }
    const [bigSqlite] = await importBoth(generated, [undefined, undefined]);
    expect(bigSqlite!.problems.filter((p) => p.kind === 'invalid').map((p) => p.line)).toEqual(
      [...expected.expected.entries()].filter(([, kind]) => kind === 'invalid').map(([line]) => line).sort((a, b) => a - b));

    const a = await everything(sqlite.store);
    const b = await everything(postgres.store);
    expect(b.list.length).toBe(a.list.length);
    expect(b.list).toEqual(a.list);
    expect(b.history).toEqual(a.history);
    // Preference changes of existing subscribers are in the history on both engines.
    expect(a.history.flat().some((h) => h.from === h.to && /: timezone .* → /.test(h.reason))).toBe(true);
    expect(a.list.some((s) => s.preferences.frequency === 'weekly:fri' && s.preferences.timezone === 'America/New_York')).toBe(true);
    const kinds = new Set(a.history.flat().map((h) => `${h.from}->${h.to}`));
    expect(kinds).toContain('pending->confirmed');
    expect(kinds).toContain('confirmed->unsubscribed');
  });

  it('keeps what COPY treats specially (tabs, line breaks, backslashes, a literal \\N) in names and in the reason, as SQLite does', async () => {
    const odd = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'ends with \\', '\\.', 'naïve ☃'];
    const rows: UpsertRow[] = odd.map((name, i) => ({ email: `odd.${i}@example.org`, name, status: 'confirmed', line: i + 2 }));
    const reason = 'imported from C:\\lists\\new\tfile\n.csv';
    for (const opened of [sqlite, postgres]) await opened.store.upsertMany(rows, { source: 'import', reason, runId: 'odd' });
    const a = await everything(sqlite.store);
    const b = await everything(postgres.store);
    expect(a.list.map((s) => s.name)).toEqual(odd);
    expect(a.history.map((h) => h[0]!.reason)).toEqual(odd.map(() => reason));
    expect(b).toEqual(a);
  });
  it('an import whose first batches are all new, then one naming addresses already on the list, ends as on SQLite', async () => {
    // The fourth batch names a seeded address and one from the first batch, in other case.
    for (const opened of [sqlite, postgres]) await opened.store.upsertMany(SEED.slice(0, 10), { source: 'cli', reason: 'seed' });
    clock.advance(60_000);
    const lines = ['email,name,status'];
    for (let i = 0; i < 30; i++) lines.push(`fresh.${i}@example.org,Fresh ${i},confirmed`);
    lines.push('OLD.1@example.net,Renamed,confirmed', 'fresh.2@EXAMPLE.org,Again,unsubscribed');
    for (let i = 30; i < 45; i++) lines.push(`fresh.${i}@example.org,,pending`);
    const file = join(tmpDir(), 'late-existing.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const [onSqlite, onPostgres] = await importBoth(file, [10, 10]);
    expect(onPostgres).toEqual(onSqlite);
    expect(onSqlite!.summary).toMatchObject({ imported: 45, updated: 1 });
    expect(onSqlite!.problems.map((p) => p.line)).toEqual([33]);
    expect(await everything(postgres.store)).toEqual(await everything(sqlite.store));
  });
});
