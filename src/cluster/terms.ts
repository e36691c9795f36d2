// Turns an article into weighted terms for TF-IDF: lower-cased words without
// stopwords, a light plural fold, and extra weight for names (capitalised words
// inside a sentence), because names are what tell two similar events apart
// (two earthquakes, two celebrities in rehab).
import { STOPWORDS } from './stopwords.js';

export interface TermOptions {
  /** How many words of the body count fully (the lead carries the story; the tail drifts). */
  leadWords: number;
  /** How much a title word counts compared with a body word. */
  titleWeight: number;
  /** Extra factor for a capitalised word that does not start a sentence. */
  nameWeight: number;
  /** Weight of a body word after the lead (0: the rest of the body is not read). */
  tailWeight: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+|(?<=\d),\d{3})*/gu;

/** Folds a word to its term: lower case, possessive and simple plural removed. */
export function termOf(word: string): string | null {
  let t = word.toLowerCase();
  if (t.endsWith("'s") || t.endsWith('’s')) t = t.slice(0, -2);
  if (t.includes("'") || t.includes('’') || t.includes('.')) t = t.replace(/['’.]/g, '');
  if (t.length < 2) return null;
  if (STOPWORDS.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) t = `${t.slice(0, -3)}y`;
  else if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us') && !t.endsWith('is')) t = t.slice(0, -1);
  return t;
}

/** Whether text[from, to) holds sentence-ending punctuation or a line break. */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 10) return true; // . ! ? : \n
  }
  return false;
}

/** Whether text[from, to) holds anything but white space (punctuation breaks a name). */
function hasPunctuation(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 160) return true;
  }
  return false;
}

const UPPER = /^\p{Lu}/u;

/**
 * Adds the weighted terms of `text` into `into`: the first `maxWords` words at
 * `weight`, any after them at `weight * tailWeight` (none when it is 0); returns the words used.
 */
export function addTerms(into: Map<string, number>, text: string, weight: number, nameWeight: number, maxWords: number, tailWeight = 0, names?: Set<string>): number {
  let used = 0;
  let sentenceStart = true;
  WORD.lastIndex = 0;
  let last = 0;
  let previousName: string | null = null;
  const limit = tailWeight > 0 ? Number.POSITIVE_INFINITY : maxWords;
  for (let m = WORD.exec(text); m && used < limit; m = WORD.exec(text)) {
    if (endsSentence(text, last, m.index)) sentenceStart = true;
    if (hasPunctuation(text, last, m.index)) previousName = null;
    last = m.index + m[0].length;
    const word = m[0];
    const w = used < maxWords ? weight : weight * tailWeight;
    used++;
    const term = termOf(word);
    const first = word.charCodeAt(0);
    const capital = first >= 65 && first <= 90 ? true : first < 128 ? false : UPPER.test(word);
    const isName = capital && !sentenceStart;
    sentenceStart = false;
    if (!term) {
      previousName = null;
      continue;
    }
    into.set(term, (into.get(term) ?? 0) + w * (isName ? nameWeight : 1));
    if (isName) names?.add(term);
    // Two capitalised words in a row ("Tony Thompson") name one thing: the pair is a term too.
    if (capital && previousName) {
      const pair = `${previousName} ${term}`;
      into.set(pair, (into.get(pair) ?? 0) + w);
      names?.add(pair).add(previousName).add(term);
    }
    previousName = capital ? term : null;
  }
  return used;
}

/** The raw weighted term counts of one article: title words, the lead of the body, and the rest of the body at `tailWeight`. */
export function articleTerms(title: string, text: string, options: TermOptions, names?: Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  // A Title Case headline capitalises every word, which says nothing about names.
  const words = title.match(WORD) ?? [];
  const capitals = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  const titleCase = words.length > 3 && capitals / words.length > 0.6;
  addTerms(counts, title, options.titleWeight, titleCase ? 1 : options.nameWeight, Number.POSITIVE_INFINITY, 0, titleCase ? undefined : names);
  addTerms(counts, text, 1, options.nameWeight, options.leadWords, options.tailWeight, names);
  return counts;
}
