// A story's headline: the plainest, most informative of its sources' titles.
// A reader decides from the headline whether to read on, so it should state
// the news. Titles that ask ("…?"), tease ("Here's what you need to know",
// "– Any link?"), shout (ALL CAPS, "!"), are cut off ("…") or are too short to
// say anything ("NPR Search : NPR") lose to a plain declarative report. Among
// plain titles the one that states most of what the other sources also say
// wins: it names what the story is about, not one outlet's angle on it.
import type { Article } from '../types.js';
import { termOf } from './terms.js';

const WORD = /[\p{L}\p{N}]+(?:['’.\-,][\p{L}\p{N}]+)*/gu;

/** Phrases of titles written to make a reader click rather than to tell the news. */
const TEASER =
  /\b(?:any links?|you won[’']?t believe|here[’']?s (?:why|what|how)|this is (?:why|what|how)|what (?:we|you) (?:know|need to know)|things (?:to|you need to) know|find out|the truth about|must see|in pictures|live updates|live blog)\b|^(?:\d+ (?:things|ways|reasons)|watch)\b/i;

/** A live blog's marker, in capitals ("Bitcoin Price LIVE: …"); "live" in lower case is an ordinary word. */
const LIVE = /\bLIVE\b/;

/** Section labels a title may start with that say what kind of piece it is, not what happened. */
const LABEL = /^(?:opinion|analysis|comment|editorial|explainer|quiz|podcast|live|watch|video)\s*[:|–—-]/i;

/** The separators outlets put between a headline and their own name. */
const SUFFIX = /\s+(?:[|–—-]|::|·)\s+([^|–—]+)$/u;

function words(title: string): string[] {
  return title.match(WORD) ?? [];
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The title without a trailing " | Outlet" or " – Outlet" when that suffix is
 * the outlet's own name (or its web address); any other suffix is part of the
 * headline and stays.
 */
export function stripOutletSuffix(title: string, outlet: string): string {
  const m = SUFFIX.exec(title);
  if (!m || m.index === 0) return title;
  const suffix = squash(m[1]!);
  const name = squash(outlet.replace(/^www\./i, '').replace(/\.[a-z]{2,}(?:\.[a-z]{2})?$/i, ''));
  if (suffix === '' || name === '' || !(suffix === name || suffix === squash(outlet))) return title;
  return title.slice(0, m.index).trim();
}

/**
 * A headline says its news in about six to fourteen words; a whole first
 * sentence used as a title, or a sentence and its sequel, says too much.
 * Beyond GOOD words a title loses a little per word; beyond LONG it is at fault.
 */
const GOOD = 14;
const LONG = 22;

/** Two capitalised words in a row ("RED HANDED", "HUNGER GAMES"): shouting, not an acronym. */
const SHOUTED = /\b\p{Lu}{3,}\s+\p{Lu}{3,}\b/u;

/**
 * How much a fault outweighs what a title says: any plain title beats any
 * faulted one, as a reader expects, however many facts the faulted one packs.
 */
const FAULT = 10;

/** How far a title is from a plain report: 0 for a plain one, more for each fault (a question, a teaser, shouting, cut off, too short or long). */
export function headlinePenalty(title: string): number {
  const t = title.trim();
  const w = words(t);
  let penalty = 0;
  if (/\?\s*["'’”)]?$/.test(t)) penalty += 3; // a question, not an answer
  if (TEASER.test(t) || LIVE.test(t)) penalty += 3;
  if (LABEL.test(t)) penalty += 1;
  if (t.includes('!')) penalty += 2;
  if (/(?:\.\.\.|…)\s*$/.test(t)) penalty += 2; // cut off
  const letters = t.replace(/[^\p{L}]/gu, '');
  const upper = t.replace(/[^\p{Lu}]/gu, '');
  if (letters.length >= 12 && upper.length / letters.length > 0.7) penalty += 2;
  else if (SHOUTED.test(t)) penalty += 2;
  if (w.length < 4) penalty += 2;
  else if (w.length > LONG) penalty += 1;
  // "A – B – C": several headlines strung together.
  if ((t.match(/\s[–—-]\s/g) ?? []).length >= 2) penalty += 1;
  return penalty;
}

function termsOf(text: string, limit: number): Set<string> {
  const out = new Set<string>();
  let n = 0;
  for (const m of text.matchAll(WORD)) {
    if (n++ >= limit) break;
    const t = termOf(m[0]);
    if (t) out.add(t);
  }
  return out;
}

/**
 * How much a title says that the other sources confirm: each of its terms
 * counts by the share of the other articles that carry it in their title or
 * opening; a term no other source uses (one outlet's angle, a pun) costs a
 * little. A longer title that names more of the shared facts beats a short
 * generic one; with one article there is nothing to compare and only the
 * penalties decide.
 */
function support(title: Set<string>, others: readonly Set<string>[]): number {
  if (others.length === 0) return 0;
  let sum = 0;
  for (const t of title) {
    let carried = 0;
    for (const o of others) if (o.has(t)) carried++;
    sum += carried === 0 ? -UNSUPPORTED : carried / others.length;
  }
  return sum;
}

/** What a title term that no other source uses costs, against at most 1 for a term every source uses. */
const UNSUPPORTED = 0.3;

/**
 * The headline for a story: the best title among its articles (given most
 * central first, which breaks ties), with the outlet's name suffix removed.
 */
export function chooseHeadline(articles: readonly Pick<Article, 'title' | 'text' | 'outlet'>[]): string {
  if (articles.length === 0) throw new Error('chooseHeadline needs at least one article');
  const titles = articles.map((a) => stripOutletSuffix(a.title.trim(), a.outlet));
  const openings = articles.map((a, i) => termsOf(`${titles[i]} ${a.text}`, 100));
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  titles.forEach((title, i) => {
    if (title === '') return;
    const others = openings.filter((_, j) => j !== i);
    const length = words(title).length;
    const score = support(termsOf(title, Number.POSITIVE_INFINITY), others) - Math.max(0, length - GOOD) * 0.4 - FAULT * headlinePenalty(title);
    if (score > bestScore + 1e-9) {
      best = i;
      bestScore = score;
    }
  });
  return best >= 0 ? titles[best]! : articles[0]!.title;
}
