// Page furniture out of scraped text. Each line is judged by the rules in
// rules.ts and by its place: a repeated headline only counts near the top, a
// comment section runs from its marker to the end, a call-to-action paragraph
// is one that mostly speaks to the reader, and a short fragment wedged between
// furniture is furniture too (a sidebar link, the blog's name).
//
// Every removal is booked under the rule that made it, and no rule may take
// most of an article: a rule that would remove more than half of its words,
// or leave nothing at all, is switched off for that article and the marking
// runs again without it. A preformatted block (one line holding PRE_BREAK
// characters) is never judged line by line.
import { comparableWords, fixGluedSentences, PRE_BREAK } from './normalize.js';
import { removeGluedCredits, removeTrailingSources } from './inline.js';
import {
  commentMarker, endsLikeSentence, isCallToAction, isCommentForm, isCounter, isCourtesy, isCreditLine, isHashtagLine,
  isPageLabel, isPhotoCredit, isSeparatorTrail, isShareLine, isSpamNotice,
} from './rules.js';

/** The names under which removals are counted (in `articles --json` and the preview). */
export type RuleName =
  | 'counter' | 'hashtags' | 'breadcrumb' | 'share-row' | 'comment-form' | 'spam-notice' | 'page-label' | 'photo-credit'
  | 'call-to-action' | 'headline-again' | 'repeated-line' | 'comment-section' | 'orphan' | 'glued-credit' | 'trailing-sources';

/** What each rule removed from one article: lines or phrases, counted. */
export type Removed = Partial<Record<RuleName | 'site-suffix' | 'site-boilerplate', number>>;

interface Line {
  text: string;
  /** A blank line came before it: it starts a paragraph for sure. */
  breakBefore: boolean;
  /** The rule that marks it as furniture, or null. */
  rule: RuleName | null;
  /** A preformatted block: kept whole, whatever it looks like. */
  pre: boolean;
}

/** Past this share of an article's words a rule is taking content, not furniture. */
const MOST = 0.5;

/** How many lines at the top may hold a breadcrumb or the headline again. */
const TOP = 6;

const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const same = (a: string, b: string): boolean => {
  const x = comparableWords(a).join(' ');
  return x !== '' && x === comparableWords(b).join(' ');
};

/**
 * The navigation trail in front of a headline ("Home World" in "Home World
 * North Korea: Dictator … coal,..."), when `line` is that trail followed by
 * the headline or its truncated start; else null.
 */
export function trailBefore(line: string, headline: string): string | null {
  const stem = line.replace(/\s*[,;:–-]?\s*(\.{3}|…)\s*$/, '');
  const truncated = stem !== line;
  const head = headline.toLowerCase();
  for (let k = stem.indexOf(' '), n = 1; k > 0 && n <= 6; k = stem.indexOf(' ', k + 1), n++) {
    const rest = stem.slice(k + 1).toLowerCase();
    if (rest.length < 12 || !(truncated ? head.startsWith(rest) : head === rest)) continue;
    const trail = stem.slice(0, k).trim();
    // Capitalised names and separators; a word ending in ":" is a kicker ("The Project: Better Journalism"), not a trail.
    if (trail.split(/\s+/).every((w) => /^(\p{Lu}[^:]*|[›»>|/·•-])$/u.test(w))) return trail;
  }
  return null;
}

/**
 * Whether line i is the second of exactly two identical short unpunctuated
 * lines: a caption or heading that the page shows twice. A run of three or
 * more ("la" / "la" / "la" in a lyric, a chant) is the text itself, and so is
 * a repeated sentence or a one- or two-word line.
 */
function isPairedCopy(lines: readonly Line[], i: number): boolean {
  const line = lines[i]!;
  const n = wordCount(line.text);
  if (i < 1 || endsLikeSentence(line.text) || n < 3 || n > 15 || !same(line.text, lines[i - 1]!.text)) return false;
  const outside = [lines[i - 2], lines[i + 1]];
  return outside.every((l) => !l || !same(l.text, line.text));
}

/** The share of a line's words that the title holds too. */
function titleShare(line: string, title: string): number {
  const words = comparableWords(line);
  const inTitle = new Set(comparableWords(title));
  return words.length ? words.filter((w) => inTitle.has(w)).length / words.length : 0;
}

/** A headline's word string, and those of its sides around a site separator ("Headline | Site"). */
function headlineForms(headline: string): string[] {
  const forms = [comparableWords(headline).join(' ')];
  for (const side of headline.split(/\s+[|–—:·»-]\s+|\s+::\s+/)) {
    const w = comparableWords(side);
    if (w.length >= 3) forms.push(w.join(' '));
  }
  return forms.filter(Boolean);
}

/**
 * Whether a line is the headline again: the same words as the title (or as
 * the title without its site name, or the other way round), or its start cut
 * off with an ellipsis. A heading with other words (an H1 that differs from
 * the page's <title>) is content, and stays.
 */
function isHeadlineAgain(line: string, title: string): boolean {
  // A sentence used as the title (a feed item without a headline) is still the article's first sentence.
  if (same(line, title)) return !endsLikeSentence(line) || wordCount(line) <= 20;
  if (endsLikeSentence(line) && !/[?!…]$/.test(line)) return false;
  const titleForms = headlineForms(title);
  const lineForms = headlineForms(line);
  if (lineForms.some((f) => titleForms.includes(f))) return true;
  const cut = /(\.{3}|…)$/.test(line) ? comparableWords(line.replace(/(\.{3}|…)$/, '')).join(' ') : '';
  // An article without a title (a feed item, a pasted text) has no headline to repeat.
  return cut.split(' ').length >= 3 && titleForms.length > 0 && titleForms[0]!.startsWith(cut);
}

function splitSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?…]["”’)]?)\s+(?=["“‘(]?[\p{Lu}\d])/u).filter(Boolean);
}

/** A paragraph that mostly asks the reader to subscribe, follow, share or donate. */
function isCallToActionParagraph(paragraph: string): boolean {
  const sentences = splitSentences(paragraph);
  const counted = sentences.filter((s) => !isCourtesy(s));
  const calls = counted.filter(isCallToAction).length;
  return calls > 0 && calls * 2 >= counted.length;
}

/** The rule by which a line is furniture on its own, whatever surrounds it; null when none. */
function furnitureRule(text: string): RuleName | null {
  if (isCounter(text)) return 'counter';
  if (isHashtagLine(text)) return 'hashtags';
  if (isSeparatorTrail(text)) return 'breadcrumb';
  if (isShareLine(text)) return 'share-row';
  if (isCommentForm(text)) return 'comment-form';
  if (isSpamNotice(text)) return 'spam-notice';
  if (isPageLabel(text)) return 'page-label';
  if (isPhotoCredit(text)) return 'photo-credit';
  if (isCallToActionParagraph(text)) return 'call-to-action';
  return null;
}

/**
 * Picks the real headline when the given title is a breadcrumb: a trail in
 * front of the (truncated) headline, or a trail alone ("Home › Science"),
 * in which case the first headline-like line below it is the headline.
 */
function repairTitle(title: string, lines: readonly Line[]): string {
  const top = lines.slice(0, TOP);
  for (const line of top) {
    if (line.text !== title && trailBefore(title, line.text) !== null) return line.text;
  }
  if (isSeparatorTrail(title)) {
    const headline = top.find((l) => !l.pre && furnitureRule(l.text) === null && !endsLikeSentence(l.text) && wordCount(l.text) >= 3);
    if (headline) return headline.text;
  }
  return title;
}

function toLines(lines: readonly string[]): Line[] {
  const out: Line[] = [];
  let blank = true;
  for (const text of lines) {
    if (text === '') {
      blank = true;
      continue;
    }
    const pre = text.includes(PRE_BREAK);
    out.push({ text: pre ? text : fixGluedSentences(text), breakBefore: blank, rule: null, pre });
    blank = false;
  }
  return out;
}

function markLines(lines: Line[], title: string, off: ReadonlySet<RuleName>): void {
  const on = (rule: RuleName | null): RuleName | null => (rule && !off.has(rule) ? rule : null);
  let bodySeen = false;
  lines.forEach((line, i) => {
    if (line.pre) return;
    const near = i < TOP && !bodySeen;
    const previous = lines[i - 1];
    line.rule = on(furnitureRule(line.text));
    if (!line.rule && near && trailBefore(line.text, title) !== null) line.rule = on('breadcrumb');
    if (!line.rule && (near ? isHeadlineAgain(line.text, title) : same(line.text, title) && (!endsLikeSentence(line.text) || wordCount(line.text) <= 20))) line.rule = on('headline-again');
    // A short unpunctuated line twice in a row (a caption or heading shown twice): one copy goes. Sentences
    // repeated on purpose (a refrain, a quoted chant) stay.
    if (!line.rule && previous && !previous.pre && isPairedCopy(lines, i)) {
      // At the top, before the article, a line shown twice that shares words with the title is the
      // headline in two page slots (the H1 and a teaser): both go. Anywhere else one copy stays.
      if (near && titleShare(line.text, title) >= 1 / 3 && on('headline-again')) line.rule = previous.rule = 'headline-again';
      else line.rule = on('repeated-line');
    }
    if (!line.rule && isCreditLine(line.text) && [previous, lines[i + 1]].some((l) => l && (l.rule === 'photo-credit' || (l !== previous && isPhotoCredit(l.text))))) line.rule = on('photo-credit');
    if (!line.rule && endsLikeSentence(line.text) && wordCount(line.text) >= 12) bodySeen = true;
  });
}

/**
 * From a comment marker after the article to the end: the comment thread, its
 * form and its fine print. A weak marker ("Comments" alone) only counts when
 * comment furniture (a form, a spam notice, another marker) follows it.
 */
function markCommentSection(lines: Line[], off: ReadonlySet<RuleName>): void {
  if (off.has('comment-section')) return;
  let bodyWords = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = line.pre ? null : commentMarker(line.text);
    const confirmed = marker === 'strong' || (marker === 'weak' && lines.slice(i + 1).some((l) => commentMarker(l.text) || isCommentForm(l.text) || isSpamNotice(l.text)));
    if (confirmed && bodyWords >= 20) {
      for (let j = i; j < lines.length; j++) lines[j]!.rule ??= 'comment-section';
      return;
    }
    if (confirmed) line.rule ??= 'comment-section';
    else if (!line.rule) bodyWords += wordCount(line.text);
  }
}

/** A short unpunctuated fragment with furniture before it and furniture (or the end) after it. */
function markOrphans(lines: Line[], off: ReadonlySet<RuleName>): void {
  if (off.has('orphan')) return;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.rule || line.pre || endsLikeSentence(line.text) || wordCount(line.text) > 8) continue;
      const next = lines[i + 1];
      if (lines[i - 1]!.rule && (!next || next.rule)) {
        line.rule = 'orphan';
        changed = true;
      }
    }
  }
}

/**
 * Joins the kept lines into paragraphs: a blank line always separates; a
 * single line break separates too, unless the line was hard-wrapped (it does
 * not end a sentence and the next one starts in lower case). Furniture glued
 * inside a paragraph goes here, booked in `removed`.
 */
function toParagraphs(lines: readonly Line[], off: ReadonlySet<RuleName>, removed: Map<RuleName, { count: number; words: number }>): string[] {
  const paragraphs: string[] = [];
  let previous: Line | null = null;
  const inline = (rule: RuleName, fn: (s: string) => string, text: string): string => {
    if (off.has(rule)) return text;
    const out = fn(text);
    if (out !== text) book(removed, rule, wordCount(text) - wordCount(out));
    return out;
  };
  for (const line of lines) {
    if (line.rule) {
      book(removed, line.rule, wordCount(line.text));
      previous = null;
      continue;
    }
    if (line.pre) {
      paragraphs.push(line.text.replaceAll(PRE_BREAK, '\n'));
      previous = null;
      continue;
    }
    const text = inline('trailing-sources', removeTrailingSources, inline('glued-credit', removeGluedCredits, line.text));
    if (text === '') continue;
    const wrapped = previous && !line.breakBefore && !endsLikeSentence(previous.text) && /^\p{Ll}/u.test(text);
    if (wrapped) paragraphs[paragraphs.length - 1] += ` ${text}`;
    else paragraphs.push(text);
    previous = line;
  }
  return paragraphs;
}

function book(removed: Map<RuleName, { count: number; words: number }>, rule: RuleName, words: number): void {
  const r = removed.get(rule) ?? { count: 0, words: 0 };
  removed.set(rule, { count: r.count + 1, words: r.words + words });
}

export interface Stripped {
  title: string;
  paragraphs: string[];
  /** What each rule removed (lines or phrases). */
  removed: Removed;
  /** Rules that would have taken most of the article, and so were not applied. */
  heldBack: RuleName[];
}

/** Removes page furniture from normalised lines; returns the repaired headline, the paragraphs left and what went. */
export function stripFurniture(title: string, rawLines: readonly string[]): Stripped {
  const total = wordCount(rawLines.join(' '));
  const off = new Set<RuleName>();
  for (;;) {
    const lines = toLines(rawLines);
    const headline = off.has('breadcrumb') ? title : repairTitle(title, lines);
    markLines(lines, headline, off);
    markCommentSection(lines, off);
    markOrphans(lines, off);
    const removed = new Map<RuleName, { count: number; words: number }>();
    const paragraphs = toParagraphs(lines, off, removed);
    // The rule that took the most words, if it took most of the article or everything that was left.
    const [worst] = [...removed].sort((a, b) => b[1].words - a[1].words);
    const tooMuch = worst && (worst[1].words > total * MOST || (paragraphs.length === 0 && total > 0));
    if (tooMuch && !off.has(worst[0])) {
      off.add(worst[0]);
      continue;
    }
    return { title: headline, paragraphs, removed: Object.fromEntries([...removed].map(([k, v]) => [k, v.count])), heldBack: [...off] };
  }
}
