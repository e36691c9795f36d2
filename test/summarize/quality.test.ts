import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExtractiveSummarizer } from '../../src/summarize/index.js';
import { BBC_DIR, evaluate, leadBaseline, loadBbc, textRankBaseline, type BbcCase } from '../../bench/summary.js';

if (!existsSync(BBC_DIR)) console.log(`summary quality test skipped: ${BBC_DIR} is missing`);

// The Done-when, measured in one run on the 300 articles of bbc-news-summary.
describe.skipIf(!existsSync(BBC_DIR))('summary quality on bbc-news-summary', () => {
  let cases: BbcCase[] = [];
  beforeAll(() => {
    cases = loadBbc();
  });

  it('at 3 sentences: ROUGE-2 F1 at least plain TextRank and at least Lead-3 + 0.15', async () => {
    const budget = { sentences: 3, words: 0 };
    const ours = (await evaluate(createExtractiveSummarizer(), cases, budget)).scores.rouge2.f1;
    const textRank = (await evaluate(textRankBaseline, cases, budget)).scores.rouge2.f1;
    const lead = (await evaluate(leadBaseline, cases, budget)).scores.rouge2.f1;
    expect(cases).toHaveLength(300);
    expect(ours).toBeGreaterThanOrEqual(textRank);
    expect(ours).toBeGreaterThanOrEqual(lead + 0.15);
  });

  it('at a 60-word budget: ROUGE-2 F1 above Lead-3', async () => {
    const budget = { sentences: 20, words: 60 };
    const ours = (await evaluate(createExtractiveSummarizer(), cases, budget)).scores.rouge2.f1;
    const lead = (await evaluate(leadBaseline, cases, budget)).scores.rouge2.f1;
    expect(ours).toBeGreaterThan(lead);
  });
});
