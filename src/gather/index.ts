// Stage 1: gather. Every source is read; a source that fails is reported and
// the others go on.
import type { Article, Problem } from '../types.js';
import type { Source } from './source.js';
import { capArticleLength } from './cap-length.js';

export type { Source, SourceResult } from './source.js';
export { contentFolderSource, readArticleFile } from './content-folder.js';
export { configuredSources, readSourcesFile, type SourceEntry } from './sources-file.js';
export { createFeedCache, sqliteFeedCache, memoryFeedCache, type FeedCache, type CachedFeed } from './feeds/cache.js';
export type { SourceDeps } from './feeds/source.js';
export { ARTICLE_CUT, MAX_ARTICLE_CHARS } from './cap-length.js';

export interface Gathered {
  articles: Article[];
  problems: Problem[];
}

/** Reads all sources (concurrently) and collects their articles (each capped in length) and problems. */
export async function gatherArticles(sources: readonly Source[]): Promise<Gathered> {
  const results = await Promise.all(
    sources.map(async (source) => {
      try {
        return await source.read();
      } catch (err) {
        return { articles: [], problems: [{ where: source.name, message: (err as Error).message }] };
      }
    }),
  );
  const capped = capArticleLength(results.flatMap((r) => r.articles));
  return {
    articles: capped.articles,
    problems: [...results.flatMap((r) => r.problems), ...capped.problems],
  };
}
