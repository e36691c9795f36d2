// The sample subscribers of a fresh clone (content/subscribers.csv), imported
// by `npm start` so the embedded defaults have someone to deliver to. Importing
// again changes nothing, and never brings back a sample address that was
// unsubscribed meanwhile.
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { importSubscribersCsv, type ImportProblem, type ImportSummary } from './import-csv.js';
import type { SubscriberStore } from './store.js';

/** Imports the sample CSV at `path` (idempotent); null when there is no such file. */
export async function importSampleSubscribers(store: SubscriberStore, path: string, onProblem?: (problem: ImportProblem) => void): Promise<ImportSummary | null> {
  if (!existsSync(path)) return null;
  return importSubscribersCsv(store, createReadStream(path), {
    reason: `sample subscribers (${basename(path)})`,
    // The samples are meant as confirmed; a row without a status is too.
    defaultStatus: 'confirmed',
    onProblem,
  });
}
