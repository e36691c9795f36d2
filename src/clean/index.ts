// Stage 2: clean. Page furniture out, whitespace normalised.
// PLACEHOLDER until the gathering issue: only whitespace is normalised.
import type { Article } from '../types.js';

/** Normalises one article's text. */
export function cleanArticle(article: Article): Article {
  const text = article.text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
  return { ...article, title: article.title.replace(/\s+/g, ' ').trim(), text };
}

/** Cleans every article; drops those left with no text. */
export function cleanArticles(articles: readonly Article[]): Article[] {
  return articles.map(cleanArticle).filter((a) => a.text !== '');
}
