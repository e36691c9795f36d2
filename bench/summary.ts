// `npm run bench:summary`: ROUGE of the project's summarizer against two
// baselines measured in the same run on ../shared/data/bbc-news-summary —
// Lead-3 (the first sentences) and a plain TextRank (word-overlap graph,
// PageRank, best sentences in article order) — at the same budgets: 3
// sentences, and a 60-word budget. Also summaries per second for each.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Story } from '../src/types.js';
import { createExtractiveSummarizer, splitSentences, type Summarizer, type SummaryBudget } from '../src/summarize/index.js';
import { overlap, pageRank } from '../src/summarize/rank.js';
import { terms, wordCount } from '../src/summarize/text.js';
import { meanScores, rouge, type RougeScores } from './rouge.js';

export const BBC_DIR = resolve('..', 'shared', 'data', 'bbc-news-summary');

/** One article of the data set with its reference summary. */
export interface BbcCase {
  id: string;
  story: Story;
  reference: string[];
}

/** Reads the data set's articles and reference summaries (all of them, or the first `limit` per category). */
export function loadBbc(dir = BBC_DIR, limit = Infinity): BbcCase[] {
  const rows = readFileSync(join(dir, 'pairs.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const perCategory = new Map<string, number>();
  const cases: BbcCase[] = [];
  for (const [id, category, articlePath, summaryPath] of rows) {
    const taken = perCategory.get(category!) ?? 0;
    if (taken >= limit) continue;
    perCategory.set(category!, taken + 1);
    const [title, ...body] = readFileSync(join(dir, articlePath!), 'utf8').split('\n');
    const text = body.join('\n').trim();
    const summary = readFileSync(join(dir, summaryPath!), 'utf8').trim();
    const story: Story = {
      id: id!,
      title: title!.trim(),
      articles: [{ id: id!, title: title!.trim(), url: null, outlet: 'BBC', published: null, text, source: articlePath!, tags: [] }],
    };
    // The references are glued: "…$10.9bn.For the full-year…" (see the data README).
    cases.push({ id: id!, story, reference: summary.split(/(?<=[.!?"])(?=[A-Z"'])/) });
  }
  return cases;
}

/** Takes sentences in the given order while they fit the budget, then restores article order. */
function fill(sentences: string[], order: number[], budget: SummaryBudget): string[] {
  const picked: number[] = [];
  let words = 0;
  for (const i of order) {
    if (picked.length >= budget.sentences) break;
    const w = wordCount(sentences[i]!);
    if (budget.words > 0 && words + w > budget.words) continue;
    picked.push(i);
    words += w;
  }
  return picked.sort((a, b) => a - b).map((i) => sentences[i]!);
}

/** Lead baseline: the article's first sentences. */
export const leadBaseline: Summarizer = {
  name: 'Lead-3',
  async summarize(story, budget) {
    const sentences = splitSentences(story.articles[0]!.text);
    return fill(sentences, sentences.map((_, i) => i), budget);
  },
};

/**
 * Plain TextRank baseline (Mihalcea & Tarau, 2004): sentences linked by shared
 * content words (function words out, plurals folded: the summarizer's own
 * terms) over the log of their lengths, PageRank, best first. No headline, no position, no redundancy control.
 */
export const textRankBaseline: Summarizer = {
  name: 'TextRank',
  async summarize(story, budget) {
    const sentences = splitSentences(story.articles[0]!.text);
    const toks = sentences.map(terms);
    const graph = toks.map((a, i) => Float64Array.from(toks, (b, j) => (i === j ? 0 : overlap(a, b))));
    const rank = pageRank(graph);
    const order = sentences.map((_, i) => i).sort((a, b) => rank[b]! - rank[a]! || a - b);
    return fill(sentences, order, budget);
  },
};

export interface BenchRow {
  method: string;
  budget: string;
  scores: RougeScores;
  perSecond: number;
}

/** Mean ROUGE of one summarizer over the cases at one budget, and its speed. */
export async function evaluate(summarizer: Summarizer, cases: BbcCase[], budget: SummaryBudget): Promise<{ scores: RougeScores; perSecond: number }> {
  const all: RougeScores[] = [];
  let elapsed = 0;
  for (const c of cases) {
    const start = performance.now();
    const summary = await summarizer.summarize(c.story, budget);
    elapsed += performance.now() - start;
    all.push(rouge(summary, c.reference));
  }
  return { scores: meanScores(all), perSecond: cases.length / (elapsed / 1000) };
}

export const BUDGETS: { label: string; budget: SummaryBudget }[] = [
  { label: '3 sentences', budget: { sentences: 3, words: 0 } },
  // Sentences left free so the word budget alone binds.
  { label: '60 words', budget: { sentences: 20, words: 60 } },
];

/** Runs the whole benchmark and prints the table; returns the rows. */
export async function runSummaryBench(options: { dir?: string; print?: (line: string) => void } = {}): Promise<BenchRow[]> {
  const print = options.print ?? console.log;
  const dir = options.dir ?? BBC_DIR;
  if (!existsSync(dir)) {
    print(`bench:summary skipped: ${dir} is missing`);
    return [];
  }
  const cases = loadBbc(dir);
  const methods = [createExtractiveSummarizer(), textRankBaseline, leadBaseline];
  // Warm the JIT for every method first, so the first one timed is not the slowest for no reason.
  for (const m of methods) await evaluate(m, cases.slice(0, 30), BUDGETS[0]!.budget);
  const rows: BenchRow[] = [];
  for (const { label, budget } of BUDGETS) {
    for (const m of methods) rows.push({ method: m.name, budget: label, ...(await evaluate(m, cases, budget)) });
  }
  print(`Summaries of ${cases.length} articles of bbc-news-summary; ROUGE on lower-case alphanumeric tokens, no stemming, averaged over articles.`);
  print(formatRows(rows));
  for (const { label } of BUDGETS) {
    const [ours, textRank, lead] = methods.map((m) => rows.find((r) => r.budget === label && r.method === m.name)!);
    const d = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);
    print(
      `${label}: ROUGE-2 F1 ${ours!.scores.rouge2.f1.toFixed(3)}, ${d(ours!.scores.rouge2.f1 - textRank!.scores.rouge2.f1)} vs TextRank, ` +
        `${d(ours!.scores.rouge2.f1 - lead!.scores.rouge2.f1)} vs Lead-3; speed ${(ours!.perSecond / textRank!.perSecond).toFixed(2)}x TextRank's`,
    );
  }
  return rows;
}

/** The rows as an aligned text table. */
export function formatRows(rows: BenchRow[]): string {
  const f = (x: number) => x.toFixed(3);
  const head = ['budget', 'method', 'R1 P', 'R1 R', 'R1 F1', 'R2 P', 'R2 R', 'R2 F1', 'RL P', 'RL R', 'RL F1', 'summaries/s'];
  const body = rows.map((r) => [
    r.budget, r.method,
    ...[r.scores.rouge1, r.scores.rouge2, r.scores.rougeL].flatMap((p) => [f(p.precision), f(p.recall), f(p.f1)]),
    r.perSecond.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runSummaryBench();
}
