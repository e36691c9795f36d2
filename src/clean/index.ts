// Stage 2: clean. Page furniture out, text normalised, URLs canonical, exact
// duplicates merged. Nothing goes silently: what each rule removed is counted
// on the article, and an article dropped (left empty, or merged into a
// duplicate) is reported with the reason.
import { articleId } from '../gather/ids.js';
import type { Article } from '../types.js';
import { removeSiteBoilerplate } from './boilerplate.js';
import { dedupeWithReport } from './dedupe.js';
import { stripFurniture, type Removed } from './furniture.js';
import { normalizeLines, normalizeTitle } from './normalize.js';
import { stripSiteName } from './title.js';
import { canonicalUrl } from './url.js';

export { canonicalUrl, isTrackingParam } from './url.js';
export { dedupeArticles } from './dedupe.js';
export type { Removed, RuleName } from './furniture.js';

/** An input or item that will not reach the issue, and why. */
export interface Dropped {
  /** The file, feed or page (and line) it came from. */
  where: string;
  reason: string;
  /** What kind of leaving out, when a caller lists one kind on its own (e.g. STORY_CUT). */
  code?: string;
}

/** A cleaned article with what cleaning removed from it, rule by rule. */
export interface CleanedArticle extends Article {
  removed: Removed;
}

/** Cleans one article: furniture removed (and counted), text and headline normalised, URL canonical (and the id with it). */
export function cleanArticle(article: Article): CleanedArticle {
  const stripped = stripFurniture(normalizeTitle(article.title), normalizeLines(article.text));
  const url = article.url ? canonicalUrl(article.url) : null;
  // The id follows the canonical URL, so the tracked and the clean link are one article.
  const id = url && url !== article.url ? articleId(url, article.source) : article.id;
  const text = stripped.paragraphs.join('\n\n');
  const named = stripped.title || normalizeTitle(article.title);
  const title = stripSiteName(named, article.outlet, url);
  const removed: Removed = { ...stripped.removed, ...(title !== named ? { 'site-suffix': 1 } : {}) };
  // An item without a headline (a feed entry with only a body) is titled by its first words, not dropped.
  return { ...article, id, url, title: title || firstWords(text, 12), text, removed };
}

export interface CleanReport {
  articles: CleanedArticle[];
  dropped: Dropped[];
}

/**
 * Cleans every article, reports those left with no text, removes the blocks
 * most pages of one site repeat, and merges exact duplicates (reporting the
 * merged ones).
 */
export function cleanWithReport(articles: readonly Article[]): CleanReport {
  const dropped: Dropped[] = [];
  const kept: CleanedArticle[] = [];
  for (const article of articles) {
    const cleaned = cleanArticle(article);
    if (cleaned.text !== '') kept.push(cleaned);
    else dropped.push({ where: article.source, reason: `"${cleaned.title || article.url || 'an untitled item'}" has no text (${article.text.trim() === '' ? 'the source gave neither a body nor a description' : 'nothing was left after cleaning'})` });
  }
  const deduped = dedupeWithReport(removeSiteBoilerplate(kept));
  for (const m of deduped.merged) dropped.push({ where: m.article.source, reason: `"${m.article.title}" has the same ${m.why} as "${m.into.title}" (${m.into.url ?? m.into.source}), which is kept` });
  return { articles: deduped.articles as CleanedArticle[], dropped };
}

/** Cleans every article, drops those left with no text, and merges exact duplicates. */
export function cleanArticles(articles: readonly Article[]): CleanedArticle[] {
  return cleanWithReport(articles).articles;
}

function firstWords(text: string, n: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, n).join(' ') + (words.length > n ? '…' : '');
}
