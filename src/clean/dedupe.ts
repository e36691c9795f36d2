// Exact duplicates: the same page reached twice (same canonical URL), or the
// same text published twice (a repost, the same file dropped in twice). One
// article stays, the richest; the others' sources are noted on it.
import { createHash } from 'node:crypto';
import type { Article } from '../types.js';
import { urlKey } from './url.js';

function textKey(text: string): string {
  const letters = text.toLowerCase().normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return createHash('sha256').update(letters).digest('hex');
}

/** More text wins; then a known date, a URL, a byline; then the smaller id, so the choice is stable. */
function richer(a: Article, b: Article): Article {
  const score = (x: Article) => [x.text.length, x.published ? 1 : 0, x.url ? 1 : 0, x.byline ? 1 : 0];
  const sa = score(a);
  const sb = score(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i]! > sb[i]! ? a : b;
  return a.id <= b.id ? a : b;
}

/** Merges a group of duplicates into its richest article, noting where the others came from. */
function merge(group: readonly Article[]): Article {
  const keep = group.reduce(richer);
  const others = group.filter((a) => a !== keep);
  if (others.length === 0) return keep;
  const sources = new Set(keep.duplicates ?? []);
  for (const o of others) for (const s of [o.url ?? o.source, ...(o.duplicates ?? [])]) if (s !== (keep.url ?? keep.source)) sources.add(s);
  return {
    ...keep,
    published: keep.published ?? others.find((o) => o.published)?.published ?? null,
    tags: [...new Set(group.flatMap((a) => a.tags))],
    pin: group.some((a) => a.pin) || undefined,
    exclude: group.some((a) => a.exclude) || undefined,
    ...(sources.size > 0 ? { duplicates: [...sources] } : {}),
  };
}

/** An article merged into another: the one kept, and whether they shared the URL or the text. */
export interface Merged {
  article: Article;
  into: Article;
  why: 'address' | 'text';
}

/** Merges articles with the same canonical URL or the same text; keeps the first-seen order of the survivors. */
export function dedupeArticles(articles: readonly Article[]): Article[] {
  return dedupeWithReport(articles).articles;
}

/** As dedupeArticles, also saying which articles were merged into which, and why. */
export function dedupeWithReport<T extends Article>(articles: readonly T[]): { articles: T[]; merged: Merged[] } {
  // Union-find over "same URL" and "same text", so that A=B by URL and B=C by text make one group.
  const parent = articles.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstBy = new Map<string, number>();
  const why = new Map<number, Merged['why']>();
  articles.forEach((a, i) => {
    const keys = [`text:${textKey(a.text)}`];
    if (a.url) keys.push(`url:${urlKey(a.url)}`);
    for (const key of keys) {
      const j = firstBy.get(key);
      if (j === undefined) firstBy.set(key, i);
      else {
        if (!why.has(i)) why.set(i, key.startsWith('url:') ? 'address' : 'text');
        parent[find(i)] = find(j);
      }
    }
  });
  const groups = new Map<number, number[]>();
  articles.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  const merged: Merged[] = [];
  const kept = [...groups.values()].map((group) => {
    const members = group.map((i) => articles[i]!);
    const into = merge(members) as T;
    const chosen = group.find((i) => articles[i]!.id === into.id && articles[i]!.text === into.text) ?? group[0]!;
    // The first-seen member has no reason of its own: it shares the one that joined the kept article to it.
    for (const i of group) if (i !== chosen) merged.push({ article: articles[i]!, into, why: why.get(i) ?? why.get(chosen) ?? 'text' });
    return into;
  });
  return { articles: kept, merged };
}
