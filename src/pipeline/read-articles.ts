// Gather, clean and select, as one step shared by `build` (and the preview)
// and `articles`: what the next issue will draw from, and every input or item
// that will not reach it, with the reason. The one place these three stages
// are chained before clustering, so the two commands cannot disagree.
import { relative, resolve } from 'node:path';
import { ARTICLE_CUT, gatherArticles, type Source } from '../gather/index.js';
import { cleanWithReport, type CleanedArticle, type Dropped } from '../clean/index.js';
import { selectLatest } from '../gather/select.js';
import type { Logger } from '../log.js';
import { PLAN_WARNING } from '../arrange/index.js';
import type { Problem } from '../types.js';

export interface ReadParts {
  sources: readonly Source[];
  /** Ids of articles earlier issues carried (before the date). */
  alreadyIncluded: ReadonlySet<string>;
  now: Date;
  maxAgeDays: number;
  logger: Logger;
}

export interface ReadArticles {
  /** Cleaned, and chosen for the next issue (pinned first, then newest first). */
  articles: CleanedArticle[];
  /** Every input (file, feed, page) and item that will not reach the issue, and why. */
  dropped: Dropped[];
  /** What was read, but not as it was written: a feed read leniently or with a guessed encoding, an article cut to length. */
  warnings: Dropped[];
  /** The sources' own problems (a subset of `dropped`, in their original shape). */
  problems: Problem[];
}

/** Reads every source, cleans what it gave, and selects what the next issue will use; reports the rest. */
export async function readArticles(parts: ReadParts): Promise<ReadArticles> {
  const gathered = await gatherArticles(parts.sources);
  for (const p of gathered.problems) parts.logger.warn({ where: p.where, code: p.code }, p.message);
  const cleaned = cleanWithReport(gathered.articles);
  const selected = selectLatest(cleaned.articles, { alreadyIncluded: parts.alreadyIncluded, now: parts.now, maxAgeDays: parts.maxAgeDays }) as CleanedArticle[];
  const chosen = new Set(selected);
  const left = cleaned.articles.filter((a) => !chosen.has(a)).map((a) => ({ where: a.source, reason: `"${a.title}" ${whyLeftOut(a, parts)}` }));
  const isWarning = isReadWarning;
  const asEntry = (p: Problem) => ({ where: p.where, reason: p.message });
  const dropped = [...gathered.problems.filter((p) => !isWarning(p)).map(asEntry), ...cleaned.dropped, ...left];
  return { articles: selected, dropped, warnings: gathered.problems.filter(isWarning).map(asEntry), problems: gathered.problems };
}

/** Problem codes that say how something was read, not that it was left out. */
const WARNINGS = new Set(['FEED_WARNING', ARTICLE_CUT, PLAN_WARNING]);

/** True for a problem that says how an input was read (it still reached the issue), not that it was left out. */
export function isReadWarning(p: Problem): boolean {
  return p.code !== undefined && WARNINGS.has(p.code);
}

/** Why selection left an article out (the same tests selectLatest applies, in words). */
function whyLeftOut(a: CleanedArticle, parts: ReadParts): string {
  if (a.exclude) return 'is marked exclude: true';
  if (parts.alreadyIncluded.has(a.id)) return 'was already in an earlier issue';
  return `was published ${a.published?.slice(0, 10)}, more than ${parts.maxAgeDays} days ago (GAZETTE_MAX_AGE_DAYS)`;
}

/** A content file relative to the content folder; feed and page URLs, and paths outside it, as they are. */
export function fileLabel(contentDir: string, where: string): string {
  if (/^https?:\/\//i.test(where)) return where;
  const rel = relative(contentDir, resolve(where));
  return rel.startsWith('..') || rel === '' ? where : rel;
}

/** What cleaning removed from an article, per rule, in words: "breadcrumb 1, share-row 2". */
export function describeRemovals(removed: Readonly<Record<string, number>> | undefined): string {
  return Object.entries(removed ?? {}).map(([rule, n]) => `${rule} ${n}`).join(', ');
}
