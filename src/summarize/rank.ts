// Sentence centrality, TextRank/LexRank style: sentences are nodes, edges are
// weighted by how much vocabulary two sentences share, and PageRank (power
// iteration) finds the sentences the rest of the story keeps coming back to.
// A dozen lines of arithmetic, so written here rather than pulling in a graph
// library.

/** A sparse term-weight vector, unit length. */
export type Vector = Map<string, number>;

/** TF-IDF vectors for each term list, with IDF taken over the lists themselves. */
export function tfidfVectors(termLists: readonly string[][]): Vector[] {
  const df = new Map<string, number>();
  for (const list of termLists) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = termLists.length;
  return termLists.map((list) => {
    const v: Vector = new Map();
    for (const t of list) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, tf] of v) {
      const w = tf * Math.log(1 + n / df.get(t)!);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

/** Cosine similarity of two unit vectors. */
export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  return dot;
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
