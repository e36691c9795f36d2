// The three summary sets of ../shared/data, loaded as stories with their
// reference summaries, and the fixed split each is tuned and reported on.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Article, Story } from '../src/types.js';

export const DATA_DIR = resolve('..', 'shared', 'data');
export const BBC_DIR = join(DATA_DIR, 'bbc-news-summary');
export const CNN_FILE = join(DATA_DIR, 'cnndm-dev', 'articles.jsonl');
export const MULTI_FILE = join(DATA_DIR, 'multi-news-dev', 'clusters.jsonl');

/** One story of a data set with its reference summary. */
export interface SummaryCase {
  id: string;
  story: Story;
  reference: string[];
}

/**
 * Which half a case belongs to: "tune" (weights may be chosen on it) or
 * "held-out" (only reported). A hash of the id, not its order, so that the
 * halves mix categories and dates; FNV-1a, fixed for good.
 */
export function half(id: string): 'tune' | 'held-out' {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 === 0 ? 'tune' : 'held-out';
}

function articleOf(id: string, title: string, text: string, outlet: string): Article {
  return { id, title, url: null, outlet, published: null, text, source: id, tags: [] };
}

/** bbc-news-summary: 300 articles with extractive references (all of them, or the first `limit` per category). */
export function loadBbc(dir = BBC_DIR, limit = Infinity): SummaryCase[] {
  const rows = readFileSync(join(dir, 'pairs.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const perCategory = new Map<string, number>();
  const cases: SummaryCase[] = [];
  for (const [id, category, articlePath, summaryPath] of rows) {
    const taken = perCategory.get(category!) ?? 0;
    if (taken >= limit) continue;
    perCategory.set(category!, taken + 1);
    const [title, ...body] = readFileSync(join(dir, articlePath!), 'utf8').split('\n');
    const summary = readFileSync(join(dir, summaryPath!), 'utf8').trim();
    const article = articleOf(id!, title!.trim(), body.join('\n').trim(), 'BBC');
    // The references are glued: "…$10.9bn.For the full-year…" (see the data README).
    cases.push({ id: id!, story: { id: id!, title: article.title, articles: [article] }, reference: summary.split(/(?<=[.!?"])(?=[A-Z"'])/) });
  }
  return cases;
}

/** cnndm-dev: 519 CNN articles (no titles) with their highlights. */
export function loadCnn(file = CNN_FILE): SummaryCase[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => {
    const row = JSON.parse(line) as { id: string; title: string; text: string; summary: string };
    const article = articleOf(row.id, row.title ?? '', row.text, 'CNN');
    return { id: row.id, story: { id: row.id, title: article.title, articles: [article] }, reference: row.summary.split('\n').filter(Boolean) };
  });
}

/** multi-news-dev: 235 stories of 2 to 9 outlets' articles, one human summary each. */
export function loadMultiNews(file = MULTI_FILE): SummaryCase[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => {
    const row = JSON.parse(line) as { id: string; articles: { title: string; text: string }[]; summary: string };
    const articles = row.articles.map((a, k) => articleOf(`${row.id}-${k}`, a.title ?? '', a.text, `outlet ${k + 1}`));
    return { id: row.id, story: { id: row.id, title: articles[0]!.title, articles }, reference: [row.summary] };
  });
}
