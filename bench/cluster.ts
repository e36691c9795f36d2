// `npm run bench` (via bench/index.ts) or `node --import tsx bench/cluster.ts`:
// story clustering on 1,000 and 10,000 synthetic articles, timed in the same
// run, with the ratio of the two times. Near-linear clustering gives about 10x;
// comparing all pairs would give about 100x.
//
// The articles imitate a news day: many events, each told by one to eight
// outlets that reword the same facts. Each synthetic event takes the sentences
// of two real articles from ../shared/data/news-events, gives them names of its
// own and part of its wording its own (so events built from the same article
// are still different events, like two earthquakes), and each outlet keeps a
// different part of those sentences plus a stray sentence from elsewhere. Without the shared data, the words are
// generated. The events are known, so the bench also prints B-cubed F1 as a
// check that the timings are of a clustering that works.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clusterStories, DEFAULT_CLUSTER_OPTIONS } from '../src/cluster/index.js';
import { dot, vectorise } from '../src/cluster/vectors.js';
import type { Article } from '../src/types.js';
import { seeded } from '../test/helpers/seeded.js';

export const NEWS_EVENTS_FILE = resolve('..', 'shared', 'data', 'news-events', 'articles.jsonl');

export interface ClusterBenchRow {
  articles: number;
  events: number;
  stories: number;
  /** Wall-clock time. */
  ms: number;
  /** CPU time of this process (steadier than wall time on a busy machine). */
  cpuMs: number;
  f1: number;
}

interface Base {
  title: string;
  sentences: string[];
}

const SYLLABLES = ['ka', 'lo', 'mir', 'ten', 'vas', 'dor', 'el', 'ros', 'an', 'bel', 'tu', 'gar', 'ne', 'sil', 'om', 'pra', 'vik', 'zu', 'har', 'lin'];

function word(rnd: () => number, parts: number): string {
  let w = '';
  for (let i = 0; i < parts; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!;
  return w;
}

function capital(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** Real articles' headlines and sentences, or generated ones when the shared data is missing. */
function loadBases(file: string, rnd: () => number): Base[] {
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((line) => {
      const r = JSON.parse(line) as { title: string; text: string };
      const sentences = r.text.split(/\n+|(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.split(' ').length > 5).slice(0, 20);
      return { title: r.title, sentences };
    }).filter((b) => b.sentences.length >= 4);
  }
  const vocabulary = Array.from({ length: 4000 }, () => word(rnd, 2 + Math.floor(rnd() * 2)));
  // Zipf-like: a few words are everywhere, most are rare.
  const pick = () => vocabulary[Math.floor(vocabulary.length * rnd() ** 3)]!;
  return Array.from({ length: 200 }, () => {
    const topic = Array.from({ length: 25 }, pick);
    const sentence = () => capital(Array.from({ length: 14 }, () => (rnd() < 0.4 ? topic[Math.floor(rnd() * topic.length)]! : pick())).join(' ')) + '.';
    return { title: capital(Array.from({ length: 8 }, () => topic[Math.floor(rnd() * topic.length)]!).join(' ')), sentences: Array.from({ length: 14 }, sentence) };
  });
}

/**
 * Gives an event its own words: every capitalised word inside a sentence
 * becomes one of the event's names, and a share of the other longer words
 * becomes a word of its own, the same throughout the event. Events built from
 * the same article then share its common words but not its particulars.
 */
function rename(text: string, names: Map<string, string>, rnd: () => number): string {
  return text.replace(/\p{L}[\p{L}’'-]{3,}/gu, (w, offset: number) => {
    const isName = /^\p{Lu}/u.test(w) && /[a-z,;] $/.test(text.slice(Math.max(0, offset - 2), offset));
    if (!isName && /^\p{Lu}/u.test(w)) return w;
    let n = names.get(w);
    if (n === undefined) names.set(w, (n = isName ? capital(word(rnd, 3)) : rnd() < 0.4 ? word(rnd, 3) : w));
    return n;
  });
}

/** `count` synthetic articles in events of 1 to 8 articles; returns the articles and their event labels. */
export function syntheticArticles(count: number, seed = 1, file = NEWS_EVENTS_FILE): { articles: Article[]; gold: Map<string, string> } {
  const rnd = seeded(seed);
  const bases = loadBases(file, rnd);
  const articles: Article[] = [];
  const gold = new Map<string, string>();
  const start = Date.parse('2030-01-01T00:00:00Z');
  for (let event = 0; articles.length < count; event++) {
    const [a, b] = [bases[Math.floor(rnd() * bases.length)]!, bases[Math.floor(rnd() * bases.length)]!];
    const names = new Map<string, string>();
    const title = rename(a.title, names, rnd);
    const pool = [...a.sentences.slice(0, 12), ...b.sentences.slice(0, 4)].map((s) => rename(s, names, rnd));
    const size = Math.min(count - articles.length, 1 + Math.floor(8 * rnd() ** 2));
    const day = start + Math.floor(rnd() * 30) * 86_400_000;
    for (let k = 0; k < size; k++) {
      const kept = pool.filter(() => rnd() < 0.7);
      const stray = bases[Math.floor(rnd() * bases.length)]!.sentences[0]!;
      kept.splice(Math.floor(rnd() * kept.length), 0, stray);
      const words = title.split(' ');
      const headline = k === 0 ? title : words.filter(() => rnd() < 0.85).join(' ') || title;
      const id = `syn-${articles.length}`;
      articles.push({ id, title: headline, text: kept.join(' '), url: null, outlet: `outlet-${k}`, published: new Date(day + k * 3_600_000).toISOString(), source: id, tags: [] });
      gold.set(id, String(event));
    }
  }
  return { articles, gold };
}

function bcubedF1(stories: readonly { articles: readonly Article[] }[], gold: ReadonlyMap<string, string>): number {
  const size = new Map<string, number>();
  for (const g of gold.values()) size.set(g, (size.get(g) ?? 0) + 1);
  let p = 0;
  let r = 0;
  for (const s of stories) {
    const per = new Map<string, number>();
    for (const a of s.articles) per.set(gold.get(a.id)!, (per.get(gold.get(a.id)!) ?? 0) + 1);
    for (const a of s.articles) {
      const same = per.get(gold.get(a.id)!)!;
      p += same / s.articles.length;
      r += same / size.get(gold.get(a.id)!)!;
    }
  }
  p /= gold.size;
  r /= gold.size;
  return (2 * p * r) / (p + r);
}

/** Clusters synthetic article sets of each size, prints time per size and the growth ratio, and returns the rows. */
export async function runClusterBench(options: { sizes?: number[]; baselineSizes?: number[]; print?: (line: string) => void; file?: string } = {}): Promise<ClusterBenchRow[]> {
  const print = options.print ?? console.log;
  const sizes = options.sizes ?? [1_000, 10_000];
  const file = options.file ?? NEWS_EVENTS_FILE;
  print(`Story clustering on synthetic articles (${existsSync(file) ? 'sentences from news-events, renamed per event' : 'generated words: ../shared is missing'})`);
  clusterStories(syntheticArticles(300, 99, file).articles); // warm-up, so the first size is not timed cold
  const rows: ClusterBenchRow[] = [];
  for (const n of sizes) {
    const { articles, gold } = syntheticArticles(n, 7, file);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const stories = clusterStories(articles);
    const cpu = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    const row = { articles: n, events: new Set(gold.values()).size, stories: stories.length, ms, cpuMs: (cpu.user + cpu.system) / 1000, f1: bcubedF1(stories, gold) };
    rows.push(row);
    print(`  ${String(n).padStart(6)} articles (${row.events} events) -> ${row.stories} stories in ${ms.toFixed(0)} ms (CPU ${row.cpuMs.toFixed(0)} ms); B-cubed F1 ${row.f1.toFixed(3)}`);
  }
  for (let i = 1; i < rows.length; i++) {
    const growth = rows[i]!.articles / rows[i - 1]!.articles;
    const wall = rows[i]!.ms / rows[i - 1]!.ms;
    const cpu = rows[i]!.cpuMs / rows[i - 1]!.cpuMs;
    print(`  ${growth}x the articles took ${wall.toFixed(1)}x the time (CPU ${cpu.toFixed(1)}x; linear: ${growth}x, all pairs: ${growth * growth}x)`);
  }
  const base = options.baselineSizes ?? [1_000, 3_000];
  if (base.length === 2) {
    // The baseline measured in the same run: the cosine of every pair (what
    // all-pairs average-link needs before it merges anything), on the same articles.
    const [small, large] = base.map((n) => ({ n, ...allPairsCpu(syntheticArticles(n, 7, file).articles) }));
    const ratio = large!.cpuMs / small!.cpuMs;
    print(`  baseline, all-pairs cosines only: ${small!.n} articles ${small!.cpuMs.toFixed(0)} ms CPU, ${large!.n} articles ${large!.cpuMs.toFixed(0)} ms CPU: ${(large!.n / small!.n).toFixed(0)}x the articles took ${ratio.toFixed(1)}x (at 10,000 about ${((small!.cpuMs * 100) / 1000).toFixed(1)} s)`);
    const gazette = rows.find((r) => r.articles === small!.n);
    if (gazette) print(`  Gazette on ${small!.n} articles: ${gazette.cpuMs.toFixed(0)} ms CPU, ${(gazette.cpuMs / small!.cpuMs).toFixed(2)}x the baseline's cosines alone`);
  }
  return rows;
}

/** CPU time to vectorise the articles and take the cosine of every pair. */
function allPairsCpu(articles: readonly Article[]): { cpuMs: number } {
  const c0 = process.cpuUsage();
  const { vectors } = vectorise(articles, DEFAULT_CLUSTER_OPTIONS);
  let sink = 0;
  for (let i = 0; i < vectors.length; i++) for (let j = i + 1; j < vectors.length; j++) sink += dot(vectors[i]!, vectors[j]!);
  const cpu = process.cpuUsage(c0);
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return { cpuMs: (cpu.user + cpu.system) / 1000 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runClusterBench();
}
