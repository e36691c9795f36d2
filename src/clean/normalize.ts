// Text normalisation: Unicode NFC, one kind of space and line break, and
// sentences that scraping glued together put apart again.

import { PRE_BREAK } from '../gather/html.js';

export { PRE_BREAK };

/** Characters that take space or break words but show nothing: zero-width marks, soft hyphens, BOM. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** NFC, Unix line ends, every kind of space as a plain space, no invisible characters, trimmed lines. */
export function normalizeLines(raw: string): string[] {
  return raw
    .normalize('NFC')
    .replace(/\r\n?|[\u2029\u0085]/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/[\t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .split('\n')
    .map((l) => (l.includes(PRE_BREAK) ? l.replace(/^[ \u2028]+|[ \u2028]+$/g, '') : l.replace(/ {2,}/g, ' ').trim()));
}

/**
 * Puts a space back after a sentence end glued to the next sentence
 * ("last year!This", "euros).Kim"). Only after a lower-case letter, digit,
 * closing bracket or quote, and before a capitalised word, so "U.S." and "3.5" stay whole.
 */
export function fixGluedSentences(text: string): string {
  return text.replace(/([\p{Ll}\d)\]%"”’])([.!?]["”’]?)(["“‘]?\p{Lu}\p{Ll})/gu, '$1$2 $3');
}

/** A headline on one line: NFC, single spaces. */
export function normalizeTitle(title: string): string {
  return normalizeLines(title.replaceAll(PRE_BREAK, ' ')).filter(Boolean).join(' ');
}

/** Words of a line for comparisons: lower case, letters and digits only, plural `s` dropped. */
export function comparableWords(line: string): string[] {
  return (line.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => (w.length > 4 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}
