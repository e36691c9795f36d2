// `npm run bench:summary`: the project's summarizer beside two baselines
// measured in the same run, on the three summary sets of ../shared/data:
// - bbc-news-summary (extractive references that favour central sentences),
// - cnndm-dev (CNN news with human highlights: lead-heavy),
// - multi-news-dev (one story told by 2 to 9 outlets, one human summary).
// Baselines: Lead-3 (the first article's first sentences) and a plain
// TextRank (word-overlap graph, PageRank, best sentences in article order),
// at the same budget. Each set is split in two by a hash of the id
// (summary-data.ts): the weights were chosen on "tune"; "held-out" is the
// figure to quote. Also: the share of summaries whose first sentence leans on
// a sentence left out (dangling.ts), and the time to summarize a long article.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Story } from '../src/types.js';
import { createExtractiveSummarizer, splitSentences, type Summarizer, type SummaryBudget } from '../src/summarize/index.js';
import { articleSentences } from '../src/summarize/candidates.js';
import { opensDangling } from '../src/summarize/dangling.js';
import { overlapGraph, pageRank } from '../src/summarize/rank.js';
import { terms, wordCount } from '../src/summarize/text.js';
import { rouge } from './rouge.js';
import { BBC_DIR, CNN_FILE, MULTI_FILE, half, loadBbc, loadCnn, loadMultiNews, type SummaryCase } from './summary-data.js';

export { BBC_DIR, loadBbc, type SummaryCase } from './summary-data.js';

/** Takes sentences in the given order while they fit the budget, then restores their order. */
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

/** Lead baseline: the first article's first sentences, as many as fit. */
export const leadBaseline: Summarizer = {
  name: 'Lead-3',
  async summarize(story, budget) {
    const sentences = splitSentences(story.articles[0]!.text);
    return fill(sentences, sentences.map((_, i) => i), budget);
  },
};

/**
 * Plain TextRank baseline (Mihalcea & Tarau, 2004) over the sentences of all
 * the story's articles: linked by shared content words (the summarizer's own
 * terms) over the log of their lengths, PageRank, best first. No position, no
 * redundancy control. It reads the same capped text as the summarizer.
 */
export const textRankBaseline: Summarizer = {
  name: 'TextRank',
  async summarize(story, budget) {
    const sentences = story.articles.flatMap((a) => articleSentences(a.text));
    const rank = pageRank(overlapGraph(sentences.map(terms)));
    const order = sentences.map((_, i) => i).sort((a, b) => rank[b]! - rank[a]! || a - b);
    return fill(sentences, order, budget);
  },
};

export interface SetBudget {
  label: string;
  budget: SummaryBudget;
  /** What the data README asks for: F1, or recall within a word budget. */
  measure: 'f1' | 'recall';
}

export interface BenchSet {
  name: string;
  path: string;
  load: () => SummaryCase[];
  budgets: SetBudget[];
}

export const SETS: BenchSet[] = [
  {
    name: 'bbc-news-summary',
    path: BBC_DIR,
    load: () => loadBbc(),
    budgets: [
      { label: '3 sentences', budget: { sentences: 3, words: 0 }, measure: 'f1' },
      // Sentences left free so the word budget alone binds.
      { label: '60 words', budget: { sentences: 20, words: 60 }, measure: 'f1' },
    ],
  },
  {
    name: 'cnndm-dev',
    path: CNN_FILE,
    load: () => loadCnn(),
    budgets: [
      { label: '3 sentences', budget: { sentences: 3, words: 0 }, measure: 'f1' },
      { label: '75 words', budget: { sentences: 20, words: 75 }, measure: 'f1' },
    ],
  },
  {
    name: 'multi-news-dev',
    path: MULTI_FILE,
    load: () => loadMultiNews(),
    budgets: [{ label: '80 words', budget: { sentences: 20, words: 80 }, measure: 'recall' }],
  },
];

export interface Figures {
  rouge1: number;
  rouge2: number;
  /** Share of summaries whose first sentence leans on one left out. */
  dangling: number;
  count: number;
}

/** Mean ROUGE-1/2 (F1 or recall) of one summarizer over the cases at one budget, and its dangling share. */
export async function evaluate(summarizer: Summarizer, cases: readonly SummaryCase[], budget: SummaryBudget, measure: 'f1' | 'recall' = 'f1'): Promise<Figures> {
  let r1 = 0;
  let r2 = 0;
  let dangling = 0;
  for (const c of cases) {
    const summary = await summarizer.summarize(c.story, budget);
    const s = rouge(summary, c.reference);
    r1 += s.rouge1[measure];
    r2 += s.rouge2[measure];
    if (opensDangling(summary)) dangling++;
  }
  const n = Math.max(cases.length, 1);
  return { rouge1: r1 / n, rouge2: r2 / n, dangling: dangling / n, count: cases.length };
}

export interface BenchRow {
  set: string;
  budget: string;
  measure: 'f1' | 'recall';
  half: 'tune' | 'held-out';
  method: string;
  figures: Figures;
}

/** Runs every set, both halves, every method; prints one table per set. */
export async function runSummaryBench(options: { print?: (line: string) => void; summarizer?: Summarizer } = {}): Promise<BenchRow[]> {
  const print = options.print ?? console.log;
  const ours = options.summarizer ?? { ...createExtractiveSummarizer(), name: 'Gazette' };
  const methods = [ours, leadBaseline, textRankBaseline];
  const rows: BenchRow[] = [];
  print('ROUGE on lower-case alphanumeric tokens, no stemming, averaged over stories; "dangling": share of summaries whose');
  print('first sentence leans on one left out (src/summarize/dangling.ts). Weights were chosen on "tune"; quote "held-out".');
  for (const set of SETS) {
    if (!existsSync(set.path)) {
      print(`\n${set.name}: skipped, ${set.path} is missing`);
      continue;
    }
    const cases = set.load();
    const halves = { tune: cases.filter((c) => half(c.id) === 'tune'), 'held-out': cases.filter((c) => half(c.id) === 'held-out') };
    print(`\n${set.name} (${halves.tune.length} tune / ${halves['held-out'].length} held-out)`);
    const table: string[][] = [['budget', 'half', 'method', 'R-1', 'R-2', 'dangling']];
    for (const b of set.budgets) {
      for (const h of ['held-out', 'tune'] as const) {
        for (const m of methods) {
          const figures = await evaluate(m, halves[h], b.budget, b.measure);
          rows.push({ set: set.name, budget: b.label, measure: b.measure, half: h, method: m.name, figures });
          table.push([`${b.label} (${b.measure === 'f1' ? 'F1' : 'recall'})`, h, m.name, figures.rouge1.toFixed(3), figures.rouge2.toFixed(3), `${(figures.dangling * 100).toFixed(1)} %`]);
        }
      }
    }
    print(formatTable(table));
  }
  print('\n' + (await longArticleFigures(ours)));
  return rows;
}

/** Time to summarize one long article beside a usual one: the reading cap at work. */
async function longArticleFigures(summarizer: Summarizer): Promise<string> {
  const paragraph =
    'The council voted on Tuesday to close the Harbour Bridge for six months from March so that engineers can replace its cables. ' +
    'Ferry operators said they would add crossings every fifteen minutes at rush hour during the closure.\n\n';
  const lines: string[] = [];
  for (const bytes of [3_000, 2_000_000, 20_000_000]) {
    const text = paragraph.repeat(Math.ceil(bytes / paragraph.length));
    const story: Story = { id: 'long', title: 'Bridge to close', articles: [{ id: 'long', title: 'Bridge to close', url: null, outlet: 'Test', published: null, text, source: 'long', tags: [] }] };
    const start = performance.now();
    await summarizer.summarize(story, { sentences: 3, words: 0 });
    lines.push(`${(text.length / 1e6).toFixed(3)} MB article: ${(performance.now() - start).toFixed(0)} ms`);
  }
  return `Long articles (the summarizer reads the first 20,000 characters / 60 sentences of each): ${lines.join('; ')}`;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runSummaryBench();
}
