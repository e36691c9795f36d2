// Which sentences may appear in a summary. A summary sentence must be whole
// (a capital at the start, a terminator at the end, its quotes closed) and
// must read as prose, not page furniture: the clean stage removes most of that,
// but a summary is what subscribers read, so this stage checks again.
import type { Story } from '../types.js';
import { splitParagraphs, splitParagraph } from './sentences.js';
import { isStopword, terms, wordCount } from './text.js';
import { withoutDateline } from './dateline.js';

/** One sentence of a story, with where it came from. */
export interface Unit {
  text: string;
  /** Index of its article in the story. */
  article: number;
  /** Index among its article's sentences. */
  position: number;
  words: number;
  terms: string[];
}

/**
 * How much of an article the summarizer reads. News puts the story in its
 * first paragraphs, and the similarity graph grows with the square of the
 * sentence count, so a 2 MB transcript or a 20 MB paste would cost minutes
 * and gigabytes for nothing a summary would use: only the first
 * MAX_ARTICLE_CHARS characters are split, and of them the first
 * MAX_ARTICLE_SENTENCES sentences kept. A long feature's first 60 sentences
 * (about 1,500 words) still hold its lede and its main facts.
 */
export const MAX_ARTICLE_CHARS = 20_000;
export const MAX_ARTICLE_SENTENCES = 60;

/** Every sentence of every article of the story, in reading order, each article capped (see MAX_ARTICLE_CHARS). */
export function storyUnits(story: Story): Unit[] {
  const units: Unit[] = [];
  story.articles.forEach((article, a) => {
    let position = 0;
    for (const sentence of articleSentences(article.text)) {
      const text = position === 0 ? withoutDateline(sentence) : sentence;
      units.push({ text, article: a, position: position++, words: wordCount(text), terms: terms(text) });
    }
  });
  return units;
}


/** The article's first sentences within the caps; a sentence cut by the character cap is dropped. */
export function articleSentences(text: string): string[] {
  const long = text.length > MAX_ARTICLE_CHARS;
  const sentences: string[] = [];
  for (const paragraph of splitParagraphs(long ? text.slice(0, MAX_ARTICLE_CHARS) : text)) {
    sentences.push(...splitParagraph(paragraph));
    if (sentences.length > MAX_ARTICLE_SENTENCES) break;
  }
  if (long && sentences.length <= MAX_ARTICLE_SENTENCES) sentences.pop();
  return sentences.slice(0, MAX_ARTICLE_SENTENCES);
}

const ENDS_WHOLE = /[.!?]["'”’»)\]]*$/u;
const CUT_END = /(\.\.\.|…|\[\.\.\.\]|\[…\])["'”’»)\]]*$/u;
const URL = /(https?:\/\/|\bwww\.|\S+@\S+\.\w)/i;
const FURNITURE = new RegExp(
  [
    '\\bsubscribe\\b', '\\bnewsletter\\b', '\\blog ?in\\b', '\\bclick here\\b', '\\bread more\\b',
    '\\bfollow us\\b', '\\bshare (this|on)\\b', '\\bleave a (reply|comment)\\b', '\\benter your\\b', '\\bcookies?\\b',
    '\\bprivacy policy\\b', '\\bterms of (use|service)\\b', '\\ball rights reserved\\b', '©', '\\bakismet\\b',
    '\\bpaypal\\b', '\\bmake a donation\\b', '\\b(photo|image|picture|credit|source|video):', '\\bgetty images\\b',
    '#[\\p{L}\\d]', '\\bcomments?\\s*\\(?\\d', '\\d+\\s+comments?\\b',
  ].join('|'),
  'iu',
);

/** The sentences of the story that may stand in a summary, in reading order. */
export function candidatePool(story: Story, units: readonly Unit[] = storyUnits(story)): Unit[] {
  const titles = [story.title, ...story.articles.map((a) => a.title)];
  return units.filter((u) => isCandidate(u, titles));
}

/** Whole: starts with a capital, digit or opening quote; ends with . ! or ?; every double quote closed. */
export function isWhole(text: string): boolean {
  return /^["'“‘«(]?[\p{Lu}\p{N}]/u.test(text) && ENDS_WHOLE.test(text) && !CUT_END.test(text) && quotesBalanced(text);
}

/** True when every double quote opened in the sentence is closed in it, and none is closed without being opened. */
export function quotesBalanced(text: string): boolean {
  let curly = 0;
  for (const ch of text) {
    if (ch === '“' || ch === '«') curly++;
    else if (ch === '”' || ch === '»') {
      if (--curly < 0) return false;
    }
  }
  const straight = text.match(/"/g)?.length ?? 0;
  return curly === 0 && straight % 2 === 0;
}

/** Page furniture rather than prose: a URL, a hashtag, a subscribe/comment/share prompt, a photo credit, all capitals. */
export function isFurniture(text: string): boolean {
  if (URL.test(text) || FURNITURE.test(text)) return true;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  return letters >= 8 && capitals / letters > 0.6;
}

/**
 * Prose: enough words, mostly not capitalised (a breadcrumb or a heading is),
 * and at least one function word ("of", "the", "was"): the cheap stand-in for
 * "has a verb" that breadcrumbs, bylines and tag lists fail.
 */
export function readsAsProse(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length < 5) return false;
  const capitalised = words.filter((w) => /^["'“‘(]?\p{Lu}/u.test(w)).length;
  if (capitalised / words.length > 0.7) return false;
  return words.some((w) => isStopword(w.toLowerCase().replace(/[^\p{L}]+/gu, '')));
}

/** Longer sentences are lists or run-ons; they crowd out a short summary. */
const MAX_WORDS = 60;

/** May this sentence stand in a summary on its own? */
export function isCandidate(unit: Unit, titles: readonly string[]): boolean {
  if (unit.words > MAX_WORDS || !isWhole(unit.text) || isFurniture(unit.text) || !readsAsProse(unit.text)) return false;
  return !repeatsTitle(unit, titles);
}

/** A headline repeated in the body (scraped pages often carry it twice). */
export function repeatsTitle(unit: Unit, titles: readonly string[]): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const text = norm(unit.text);
  return titles.some((t) => norm(t) === text);
}

/**
 * The fallback for a very short text or a description-only feed item: any
 * sentence that is not furniture, has its quotes closed and is not cut off
 * ("…", "[...]"), even without a final full stop.
 */
export function isUsable(unit: Unit): boolean {
  return (
    unit.words >= 3 &&
    /^["'“‘«(]?[\p{Lu}\p{N}]/u.test(unit.text) &&
    !CUT_END.test(unit.text) &&
    quotesBalanced(unit.text) &&
    !isFurniture(unit.text)
  );
}
