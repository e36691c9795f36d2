// Feed entries to Articles. The feed's items decide what an article is; this
// file decides what its text is (the full content when the feed carries it,
// else the description, flagged) and which outlet it is credited to.
import type { Article, Problem } from '../../types.js';
import { htmlFragmentToText } from '../html.js';
import { articleId, hostOf } from '../ids.js';
import type { EntryBody, FeedEntry, ParsedFeed } from './types.js';

/**
 * Below this many words a description is a teaser, not the article: the
 * summarizer should know it has only a lead to work with.
 */
export const SHORT_DESCRIPTION_WORDS = 120;

export interface FeedOrigin {
  /** The feed's URL or file path, as listed. */
  source: string;
  /** The editor's name for the outlet, from the sources list. */
  label?: string;
}

/** Turns every usable entry of a feed into an Article; an entry with neither title nor link is reported and skipped. */
export function feedToArticles(feed: ParsedFeed, origin: FeedOrigin): { articles: Article[]; problems: Problem[] } {
  const articles: Article[] = [];
  const skipped: number[] = [];
  feed.entries.forEach((entry, i) => {
    const article = entryToArticle(entry, feed, origin);
    if (article) articles.push(article);
    else skipped.push(i + 1);
  });
  const problems: Problem[] = skipped.length
    ? [{ where: origin.source, code: 'BAD_ITEM', message: `${plural(skipped.length, 'item')} (${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}) had neither a title nor a link and were skipped` }]
    : [];
  return { articles, problems };
}

/** One entry as an Article, or null when it has nothing to show (no title and no link). */
export function entryToArticle(entry: FeedEntry, feed: ParsedFeed, origin: FeedOrigin): Article | null {
  if (!entry.title && !entry.link) return null;
  const full = entry.content ? bodyText(entry.content) : '';
  const short = entry.summary ? bodyText(entry.summary) : '';
  const text = full || short;
  const title = entry.title ?? (firstWords(text, 12) || entry.link!);
  // Without a URL the id must still be stable across runs: the feed plus the
  // entry's own id (or, failing that, its title) identifies it.
  const key = `${origin.source}#${entry.id ?? title}`;
  return {
    id: articleId(entry.link, key),
    title,
    url: entry.link,
    outlet: origin.label ?? feed.title ?? hostOf(feed.link) ?? hostOf(entry.link) ?? hostOf(origin.source) ?? 'Feed',
    published: entry.published,
    text,
    source: origin.source,
    tags: entry.tags,
    ...(entry.author ? { byline: entry.author } : {}),
    ...(!full && wordCount(short) < SHORT_DESCRIPTION_WORDS ? { descriptionOnly: true } : {}),
  };
}

function bodyText(body: EntryBody): string {
  return 'html' in body ? htmlFragmentToText(body.html) : body.text.replace(/\r\n?/g, '\n').trim();
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function firstWords(text: string, n: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, n).join(' ') + (words.length > n ? '…' : '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
