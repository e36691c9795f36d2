import { describe, expect, it } from 'vitest';
import { meanScores, rouge, rougeL, rougeN, rougeTokens } from '../../bench/rouge.js';

describe('ROUGE (bench/rouge.ts)', () => {
  it('tokenises to lower-case alphanumeric runs', () => {
    expect(rougeTokens("Profits rose 76% to $1.13bn (£600m), it's said.")).toEqual(['profits', 'rose', '76', 'to', '1', '13bn', '600m', 'it', 's', 'said']);
  });

  it('computes ROUGE-1 and ROUGE-2 with clipped counts over the whole summary', () => {
    const cand = [['the', 'cat', 'sat', 'the', 'the']];
    const ref = [['the', 'cat', 'sat', 'on', 'the', 'mat']];
    const r1 = rougeN(cand, ref, 1);
    // Overlap: the x2 (clipped from 3), cat, sat = 4 of 5 candidate and 6 reference tokens.
    expect(r1.precision).toBeCloseTo(4 / 5);
    expect(r1.recall).toBeCloseTo(4 / 6);
    expect(r1.f1).toBeCloseTo((2 * (4 / 5) * (4 / 6)) / (4 / 5 + 4 / 6));
    const r2 = rougeN(cand, ref, 2);
    // Candidate bigrams: the cat, cat sat, sat the, the the; reference has the first two.
    expect(r2.precision).toBeCloseTo(2 / 4);
    expect(r2.recall).toBeCloseTo(2 / 5);
  });

  it('computes summary-level ROUGE-L independent of reference sentence order', () => {
    const cand = [['a', 'b', 'c', 'd'], ['x', 'y']];
    const ref = [['x', 'q', 'y'], ['a', 'c', 'd', 'e']];
    const l = rougeL(cand, ref);
    // LCS unions: "x y" (2) in the first reference sentence, "a c d" (3) in the second.
    expect(l.recall).toBeCloseTo(5 / 7);
    expect(l.precision).toBeCloseTo(5 / 6);
    expect(rougeL(cand, [ref[1]!, ref[0]!]).f1).toBeCloseTo(l.f1);
  });

  it('scores identical text 1 and disjoint text 0, and averages over articles', () => {
    const same = rouge(['The cat sat.'], ['The cat sat.']);
    expect(same.rouge1.f1).toBe(1);
    expect(same.rouge2.f1).toBe(1);
    expect(same.rougeL.f1).toBe(1);
    const none = rouge(['Dogs bark loudly.'], ['The cat sat.']);
    expect(none.rouge1.f1).toBe(0);
    expect(meanScores([same, none]).rouge1.f1).toBeCloseTo(0.5);
  });
});
