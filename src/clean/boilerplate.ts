// The one kind of repetition that is furniture across articles: the same
// block on most pages of a site (a tip line, a standard footer, a promo the
// scraper caught). Found by comparing the articles of one outlet gathered
// together; a paragraph counts when at least three of them, and at least half,
// carry it word for word, and always first or last (where a page's header and
// footer land): the same paragraph in the middle of follow-up stories is
// background the outlet reused, which is content. Like every rule it never
// takes most of an article.
import type { Article } from '../types.js';
import { comparableWords } from './normalize.js';
import type { Removed } from './furniture.js';

/** How many of a site's articles must carry a block, at the least. */
const MIN_PAGES = 3;

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const key = (p: string): string => comparableWords(p).join(' ');

/** Removes each outlet's repeated blocks from its articles, booking them as 'site-boilerplate'. */
export function removeSiteBoilerplate<T extends Article & { removed: Removed }>(articles: readonly T[]): T[] {
  const bySite = new Map<string, number[]>();
  articles.forEach((a, i) => {
    const site = a.outlet.trim().toLowerCase();
    bySite.set(site, [...(bySite.get(site) ?? []), i]);
  });
  const out = [...articles];
  for (const members of bySite.values()) {
    if (members.length < MIN_PAGES) continue;
    const pages = new Map<string, Set<number>>();
    for (const i of members) {
      const paragraphs = articles[i]!.text.split('\n\n');
      for (const p of new Set([paragraphs[0]!, paragraphs[paragraphs.length - 1]!])) {
        // A preformatted block (lines inside) and a one-word line are never compared.
        if (p.includes('\n') || words(p) < 2) continue;
        const k = key(p);
        if (k) pages.set(k, (pages.get(k) ?? new Set()).add(i));
      }
    }
    const common = new Set([...pages].filter(([, on]) => on.size >= MIN_PAGES && on.size * 2 >= members.length).map(([k]) => k));
    if (common.size === 0) continue;
    for (const i of members) {
      const a = articles[i]!;
      const paragraphs = a.text.split('\n\n');
      const kept = paragraphs.filter((p, j) => !((j === 0 || j === paragraphs.length - 1) && common.has(key(p))));
      const gone = paragraphs.length - kept.length;
      if (gone === 0 || kept.length === 0 || words(kept.join(' ')) * 2 < words(a.text)) continue;
      out[i] = { ...a, text: kept.join('\n\n'), removed: { ...a.removed, 'site-boilerplate': gone } };
    }
  }
  return out;
}
