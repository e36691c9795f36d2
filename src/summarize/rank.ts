// Sentence centrality, TextRank/LexRank style: sentences are nodes, edges are
// weighted by how much vocabulary two sentences share, and PageRank (power
// iteration) finds the sentences the rest of the story keeps coming back to.
// A dozen lines of arithmetic, so written here rather than pulling in a graph
// library.

/** Inverse document frequency of each term, over the given term lists. */
export function idfWeights(termLists: readonly string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const list of termLists) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + termLists.length / d));
  return idf;
}

/**
 * How much of `a` is already said by `b`: the IDF-weighted share of a's terms
 * that b has too. Asymmetric on purpose: a short sentence whose facts all sit
 * inside a longer chosen one is a repeat, even though their cosine is low.
 */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>, idf: ReadonlyMap<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const t of a) {
    const w = idf.get(t) ?? 1;
    total += w;
    if (b.has(t)) shared += w;
  }
  return total === 0 ? 0 : shared / total;
}

/**
 * TextRank's edge weight: shared terms over the log of both lengths, which
 * favours sentences that carry many of the story's words.
 */
export function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length < 2 || b.length < 2) return 0;
  const set = new Set(a);
  let common = 0;
  for (const t of new Set(b)) if (set.has(t)) common++;
  return common / (Math.log(a.length) + Math.log(b.length));
}

/** The TextRank graph: `overlap` between every pair, each pair computed once. */
export function overlapGraph(termLists: readonly string[][]): Float64Array[] {
  const n = termLists.length;
  const sets = termLists.map((t) => new Set(t));
  const logs = termLists.map((t) => Math.log(t.length));
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    if (termLists[i]!.length < 2) continue;
    for (let j = i + 1; j < n; j++) {
      if (termLists[j]!.length < 2) continue;
      const [small, large] = sets[i]!.size <= sets[j]!.size ? [sets[i]!, sets[j]!] : [sets[j]!, sets[i]!];
      let common = 0;
      for (const t of small) if (large.has(t)) common++;
      if (common === 0) continue;
      rows[i]![j] = rows[j]![i] = common / (logs[i]! + logs[j]!);
    }
  }
  return rows;
}

/** Weighted PageRank by power iteration; deterministic (fixed order, fixed stop rule). */
export function pageRank(weights: readonly Float64Array[], damping = 0.85, maxIterations = 100, tolerance = 1e-8): Float64Array {
  const n = weights.length;
  const rank = new Float64Array(n).fill(1 / Math.max(n, 1));
  if (n === 0) return rank;
  const outSum = weights.map((row) => row.reduce((s, w) => s + w, 0));
  for (let iter = 0; iter < maxIterations; iter++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let j = 0; j < n; j++) if (outSum[j] === 0) dangling += rank[j]!;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        const w = weights[j]![i]!;
        if (w > 0) s += (w / outSum[j]!) * rank[j]!;
      }
      next[i] = (1 - damping) / n + damping * (s + dangling / n);
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs(next[i]! - rank[i]!);
    rank.set(next);
    if (delta < tolerance) break;
  }
  return rank;
}
