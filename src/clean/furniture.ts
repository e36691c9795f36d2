// Page furniture out of scraped text. Each line is judged by the rules in
// rules.ts and by its place: a repeated headline only counts near the top, a
// comment section runs from its marker to the end, a call-to-action paragraph
// is one that mostly speaks to the reader, and a short fragment wedged between
// furniture is furniture too (a sidebar link, the blog's name).
import { comparableWords, fixGluedSentences } from './normalize.js';
import { removeGluedCredits, removeTrailingSources } from './inline.js';
import {
  commentMarker, endsLikeSentence, isCallToAction, isCommentForm, isCounter, isCourtesy, isCreditLine, isHashtagLine,
  isPageLabel, isSeparatorTrail, isShareLine, isSpamNotice,
} from './rules.js';

interface Line {
  text: string;
  /** A blank line came before it: it starts a paragraph for sure. */
  breakBefore: boolean;
  furniture: boolean;
}

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
    if (trail.split(/\s+/).every((w) => /^(\p{Lu}|[›»>|/·•-]$)/u.test(w))) return trail;
  }
  return null;
}

/** Whether a line is the headline again (or a variant of it): mostly the headline's words, not a sentence. */
function isHeadlineAgain(line: string, title: string): boolean {
  // A sentence used as the title (a feed item without a headline) is still the article's first sentence.
  if (same(line, title)) return !endsLikeSentence(line) || wordCount(line) <= 20;
  if (endsLikeSentence(line) && !/[?!]$/.test(line)) return false;
  const words = comparableWords(line);
  if (words.length < 3 || words.length > 30) return false;
  const inTitle = new Set(comparableWords(title));
  return words.filter((w) => inTitle.has(w)).length / words.length >= 0.6;
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

/** Whether a line is furniture on its own, whatever surrounds it. */
function isFurnitureLine(text: string): boolean {
  return isCounter(text) || isHashtagLine(text) || isSeparatorTrail(text) || isShareLine(text) || isCommentForm(text) ||
    isSpamNotice(text) || isPageLabel(text) || isCreditLine(text) || isCallToActionParagraph(text);
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
    const headline = top.find((l) => !isFurnitureLine(l.text) && !endsLikeSentence(l.text) && wordCount(l.text) >= 3);
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
    out.push({ text: fixGluedSentences(text), breakBefore: blank, furniture: false });
    blank = false;
  }
  return out;
}

function markLines(lines: Line[], title: string): void {
  let bodySeen = false;
  lines.forEach((line, i) => {
    const near = i < TOP && !bodySeen;
    if (isFurnitureLine(line.text)) line.furniture = true;
    else if (near && (trailBefore(line.text, title) !== null || isHeadlineAgain(line.text, title))) line.furniture = true;
    else if (same(line.text, title) && (!endsLikeSentence(line.text) || wordCount(line.text) <= 20)) line.furniture = true;
    else if (i > 0 && same(line.text, lines[i - 1]!.text)) {
      // The same line twice in a row: a copy; near the top, a headline shown twice, so both go.
      line.furniture = true;
      if (near && !endsLikeSentence(line.text)) lines[i - 1]!.furniture = true;
    }
    if (!line.furniture && endsLikeSentence(line.text) && wordCount(line.text) >= 12) bodySeen = true;
  });
}

/**
 * From a comment marker after the article to the end: the comment thread, its
 * form and its fine print. A weak marker ("Comments" alone) only counts when
 * comment furniture (a form, a spam notice, another marker) follows it.
 */
function markCommentSection(lines: Line[]): void {
  let bodyWords = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = commentMarker(line.text);
    const confirmed = marker === 'strong' || (marker === 'weak' && lines.slice(i + 1).some((l) => commentMarker(l.text) || isCommentForm(l.text) || isSpamNotice(l.text)));
    if (confirmed && bodyWords >= 20) {
      for (let j = i; j < lines.length; j++) lines[j]!.furniture = true;
      return;
    }
    if (confirmed) line.furniture = true;
    else if (!line.furniture) bodyWords += wordCount(line.text);
  }
}

/** A short unpunctuated fragment with furniture before it and furniture (or the end) after it. */
function markOrphans(lines: Line[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.furniture || endsLikeSentence(line.text) || wordCount(line.text) > 8) continue;
      const next = lines[i + 1];
      if (lines[i - 1]!.furniture && (!next || next.furniture)) {
        line.furniture = true;
        changed = true;
      }
    }
  }
}

/**
 * Joins the kept lines into paragraphs: a blank line always separates; a
 * single line break separates too, unless the line was hard-wrapped (it does
 * not end a sentence and the next one starts in lower case).
 */
function toParagraphs(lines: readonly Line[]): string[] {
  const paragraphs: string[] = [];
  let previous: Line | null = null;
  for (const line of lines) {
    if (line.furniture) {
      previous = null;
      continue;
    }
    const text = removeTrailingSources(removeGluedCredits(line.text));
    if (text === '') continue;
    const wrapped = previous && !line.breakBefore && !endsLikeSentence(previous.text) && /^\p{Ll}/u.test(text);
    if (wrapped) paragraphs[paragraphs.length - 1] += ` ${text}`;
    else paragraphs.push(text);
    previous = line;
  }
  return paragraphs;
}

/** Removes page furniture from normalised lines; returns the repaired headline and the paragraphs left. */
export function stripFurniture(title: string, rawLines: readonly string[]): { title: string; paragraphs: string[] } {
  const lines = toLines(rawLines);
  const headline = repairTitle(title, lines);
  markLines(lines, headline);
  markCommentSection(lines);
  markOrphans(lines);
  return { title: headline, paragraphs: toParagraphs(lines) };
}
