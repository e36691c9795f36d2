// Sentence segmentation, written by hand rather than with Intl.Segmenter or an
// npm splitter: Intl.Segmenter follows UAX #29, which keeps "missiles.The"
// together (rule SB7) and breaks after "Mr.", so it would need repair passes
// both ways, and it slows sharply on long input; the npm splitters we looked
// at miss glued sentences ("last year!This") as well. The rules below are one
// linear pass per paragraph: a candidate boundary is a run of . ! ? or …
// (plus closing quotes or brackets); the word before it and the word after it
// decide. Every sentence is an exact slice of its paragraph.
import { BEFORE_NUMBER, CALENDAR, MAYBE_FINAL, NEVER_FINAL, SENTENCE_OPENERS } from './abbreviations.js';

const TERMINATOR = /[.!?…]+["'”’»)\]]*/gu;
const CLOSERS = /["'”’»)\]]+$/u;
const OPENING = /^["'“‘«([]+/u;

/** Splits text into sentences, paragraph by paragraph; a line break always ends a sentence. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of splitParagraphs(text)) sentences.push(...splitParagraph(paragraph));
  return sentences;
}

/** The text's paragraphs (one per line), whitespace collapsed, empty ones dropped. */
export function splitParagraphs(text: string): string[] {
  return text.split(/\r\n?|\n/).map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Splits one paragraph (a single line, whitespace collapsed) into sentences. */
export function splitParagraph(line: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const m of line.matchAll(TERMINATOR)) {
    const end = m.index + m[0].length;
    if (end >= line.length) break;
    const term = m[0].replace(CLOSERS, '');
    const closers = m[0].slice(term.length);
    const gap = line[end] === ' ';
    const next = line.slice(gap ? end + 1 : end, end + 40);
    const before = line.slice(Math.max(start, m.index - 40), m.index);
    if (!isBoundary(before, term, closers, next, gap)) continue;
    const piece = line.slice(start, end).trim();
    // "2." or "1)" opening a paragraph is a list number, not a sentence.
    if (!/\p{L}/u.test(piece)) continue;
    sentences.push(piece);
    start = gap ? end + 1 : end;
  }
  const rest = line.slice(start).trim();
  if (rest && (/\p{L}/u.test(rest) || sentences.length === 0)) sentences.push(rest);
  else if (rest) sentences[sentences.length - 1] += ' ' + rest;
  return sentences;
}

function isBoundary(before: string, term: string, closers: string, next: string, gap: boolean): boolean {
  const head = next.replace(OPENING, '');
  const first = head.charAt(0);
  if (first === '' || /\p{Ll}/u.test(first)) return false; // "he asked", "e.g. the", "million. in"
  if (!gap) return isGluedBoundary(before, term, closers, next);
  if (term !== '.') return true; // ! ? … ?! ... before a capital
  if (closers !== '') return true; // `"We won." Then`
  const word = lastWord(before);
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  if (/^\d/.test(head) && BEFORE_NUMBER.has(lower)) return false;
  // "in 5 min. 48.3 sec.": a number, a short unit, a full stop, then a number
  // again is one measure in parts, whatever the unit.
  if (/^\d/.test(head) && /^\p{Ll}{1,4}$/u.test(word) && /\d\s+\S+$/.test(before)) return false;
  const ambiguous =
    /^\p{Lu}$/u.test(word) || // an initial: "J. R. R. Tolkien"
    /^(\p{L}\.)+\p{L}$/u.test(word) || // "U.S", "a.m"
    MAYBE_FINAL.has(lower) ||
    (CALENDAR.has(lower) && /^\p{Lu}/u.test(word));
  return ambiguous ? opensSentence(next) : true;
}

/** A terminator with no space after it: "last year!This", "euros).Kim", "missiles.The". */
function isGluedBoundary(before: string, term: string, closers: string, next: string): boolean {
  if (!/^["“‘«(]?\p{Lu}\p{Ll}/u.test(next)) return false; // "U.S", "3.5", "ASP.NET"
  if (term.includes('!') || term.includes('?') || closers !== '') return true;
  if (/[)\]"”’]$/u.test(before)) return true;
  const word = lastWord(before);
  if (/[/@:.]/.test(word)) return false; // URLs, e-mail addresses, dotted names
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower) || MAYBE_FINAL.has(lower) || CALENDAR.has(lower)) return false;
  return /(\p{Ll}{2}|\d%?)$/u.test(word);
}

/** True when `next` starts like a new sentence: an opening quote, or a usual opener that is not an initial. */
function opensSentence(next: string): boolean {
  if (/^["“‘«]/u.test(next)) return true;
  const m = /^([\p{L}\p{N}'’-]+)(\.)?/u.exec(next);
  if (!m) return true;
  if (m[2] && m[1]!.length === 1) return false; // "J. A. Smith": another initial
  return SENTENCE_OPENERS.has(m[1]!.toLowerCase());
}

/** The last word before a full stop, without leading quotes or brackets. */
function lastWord(before: string): string {
  const i = before.lastIndexOf(' ');
  return before.slice(i + 1).replace(OPENING, '');
}
