// `node --import tsx bench/summary-tune.ts`: the grid the summarizer's
// numbers were chosen on. Runs on the "tune" half of each set only (the
// held-out half is never looked at here) and prints, per setting, ROUGE-2 of
// the summarizer minus the best of Lead-3 and TextRank on each set and
// budget; the setting kept is the one whose worst margin is highest.
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
const grid: ExtractiveOptions[] = [];
const arg = process.argv[2];
if (arg) grid.push(JSON.parse(arg) as ExtractiveOptions);
else
  for (const similarity of ['cosine', 'overlap'] as const)
    for (const threshold of [0, 0.2, 0.4, 0.6])
      for (const backward of [-0.5, 0, 0.5, 1])
        for (const lede of [true, false]) grid.push({ similarity, threshold, backward, lede });
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
    'margins',
    margins.map((m) => m.toFixed(3)).join(' '),
    'dangling',
    danglings.map((d) => (d * 100).toFixed(1)).join(' '),
  );
}
