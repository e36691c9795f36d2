// PLACEHOLDER until the gathering issue: drops articles earlier issues carried.
import type { Article } from '../types.js';

export interface SelectOptions {
  alreadyIncluded: Set<string>;
  now: Date;
  maxAgeDays: number;
  limit?: number;
}

/** The articles no earlier issue included. */
export function selectLatest(articles: readonly Article[], options: SelectOptions): Article[] {
  return articles.filter((a) => !a.exclude && !options.alreadyIncluded.has(a.id));
}
