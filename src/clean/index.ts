// Stage 2: clean. Page furniture out, text normalised, URLs canonical, exact
// duplicates merged.
import { articleId } from '../gather/ids.js';
import type { Article } from '../types.js';
import { dedupeArticles } from './dedupe.js';
import { stripFurniture } from './furniture.js';
import { normalizeLines, normalizeTitle } from './normalize.js';
import { canonicalUrl } from './url.js';

export { canonicalUrl, isTrackingParam } from './url.js';
export { dedupeArticles } from './dedupe.js';

/** Cleans one article: furniture removed, text and headline normalised, URL canonical (and the id with it). */
export function cleanArticle(article: Article): Article {
  const { title, paragraphs } = stripFurniture(normalizeTitle(article.title), normalizeLines(article.text));
  const url = article.url ? canonicalUrl(article.url) : null;
  // The id follows the canonical URL, so the tracked and the clean link are one article.
  const id = url && url !== article.url ? articleId(url, article.source) : article.id;
  return { ...article, id, url, title: title || article.title.trim(), text: paragraphs.join('\n\n') };
}

/** Cleans every article, drops those left with no text, and merges exact duplicates. */
export function cleanArticles(articles: readonly Article[]): Article[] {
  return dedupeArticles(articles.map(cleanArticle).filter((a) => a.text !== ''));
}
