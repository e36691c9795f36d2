// CSV import of subscribers: streams the file line by line (csv-records.ts, so
// memory stays flat however long it is and a bad line costs one report), checks
// every record, and upserts in batched transactions.
// A bad line is reported with its number and skipped; the rest goes in.
// Columns are found by name: `email` (required), `name`, `status`, and the
// reader's preferences `timezone`, `hour`, `frequency`, `topics` (optional).
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GazetteError } from '../errors.js';
import { checkAddress } from './address.js';
import { csvRecordChunks } from './csv-records.js';
import { unquoteFormula } from './export-csv.js';
import { parseFrequency, parseHour, parseTimezone, parseTopics, type Parsed as ParsedValue, type Preferences } from './preferences.js';
import { STATUSES, type SubscriberStore, type UpsertRow } from './store.js';
import type { Subscriber, SubscriberStatus } from './types.js';

export type ImportProblemKind = 'invalid' | 'duplicate' | 'refused';

/** One line that was not stored as asked, and why. */
export interface ImportProblem {
  line: number;
  kind: ImportProblemKind;
  /** The address as written in the file (may contain anything: print it escaped). */
  email: string;
  message: string;
}

export interface ImportSummary {
  /** Data lines read (the header not counted). */
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  invalid: number;
  refused: number;
  /** Of `imported`, how many are pending (they get no issue until they confirm). */
  pending: number;
}

export interface ImportOptions {
  /** Called for each problem line, in line order within each batch. */
  onProblem?: (problem: ImportProblem) => void;
  /** Called for each subscriber the import created (e.g. to mail the pending ones a confirmation link afterwards). */
  onCreated?: (subscriber: Subscriber) => void;
  /** Recorded in each subscriber's history, e.g. "imported from list.csv". */
  reason: string;
  /** Rows per transaction (default: what the store handles best). */
  batchSize?: number;
  /** Status of rows whose `status` cell is empty or missing. */
  defaultStatus?: SubscriberStatus;
  /** Called with the topics of each line that sets them (e.g. to note topics that are not sections). */
  onTopics?: (line: number, topics: readonly string[]) => void;
}

const MAX_NAME = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

interface Parsed {
  fields: string[];
  line: number;
}

/** Where each known column is in the file (-1: absent). */
interface Columns {
  email: number;
  name: number;
  status: number;
  /** The optional preference columns present. */
  preferences: { column: PreferenceColumn; index: number }[];
}

// The optional preference columns (issue 13). An empty cell leaves the stored
// value as it is (a new subscriber gets the default), so a file of names and
// statuses never resets what readers chose on the preferences page.
const PREFERENCE_COLUMNS = ['timezone', 'hour', 'frequency', 'topics'] as const;
type PreferenceColumn = (typeof PREFERENCE_COLUMNS)[number];

/** Parses one preference cell into `into`; the error when the value is bad. */
function readPreference(into: Partial<Preferences>, column: PreferenceColumn, cell: string): string | null {
  // A plain switch, not a table of closures: this runs for every cell of a long file.
  let parsed: ParsedValue<unknown>;
  switch (column) {
    case 'timezone': parsed = parseTimezone(cell); if (parsed.ok) into.timezone = parsed.value as string | null; break;
    case 'hour': parsed = parseHour(cell); if (parsed.ok) into.hour = parsed.value as number | null; break;
    case 'frequency': parsed = parseFrequency(cell); if (parsed.ok) into.frequency = parsed.value as Preferences['frequency']; break;
    case 'topics': parsed = parseTopics(cell); if (parsed.ok) into.topics = parsed.value as string[]; break;
  }
  return parsed.ok ? null : parsed.error;
}

/** Imports subscribers from CSV text on `input` into `store`; resolves to the counts. */
export async function importSubscribersCsv(store: SubscriberStore, input: Readable, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { rows: 0, imported: 0, updated: 0, unchanged: 0, duplicates: 0, invalid: 0, refused: 0, pending: 0 };
  const batchSize = options.batchSize ?? store.batchSize ?? 1000;
  const runId = randomUUID();
  let problems: ImportProblem[] = [];
  /** A line that could not be read or checked; reported with the batch it was read before. */
  const report = (p: ImportProblem) => {
    summary.invalid += 1;
    problems.push(p);
  };

  let columns: Columns | null = null;
  let batch: UpsertRow[] = [];
  let committedThrough = 0;
  // The batch the store is working on. The next one is read meanwhile (on
  // PostgreSQL the server works while this process parses), but handed to the
  // store only once this one is committed and reported, so batches still
  // commit one after another, in file order, as on SQLite.
  let inFlight: Promise<void> = Promise.resolve();

  /** Stores one batch and reports its lines (with the bad lines read before it), in line order. */
  const store1 = async (rows: UpsertRow[], batchProblems: ImportProblem[]) => {
    if (rows.length > 0) {
      let outcomes;
      try {
        outcomes = await store.upsertMany(rows, { source: 'import', reason: options.reason, runId });
      } catch (err) {
        // The batch's transaction rolled back; the batches before it stay. Say
        // exactly that, so nobody takes a part-import for a whole one.
        const committed = summary.imported + summary.updated + summary.unchanged;
        const from = rows[0]?.line ?? 0;
        throw new GazetteError('DATABASE', `The import stopped at line ${from}: the database could not store more (${(err as Error).message}). `
          + `${committed} row${committed === 1 ? ' was' : 's were'} committed (${summary.imported} new, ${summary.updated} updated, ${summary.unchanged} unchanged${committedThrough ? `, lines up to ${committedThrough}` : ''}); `
          + `line ${from} and every line after it were NOT imported. Free some space (or fix the database), then run the same import again: lines already imported are left as they are.`, { cause: err });
      }
      committedThrough = rows.at(-1)?.line ?? committedThrough;
      const problem = (p: ImportProblem) => {
        summary[p.kind === 'duplicate' ? 'duplicates' : 'refused'] += 1;
        batchProblems.push(p);
      };
      outcomes.forEach((outcome, i) => {
        const row = rows[i]!;
        const line = row.line ?? 0;
        switch (outcome.kind) {
          case 'created':
            summary.imported += 1;
            if (outcome.subscriber.status === 'pending') summary.pending += 1;
            options.onCreated?.(outcome.subscriber);
            break;
          case 'updated': summary.updated += 1; break;
          case 'unchanged': summary.unchanged += 1; break;
          case 'duplicate':
            problem({ line, kind: 'duplicate', email: row.email, message: outcome.applied
              ? `duplicate of line ${outcome.firstLine}; its status ${outcome.applied} was applied (a departure always wins), the rest of the line ignored`
              : `duplicate of line ${outcome.firstLine}; this line was ignored` });
            break;
          case 'refused':
            problem({ line, kind: 'refused', email: row.email, message: `${outcome.subscriber.status} since ${outcome.since}; an import never re-subscribes an address that left the list` });
            break;
        }
      });
    }
    batchProblems.sort((a, b) => a.line - b.line);
    for (const p of batchProblems) options.onProblem?.(p);
  };

  /** Waits for the batch in the store, then hands it the next one without waiting for that. */
  const flush = async () => {
    await inFlight;
    const rows = batch;
    const batchProblems = problems;
    batch = [];
    problems = [];
    inFlight = store1(rows, batchProblems);
    // Awaited at the next flush or at the end; this only keeps Node from calling it unhandled meanwhile.
    inFlight.catch(() => {});
  };

  try {
    for await (const records of csvRecordChunks(input)) {
      for (const record of records) {
        if ('problem' in record) {
          if (columns) summary.rows += 1;
          report({ line: record.line, kind: 'invalid', email: '', message: record.problem });
          continue;
        }
        if (!columns) {
          columns = headerColumns(record.fields);
          continue;
        }
        summary.rows += 1;
        const row = checkRow(record, columns, options.defaultStatus ?? 'pending');
        if ('problem' in row) report(row.problem);
        else {
          batch.push(row);
          if (row.preferences?.topics?.length) options.onTopics?.(row.line ?? 0, row.preferences.topics);
        }
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    await inFlight;
  } catch (err) {
    if (err instanceof GazetteError) throw err;
    throw new GazetteError('INPUT', `Cannot read the CSV: ${(err as Error).message}`, { cause: err });
  } finally {
    // Stops reading early on a bad header; harmless once the input has ended.
    input.destroy();
    // A batch still in the store when reading failed finishes before the caller closes the database.
    await inFlight.catch(() => {});
  }
  if (!columns) throw new GazetteError('INPUT', 'The CSV is empty; it needs a header row with an `email` column (and optionally `name`, `status`, `timezone`, `hour`, `frequency` and `topics`).');
  return summary;
}

/** Column positions from the header row; fails when there is no `email` column. */
function headerColumns(fields: string[]): Columns {
  const names = fields.map((f) => f.trim().toLowerCase());
  const email = names.indexOf('email');
  if (email < 0) {
    throw new GazetteError('INPUT', `The CSV's first line must be a header row with an \`email\` column (and optionally \`name\`, \`status\`, \`timezone\`, \`hour\`, \`frequency\` and \`topics\`); found: ${fields.map((f) => JSON.stringify(f)).join(', ')}.`);
  }
  const preferences = PREFERENCE_COLUMNS.map((column) => ({ column, index: names.indexOf(column) })).filter((c) => c.index >= 0);
  return { email, name: names.indexOf('name'), status: names.indexOf('status'), preferences };
}

/** One data line as a row to upsert, or the problem with it. */
function checkRow(record: Parsed, columns: Columns, defaultStatus: SubscriberStatus): UpsertRow | { problem: ImportProblem } {
  const { fields, line } = record;
  const rawEmail = unquoteFormula(fields[columns.email] ?? '');
  const invalid = (message: string) => ({ problem: { line, kind: 'invalid' as const, email: rawEmail, message } });
  const address = checkAddress(rawEmail);
  if (!address.ok) return invalid(`address ${JSON.stringify(rawEmail)} ${address.reason}`);
  const name = columns.name >= 0 ? unquoteFormula((fields[columns.name] ?? '').trim()) : '';
  if (CONTROL.test(name)) return invalid('the name contains a line break or another control character');
  if (name.length > MAX_NAME) return invalid(`the name is longer than ${MAX_NAME} characters`);
  const rawStatus = columns.status >= 0 ? (fields[columns.status] ?? '').trim().toLowerCase() : '';
  const status = rawStatus === '' ? defaultStatus : (rawStatus as SubscriberStatus);
  if (!STATUSES.includes(status)) {
    return invalid(`status ${JSON.stringify(rawStatus)} is not one of ${STATUSES.join(', ')} (or empty for ${defaultStatus})`);
  }
  // A bad preference skips the whole line, as a bad status does: half a row
  // applied would leave the operator to find out which half.
  let preferences: Partial<Preferences> | undefined;
  for (const c of columns.preferences) {
    const cell = unquoteFormula((fields[c.index] ?? '').trim());
    if (cell === '') continue;
    preferences ??= {};
    const error = readPreference(preferences, c.column, cell);
    if (error) return invalid(`${c.column} ${error}; the line was skipped`);
  }
  return { email: address.email, name: name || null, status, line, preferences };
}
