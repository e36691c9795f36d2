// Feed entries to Articles. The feed's items decide what an article is; this
// file decides what its text is (the full content when the feed carries it,
// else the description, flagged) and which outlet it is credited to.
import type { Article, Problem } from '../../types.js';
import { decodeHTML } from 'entities';
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
  /** Where the feed is listed, for messages: e.g. "content/feeds.txt line 4". */
  listedAt?: string;
}

/** Dropped items are reported one by one up to this many, then counted. */
const MAX_ITEM_PROBLEMS = 20;

/**
 * Turns every usable entry of a feed into an Article. An entry with nothing
 * at all (no title, link or text) is dropped and reported, one Problem each
 * (code DROPPED_ITEM); what the feed read leniently is reported once
 * (FEED_WARNING). Every Problem's `where` is the feed, and its message says
 * where the feed is listed.
 */
export function feedToArticles(feed: ParsedFeed, origin: FeedOrigin): { articles: Article[]; problems: Problem[] } {
  const articles: Article[] = [];
  const problems: Problem[] = [];
  const suffix = origin.listedAt ? ` (listed in ${origin.listedAt})` : '';
  const dropped: number[] = [];
  let zoneless = 0;
  for (const reason of feed.dropped ?? []) problems.push({ where: origin.source, code: 'DROPPED_ITEM', message: `${reason}${suffix}` });
  feed.entries.forEach((entry, i) => {
    const article = entryToArticle(entry, feed, origin);
    if (!article) {
      dropped.push(i + 1);
      if (dropped.length <= MAX_ITEM_PROBLEMS) {
        problems.push({ where: origin.source, code: 'DROPPED_ITEM', message: `item ${i + 1} of the feed was dropped: it has no title, no link and no text${suffix}` });
      }
      return;
    }
    if (entry.zonelessDate) zoneless++;
    articles.push(article);
  });
  if (dropped.length > MAX_ITEM_PROBLEMS) {
    problems.push({ where: origin.source, code: 'DROPPED_ITEM', message: `${dropped.length - MAX_ITEM_PROBLEMS} more items of the feed were dropped: they have no title, no link and no text${suffix}` });
  }
  for (const warning of feed.warnings ?? []) problems.push({ where: origin.source, code: 'FEED_WARNING', message: `${warning}${suffix}` });
  if (zoneless > 0) {
    problems.push({ where: origin.source, code: 'FEED_WARNING', message: `${plural(zoneless, 'item')} ${zoneless === 1 ? 'gives' : 'give'} a time without a time zone; read as UTC${suffix}` });
  }
  return { articles, problems };
}

/** One entry as an Article, or null when it has nothing to show (no title, no link and no text). */
export function entryToArticle(entry: FeedEntry, feed: ParsedFeed, origin: FeedOrigin): Article | null {
  const full = entry.content ? bodyText(entry.content) : '';
  const short = entry.summary ? bodyText(entry.summary) : '';
  const text = full || short;
  if (!entry.title && !entry.link && text === '') return null;
  // An untitled item keeps its place, titled by its first words (or its address).
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
  if (!('html' in body)) return body.text.replace(/\r\n?/g, '\n').trim();
  return htmlDepth(body.html) > MAX_HTML_DEPTH ? stripTags(body.html) : htmlFragmentToText(body.html);
}

/**
 * An item body nested deeper than this is no article (thousands of nested
 * <div>s in a CDATA section are an attack or a broken generator), and the
 * HTML-to-text walk is recursive: such a body loses its tags instead.
 */
const MAX_HTML_DEPTH = 200;
/** Elements that never nest (void) or whose end tag HTML lets a writer leave out. */
const NO_DEPTH = /^(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|dt|dd|option|tr|td|th|tbody|thead|tfoot)$/i;

/** The deepest nesting of start tags in an HTML string, counted in one pass without parsing. */
function htmlDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (NO_DEPTH.test(m[2]!) || m[3]) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max) max = depth;
  }
  return max;
}

function stripTags(html: string): string {
  return decodeHTML(html.replace(/<[^>]*>/g, ' ')).replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
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
