// Loads the labelled clustering sets of ../shared/data as Articles plus gold labels.
import { readdirSync, readFileSync } from 'node:fs';
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

export const BBC = resolve('..', 'shared', 'data', 'bbc-news-summary', 'articles');

/** BBC articles of one category (line 1 the headline), each its own story; the first `limit` files in name order. */
export function loadBbc(category: string, limit = Infinity): Labelled {
  const dir = resolve(BBC, category);
  const articles: Article[] = [];
  const gold = new Map<string, string>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, limit)) {
    const [title, ...rest] = readFileSync(resolve(dir, name), 'utf8').split('\n');
    const id = `bbc-${category}-${name}`;
    articles.push(article(id, (title ?? '').trim(), rest.join('\n').trim(), 'bbc', null, null));
    gold.set(id, id);
  }
  return { articles, gold };
}

/** Only the articles whose gold label passes `keep` (one half of a set's events or topics). */
export function half(set: Labelled, keep: (label: string) => boolean): Labelled {
  const articles = set.articles.filter((a) => keep(set.gold.get(a.id)!));
  return { articles, gold: new Map(articles.map((a) => [a.id, set.gold.get(a.id)!])) };
}

/**
 * One day's issue: `size` articles drawn from some of `events`' events (whole
 * events, so a story's outlets come together) topped up with single BBC
 * articles, each its own story.
 */
export function dailySample(events: Labelled, singles: Labelled, size: number, rnd: () => number): Labelled {
  const byEvent = new Map<string, Article[]>();
  for (const a of events.articles) {
    const e = events.gold.get(a.id)!;
    byEvent.set(e, [...(byEvent.get(e) ?? []), a]);
  }
  const order = shuffle([...byEvent.keys()], rnd);
  const articles: Article[] = [];
  const gold = new Map<string, string>();
  for (const e of order) {
    if (articles.length >= size * 0.6) break;
    for (const a of byEvent.get(e)!) {
      articles.push(a);
      gold.set(a.id, e);
    }
  }
  const pool = shuffle([...singles.articles], rnd);
  for (const a of pool) {
    if (articles.length >= size) break;
    articles.push(a);
    gold.set(a.id, a.id);
  }
  return { articles, gold };
}

/** Fisher-Yates, in place. */
function shuffle<T>(list: T[], rnd: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}
