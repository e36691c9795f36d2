// Position-aware, directed centrality (after PacSum, Zheng & Lapata 2019).
// News is written top-down: the opening sentences state what happened and
// the rest of the article elaborates, so a sentence that the sentences
// AFTER it keep returning to is the one that introduced the story. Plain
// TextRank counts an edge the same way both ways and so rewards a late
// summing-up sentence as much as the lede; here an edge to a following
// sentence counts fully and an edge to a preceding one counts `backward`
// times (less, or even against). Between two outlets' articles there is no
// before or after: a fact another outlet repeats counts fully, as support.
import type { Unit } from './candidates.js';
import { idfWeights, overlapGraph } from './rank.js';

export interface CentralityOptions {
  /**
   * Edges below min + threshold * (max - min) of the story's similarities
   * are dropped, and that floor is taken off the rest (PacSum's beta), so
   * that words every sentence shares do not make every sentence central.
   */
  threshold: number;
  /** Weight of similarity to a preceding sentence of the same article; a following one weighs 1. */
  backward: number;
  /** Edge weight: TF-IDF cosine, or TextRank's shared words over log lengths. */
  similarity?: 'cosine' | 'overlap';
}

/** TF-IDF cosine similarity between every pair of units, each pair computed once. */
export function cosineMatrix(units: readonly Unit[]): Float64Array[] {
  const idf = idfWeights(units.map((u) => u.terms));
  const vectors = units.map((u) => {
    const v = new Map<string, number>();
    for (const t of u.terms) v.set(t, (v.get(t) ?? 0) + idf.get(t)!);
    let norm = 0;
    for (const w of v.values()) norm += w * w;
    return { v, norm: Math.sqrt(norm) };
  });
  const n = units.length;
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const a = vectors[i]!;
    if (a.norm === 0) continue;
    for (let j = i + 1; j < n; j++) {
      const b = vectors[j]!;
      if (b.norm === 0) continue;
      const [small, large] = a.v.size <= b.v.size ? [a.v, b.v] : [b.v, a.v];
      let dot = 0;
      for (const [t, w] of small) {
        const x = large.get(t);
        if (x !== undefined) dot += w * x;
      }
      if (dot > 0) rows[i]![j] = rows[j]![i] = dot / (a.norm * b.norm);
    }
  }
  return rows;
}

/** Each unit's directed centrality; aligned with `units`. */
export function directedCentrality(units: readonly Unit[], options: CentralityOptions): number[] {
  const n = units.length;
  if (n === 0) return [];
  const sim = options.similarity === 'overlap' ? overlapGraph(units.map((u) => u.terms)) : cosineMatrix(units);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = sim[i]![j]!;
      if (s < min) min = s;
      if (s > max) max = s;
    }
  }
  if (!(max > min)) return units.map(() => 0);
  const floor = min + options.threshold * (max - min);
  return units.map((u, i) => {
    let score = 0;
    for (let j = 0; j < n; j++) {
      const e = sim[i]![j]! - floor;
      if (j === i || e <= 0) continue;
      const v = units[j]!;
      if (v.article !== u.article || v.position > u.position) score += e;
      else score += options.backward * e;
    }
    return score;
  });
}
