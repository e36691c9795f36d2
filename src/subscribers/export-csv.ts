// CSV export of the list (email, name, status and the reader's preferences),
// read back as-is by the import.
// Quoting is hand-written: it is the three RFC 4180 rules, and csv-stringify
// is not otherwise needed.
import type { SubscriberStore } from './store.js';
import type { SubscriberStatus } from './types.js';
import type { Preferences } from './preferences.js';

const PAGE = 1000;

/** The export's columns, in order; the import reads each of them (only email is required). */
export const CSV_COLUMNS = ['email', 'name', 'status', 'timezone', 'hour', 'frequency', 'topics'] as const;

// A spreadsheet runs a cell starting with one of these as a formula
// (=HYPERLINK(…), +cmd|…, @SUM…); tab and CR start one in some too.
// A value that already starts with quotes before one of them gets one more, so
// the import can always take exactly one off and read back what was stored.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * One CSV field: a leading formula character is defused with a quote (the
 * OWASP advice: shown as text, not run), then the field is quoted when it holds
 * a comma, a quote or a line break.
 */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Undoes csvField's defusing quote, so an export reads back as it was. */
export function unquoteFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

/** The preference columns as the import reads them; an unset value is an empty cell (which the import leaves unset). */
function preferenceFields(p: Preferences): string {
  return [p.timezone ?? '', p.hour === null ? '' : String(p.hour), p.frequency, p.topics.join(';')].map(csvField).join(',');
}

/**
 * Writes every subscriber (or those of `status`) to `write`, a page at a time;
 * departed addresses are included, so a re-import keeps them suppressed.
 * Resolves to the number of rows.
 */
export async function exportSubscribersCsv(store: SubscriberStore, write: (chunk: string) => void | Promise<void>, status?: SubscriberStatus): Promise<number> {
  await write(`${CSV_COLUMNS.join(',')}\n`);
  let rows = 0;
  for (let afterId = 0; ;) {
    const page = await store.list({ afterId, limit: PAGE, status });
    if (page.length === 0) return rows;
    await write(page.map((s) => `${csvField(s.email)},${csvField(s.name ?? '')},${s.status},${preferenceFields(s.preferences)}\n`).join(''));
    rows += page.length;
    afterId = page.at(-1)!.id;
  }
}
