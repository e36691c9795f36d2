// `npm run bench` (via bench/index.ts) or `node --import tsx bench/import.ts`:
// the subscriber CSV import on a generated 100,000-row file (1% invalid lines,
// some duplicates) into a fresh SQLite file, printing rows per second and the
// peak RSS while it ran.
//
// Baseline, measured in the same run: the same importer committing every row
// in its own transaction (what a naive importer does), on a 10,000-row slice.
// For scale, listmonk's importer is documented at about 10,000 rows a second.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/clock.js';
import { openSqlite } from '../src/store/sqlite.js';
import { importSubscribersCsv, type ImportProblem, type ImportSummary } from '../src/subscribers/import-csv.js';
import { createSqliteSubscriberStore } from '../src/subscribers/sqlite-store.js';

export const LISTMONK_ROWS_PER_SECOND = 10_000;

/** What the generated file holds: the problem expected on each bad line. */
export interface GeneratedCsv {
  rows: number;
  /** Line number -> the problem the importer must report there. */
  expected: Map<number, ImportProblem['kind']>;
  /** Distinct valid addresses: what the list holds afterwards. */
  unique: number;
}

// A few shapes of bad line, header tricks among them.
const INVALID = [
  (i: number) => `not-an-address-${i},Nobody,confirmed`,
  (i: number) => `"victim${i}@example.org\r\nBcc: everyone@example.com",Mallory,confirmed`,
  (i: number) => `"a${i}@example.org, b${i}@example.org",Two,confirmed`,
  (i: number) => `user${i}@,Half,confirmed`,
  (i: number) => `"Name <n${i}@example.org>",Display,confirmed`,
];

// With `preferences`, the good lines also set the reader's preferences (the
// optional columns), mixed as a real list would have them, some cells empty.
const ZONES = ['Europe/London', 'America/New_York', '', 'Asia/Tokyo'];
const FREQUENCIES = ['daily', '', 'weekly:mon', 'daily', 'weekly:fri'];
const TOPICS = ['', 'Science & nature', '', 'Around the harbour;Business & technology'];
const preferenceCells = (i: number) => `,${ZONES[i % 4]},${i % 3 ? i % 24 : ''},${FREQUENCIES[i % 5]},${TOPICS[i % 7 % 4]}`;

/**
 * Writes a CSV of `rows` data lines to `path`: every 100th line invalid, every
 * 250th a repeat (other case) of an address five lines up; the rest distinct.
 * With `preferences`, the file has the four preference columns too.
 */
export async function writeImportCsv(path: string, rows: number, options: { preferences?: boolean } = {}): Promise<GeneratedCsv> {
  const out = createWriteStream(path);
  const expected = new Map<number, ImportProblem['kind']>();
  const emailOf = (i: number) => `reader.${i}@example.org`;
  let unique = 0;
  const prefs = options.preferences ?? false;
  let chunk = prefs ? 'email,name,status,timezone,hour,frequency,topics\n' : 'email,name,status\n';
  // Physical line numbers: a quoted field with a line break in it spans two.
  let line = 2;
  for (let i = 0; i < rows; i++) {
    let text: string;
    if (i % 100 === 37) {
      text = INVALID[(i / 100 | 0) % INVALID.length]!(i);
      expected.set(line, 'invalid');
    } else if (i % 250 === 11 && i >= 5) {
      text = `${emailOf(i - 5).toUpperCase()},Again,confirmed`;
      expected.set(line, 'duplicate');
    } else {
      text = `${emailOf(i)},Reader ${i},${i % 3 === 0 ? '' : 'confirmed'}${prefs ? preferenceCells(i) : ''}`;
      unique += 1;
    }
    chunk += text + '\n';
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
    if (chunk.length > 64 * 1024) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { rows, expected, unique };
}

export interface ImportRun {
  summary: ImportSummary;
  problems: ImportProblem[];
  seconds: number;
  rowsPerSecond: number;
  /** Rows per second of this process's CPU time: steadier than wall time on a busy machine. */
  rowsPerCpuSecond: number;
  /** RSS just before the import, and the highest sampled while it ran, in MiB. */
  rssBeforeMiB: number;
  peakRssMiB: number;
}

/** Imports `csv` into a fresh database file at `dbFile`, timing it and sampling RSS. */
export async function timeImport(csv: string, dbFile: string, batchSize?: number): Promise<ImportRun> {
  const db = openSqlite(dbFile);
  const store = createSqliteSubscriberStore(db, systemClock);
  const problems: ImportProblem[] = [];
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    const summary = await importSubscribersCsv(store, createReadStream(csv), { reason: 'bench', batchSize, onProblem: (p) => problems.push(p) });
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { summary, problems, seconds, rowsPerSecond: summary.rows / seconds, rowsPerCpuSecond: summary.rows / cpuSeconds, rssBeforeMiB: before / 2 ** 20, peakRssMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(sampler);
    db.close();
  }
}

export interface ImportBenchResult {
  rows: number;
  rowsPerSecond: number;
  rowsPerCpuSecond: number;
  peakRssMiB: number;
  baselineRowsPerSecond: number;
  summary: ImportSummary;
}

/** Runs the bench and prints its figures; resolves to them. */
export async function runImportBench(options: { rows?: number; print?: (line: string) => void } = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? 100_000;
  const print = options.print ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'gazette-import-bench-'));
  try {
    const csv = join(dir, 'subscribers.csv');
    const generated = await writeImportCsv(csv, rows);
    const baselineCsv = join(dir, 'baseline.csv');
    await writeImportCsv(baselineCsv, Math.min(10_000, rows));

    const baseline = await timeImport(baselineCsv, join(dir, 'baseline.db'), 1);
    const run = await timeImport(csv, join(dir, 'bench.db'));
    const s = run.summary;
    print(`import: ${rows.toLocaleString('en')} rows (${generated.expected.size.toLocaleString('en')} bad lines) in ${run.seconds.toFixed(2)} s`);
    print(`  ${Math.round(run.rowsPerSecond).toLocaleString('en')} rows/s (${Math.round(run.rowsPerCpuSecond).toLocaleString('en')} per CPU-second); peak RSS ${run.peakRssMiB.toFixed(0)} MiB (${run.rssBeforeMiB.toFixed(0)} MiB before the import)`);
    print(`  stored ${s.imported.toLocaleString('en')}, reported ${s.invalid} invalid and ${s.duplicates} duplicate lines`);
    print(`  baseline, one transaction per row: ${Math.round(baseline.rowsPerSecond).toLocaleString('en')} rows/s (batched is ${(run.rowsPerSecond / baseline.rowsPerSecond).toFixed(1)}x)`);
    print(`  listmonk's importer, as documented: about ${LISTMONK_ROWS_PER_SECOND.toLocaleString('en')} rows/s (this is ${(run.rowsPerSecond / LISTMONK_ROWS_PER_SECOND).toFixed(1)}x)`);
    return { rows, rowsPerSecond: run.rowsPerSecond, rowsPerCpuSecond: run.rowsPerCpuSecond, peakRssMiB: run.peakRssMiB, baselineRowsPerSecond: baseline.rowsPerSecond, summary: s };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runImportBench();
}
