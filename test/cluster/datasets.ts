// Loads the labelled clustering sets of ../shared/data as Articles plus gold labels.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Article } from '../../src/types.js';

export const NEWS_EVENTS = resolve('..', 'shared', 'data', 'news-events', 'articles.jsonl');
export const ECBPLUS = resolve('..', 'shared', 'data', 'ecbplus', 'ecbplus_docs.jsonl');

export interface Labelled {
  articles: Article[];
  gold: Map<string, string>;
}

function article(id: string, title: string, text: string, outlet: string, url: string | null, published: string | null): Article {
  return { id, title, text, outlet, url, published, source: id, tags: [] };
}

/** news-events: the outlet's description is its lead, so it opens the text as a feed would give it. */
export function loadNewsEvents(path = NEWS_EVENTS): Labelled {
  const articles: Article[] = [];
  const gold = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Record<string, string | number | null>;
    const id = String(r.doc_id);
    const text = [r.description, r.text].filter((x) => typeof x === 'string' && x.trim() !== '').join('\n\n');
    articles.push(article(id, String(r.title ?? ''), text, String(r.source_domain ?? ''), (r.url as string) ?? null, (r.date_publish as string) ?? null));
    gold.set(id, String(r.event_id));
  }
  return { articles, gold };
}

/** ECB+: the first line is the headline (or the first sentence); `topics` restricts to some topics. */
export function loadEcbPlus(path = ECBPLUS, topics?: (topic: number) => boolean): Labelled {
  const articles: Article[] = [];
  const gold = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { doc_id: string; topic: number; cluster_id: string; text: string; title_or_first_line: string; source_url: string | null };
    if (topics && !topics(r.topic)) continue;
    const [first, ...rest] = r.text.split('\n');
    const body = first?.trim() === r.title_or_first_line.trim() ? rest.join('\n') : r.text;
    articles.push(article(r.doc_id, r.title_or_first_line, body, 'ecbplus', r.source_url, null));
    gold.set(r.doc_id, r.cluster_id);
  }
  return { articles, gold };
}
