// ROUGE-1, ROUGE-2 and ROUGE-L (Lin, 2004) for the summary benchmark and its
// quality test. Tokens are lower-case ASCII letter/digit runs, no stemming and
// no stopword removal. Written here because the npm ROUGE packages are
// unmaintained and each tokenises its own way; the definitions are short.

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface RougeScores {
  rouge1: Prf;
  rouge2: Prf;
  rougeL: Prf;
}

/** Lower-case alphanumeric tokens. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function prf(overlap: number, candidate: number, reference: number): Prf {
  const precision = candidate === 0 ? 0 : overlap / candidate;
  const recall = reference === 0 ? 0 : overlap / reference;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * ROUGE-N with clipped counts over the summary as one token stream, as the
 * reference ROUGE script and rouge-score do (n-grams may span two sentences).
 */
export function rougeN(candidate: string[][], reference: string[][], n: number): Prf {
  const cand = ngrams(candidate.flat(), n);
  const ref = ngrams(reference.flat(), n);
  let overlap = 0;
  for (const [k, c] of cand) overlap += Math.min(c, ref.get(k) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return prf(overlap, total(cand), total(ref));
}

/** Positions of `ref` matched by one longest common subsequence with `cand`. */
function lcsPositions(ref: string[], cand: string[]): number[] {
  const m = ref.length;
  const n = cand.length;
  const table = Array.from({ length: m + 1 }, () => new Uint16Array(n + 1));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      table[i]![j] = ref[i - 1] === cand[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
    }
  }
  const hits: number[] = [];
  for (let i = m, j = n; i > 0 && j > 0; ) {
    if (ref[i - 1] === cand[j - 1]) {
      hits.push(i - 1);
      i--;
      j--;
    } else if (table[i - 1]![j]! >= table[i]![j - 1]!) i--;
    else j--;
  }
  return hits;
}

/**
 * Summary-level ROUGE-L: for each reference sentence, the union of its LCS
 * matches with every candidate sentence, so the order of the reference
 * sentences (not article order in this data set) does not matter. Hits are
 * clipped by token counts, as in Google's rouge-score, so precision stays <= 1.
 */
export function rougeL(candidate: string[][], reference: string[][]): Prf {
  const counts = (sentences: string[][]) => {
    const m = new Map<string, number>();
    for (const s of sentences) for (const t of s) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const candLeft = counts(candidate);
  const refLeft = counts(reference);
  let hits = 0;
  for (const ref of reference) {
    const union = new Set<number>();
    for (const cand of candidate) for (const p of lcsPositions(ref, cand)) union.add(p);
    for (const p of [...union].sort((a, b) => a - b)) {
      const t = ref[p]!;
      if ((candLeft.get(t) ?? 0) > 0 && (refLeft.get(t) ?? 0) > 0) {
        hits++;
        candLeft.set(t, candLeft.get(t)! - 1);
        refLeft.set(t, refLeft.get(t)! - 1);
      }
    }
  }
  const length = (s: string[][]) => s.reduce((a, x) => a + x.length, 0);
  return prf(hits, length(candidate), length(reference));
}

/** ROUGE-1, -2 and -L of candidate sentences against reference sentences. */
export function rouge(candidate: readonly string[], reference: readonly string[]): RougeScores {
  const cand = candidate.map(rougeTokens);
  const ref = reference.map(rougeTokens);
  return { rouge1: rougeN(cand, ref, 1), rouge2: rougeN(cand, ref, 2), rougeL: rougeL(cand, ref) };
}

/** The mean of each figure over many articles. */
export function meanScores(all: readonly RougeScores[]): RougeScores {
  const mean = (pick: (s: RougeScores) => Prf): Prf => {
    const n = Math.max(all.length, 1);
    const sum = (f: (p: Prf) => number) => all.reduce((a, s) => a + f(pick(s)), 0) / n;
    return { precision: sum((p) => p.precision), recall: sum((p) => p.recall), f1: sum((p) => p.f1) };
  };
  return { rouge1: mean((s) => s.rouge1), rouge2: mean((s) => s.rouge2), rougeL: mean((s) => s.rougeL) };
}
