// `node --import tsx bench/summary-tune.ts ['<options JSON or array>']`: the
// grid the summarizer's numbers were chosen on. Runs on the "tune" half of
// each set only (the held-out half is never looked at here) and prints, per
// setting, ROUGE-2 of the summarizer minus the better of Lead-3 and TextRank
// on each set and budget. No setting is ahead on all five. The default
// (undirected centrality with a tenth of directed mixed in, position prior
// 0.5, a lede first) follows the rule in extractive.ts: lead-heavy news first
// (within 0.005 of Lead-3 on CNN at both budgets, multi-news not below either
// baseline), then the smallest gap to TextRank on BBC. Tune-half margins of
// some of the settings compared that way (BBC 3 s / 60 w, CNN 3 s / 75 w, MN):
// position 0.4 alone -0.047 -0.046 -0.006 -0.009 0.000 (CNN out of reach);
// directed 0.1 + position 0.5 -0.064 -0.058 -0.003 -0.004 +0.001 (chosen);
// directed 0.15 + position 0.4 -0.070 -0.057 -0.001 -0.004 +0.001;
// directed 0.3 + position 0.3 -0.091 -0.071 +0.001 -0.003 +0.002.
import { createExtractiveSummarizer, type ExtractiveOptions } from '../src/summarize/index.js';
import { SETS, evaluate, leadBaseline, textRankBaseline } from './summary.js';
import { half } from './summary-data.js';

const sets = SETS.map((s) => ({ ...s, cases: s.load().filter((c) => half(c.id) === 'tune') }));
const baselines: number[] = [];
for (const set of sets) {
  for (const b of set.budgets) {
    const lead = (await evaluate(leadBaseline, set.cases, b.budget, b.measure)).rouge2;
    const tr = (await evaluate(textRankBaseline, set.cases, b.budget, b.measure)).rouge2;
    baselines.push(Math.max(lead, tr));
    console.log(`${set.name} ${b.label}: Lead-3 ${lead.toFixed(3)} TextRank ${tr.toFixed(3)}`);
  }
}
// Tried before this grid (tune-half margins to the stronger baseline, BBC 3
// sentences / 60 words, CNN 3 sentences / 75 words, multi-news):
// - the previous method, directed PacSum-style centrality (backward -1,
//   salience 0.5): -0.129 -0.082 +0.004 0.000 +0.001; backward -0.5 or 0
//   with a length bonus: BBC still 0.07-0.10 below, CNN falls below Lead-3;
// - TextRank alone, no lede, no reading rules: -0.006 -0.009 -0.016 -0.016
//   +0.005; the reading rule (a leaning sentence only with its predecessor)
//   costs BBC about 0.015-0.03 and forcing a lede about 0.02: both are kept;
// - a log-length bonus, salience, a looser repeat threshold: within 0.005;
// - the prior inside the centrality (PageRank teleporting by 1 / (1 + k),
//   damping 0.2 to 0.95) traces the same CNN/BBC trade-off (best, 0.9:
//   -0.047 -0.037 -0.008 -0.009 0.000), so the simpler additive prior stays.
// Pass one setting (or an array) as JSON to try it alone.
const grid: ExtractiveOptions[] = [];
const arg = process.argv[2];
if (arg) grid.push(...([] as ExtractiveOptions[]).concat(JSON.parse(arg) as ExtractiveOptions | ExtractiveOptions[]));
else {
  grid.push({ centrality: 'directed', backward: -1, salience: 0.5, position: 0 });
  for (const position of [0, 0.2, 0.3, 0.4, 0.5, 0.7, 1]) grid.push({ centrality: 'undirected', salience: 0, lede: true, position });
}
for (const options of grid) {
  const summarizer = createExtractiveSummarizer(options);
  const margins: number[] = [];
  const danglings: number[] = [];
  let k = 0;
  for (const set of sets) {
    for (const b of set.budgets) {
      const f = await evaluate(summarizer, set.cases, b.budget, b.measure);
      margins.push(f.rouge2 - baselines[k++]!);
      danglings.push(f.dangling);
    }
  }
  console.log(
    JSON.stringify(options),
    'worst',
    Math.min(...margins).toFixed(3),
    'worst relative',
    `${(Math.min(...margins.map((m, i) => m / baselines[i]!)) * 100).toFixed(1)} %`,
    'margins',
    margins.map((m) => m.toFixed(3)).join(' '),
    'dangling',
    danglings.map((d) => (d * 100).toFixed(1)).join(' '),
  );
}
