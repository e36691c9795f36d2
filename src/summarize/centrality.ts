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

export interface CentralityOptions {
  /**
   * Edges below min + threshold * (max - min) of the story's similarities
   * are dropped, and that floor is taken off the rest (PacSum's beta), so
   * that words every sentence shares do not make every sentence central.
   */
  threshold: number;
  /** Weight of similarity to a preceding sentence of the same article; a following one weighs 1. */
  backward: number;
}

/**
 * Each unit's directed centrality over `sim`, the story's sentence graph
 * (TextRank's shared words over log lengths, rank.ts's overlapGraph: the
 * caller builds it once for both centralities); aligned with `units`.
 */
export function directedCentrality(units: readonly Unit[], sim: readonly Float64Array[], options: CentralityOptions): number[] {
  const n = units.length;
  if (n === 0) return [];
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
