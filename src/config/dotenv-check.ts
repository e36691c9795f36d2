// Names in `.env` that look like Gazette's but are not settings: a misspelt
// GAZETE_TZ is otherwise ignored without a word, and the default used instead.
// Only `.env` is looked at: the process environment holds the whole system's
// variables, most of them nobody's typo.
import { settings } from './schema.js';
import type { Env } from './load.js';

// Read outside the settings table (bin/gazette.js, the test setup).
const ALSO_READ = ['GAZETTE_FROM_SOURCE', 'GAZETTE_TEST_PG_URL'];
const KNOWN = [...Object.values(settings).map((s) => s.env), ...ALSO_READ];

/** One warning line per `.env` name that is GAZETTE_* or close to a setting's name yet unknown. */
export function unknownDotEnvNames(dotEnv: Env): string[] {
  const lines: string[] = [];
  for (const name of Object.keys(dotEnv)) {
    if (KNOWN.includes(name)) continue;
    const upper = name.toUpperCase();
    const near = KNOWN.map((known) => ({ known, d: distance(upper, known) }))
      // Two edits on a short name reach unrelated words (HOST is two from PORT): one then.
      .filter(({ known, d }) => d <= (known.length < 6 ? 1 : 2))
      .sort((a, b) => a.d - b.d)[0];
    if (!near && !upper.startsWith('GAZETTE_')) continue;
    lines.push(`.env sets ${name}, which is not a Gazette setting, so it is ignored${near ? `; did you mean ${near.known}?` : ' (the settings are listed in .env.example)'}`);
  }
  return lines;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
