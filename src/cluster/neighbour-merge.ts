// A second, recall-oriented pass after average-link: a small group joins a
// bigger one when every one of its articles has most of its nearest
// neighbours in that bigger group. A loosely written report of a big story
// (few words in common with any single other report, so no pair clears the
// merge threshold) still has that story's reports as its closest articles,
// and a story told by many outlets offers many such neighbours. It stays
// precision-safe because it asks for support from every article of the small
// group and from several different articles of the big one: one shared name
// or one similar article is not enough, and on a day of unrelated articles
// (no big group) nothing moves.
import type { Edge } from './candidates.js';
import type { SparseVector } from './vectors.js';

/**
 * True when article `i` is like the group `members` only through names: it
 * shares a town, a district or a person with them and nothing about what
 * happened ("Port Halvern" and "Alder Hill" in a chess club's win and in the
 * town's new tram line). Several reports of one story all carry those names,
 * so all of them are the article's nearest neighbours, and counting
 * neighbours alone cannot tell. A report of the same event shares some of
 * what happened as well: the tram, the line, the opening. The likeness is the
 * dot product with the group's summed vectors; `minShare` of it must come
 * from terms the article does not use as names.
 */
export function restsOnNames(i: number, members: readonly number[], vectors: readonly SparseVector[], names: ReadonlySet<number>, minShare: number): boolean {
  if (minShare <= 0) return false;
  const centre = new Map<number, number>();
  for (const m of members) {
    const u = vectors[m]!;
    for (let k = 0; k < u.ids.length; k++) centre.set(u.ids[k]!, (centre.get(u.ids[k]!) ?? 0) + u.weights[k]!);
  }
  const v = vectors[i]!;
  let total = 0;
  let content = 0;
  for (let k = 0; k < v.ids.length; k++) {
    const part = v.weights[k]! * (centre.get(v.ids[k]!) ?? 0);
    total += part;
    if (!names.has(v.ids[k]!)) content += part;
  }
  return total === 0 || content / total < minShare;
}

export interface NeighbourMergeOptions {
  /** How many nearest neighbours (outside its own group) each article consults. */
  k: number;
  /** How many of those must lie in the one bigger group. */
  needed: number;
  /** Neighbours less similar than this do not count (an unrelated article is no support). */
  minSim: number;
  /** Groups up to this size may move. */
  maxSize: number;
  /** Least share of a moving article's likeness to the bigger group that must come from words other than names (0: no check). See `restsOnNames`. */
  minContentShare?: number;
}

/** Moves small groups into the bigger group most of their articles' nearest neighbours are in; returns the new groups. */
export function neighbourMerge(n: number, groups: readonly number[][], edges: readonly Edge[], o: NeighbourMergeOptions, terms?: { vectors: readonly SparseVector[]; names: readonly Set<number>[] }): number[][] {
  const groupOf = new Int32Array(n);
  groups.forEach((g, gi) => {
    for (const i of g) groupOf[i] = gi;
  });
  const byNode: Edge[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    if (e.sim < o.minSim) continue;
    byNode[e.a]!.push(e);
    byNode[e.b]!.push(e);
  }
  for (const list of byNode) list.sort((x, y) => y.sim - x.sim || x.a - y.a || x.b - y.b);
  // Decided on the groups as average-link left them, smallest first, so that
  // the result does not depend on the order moves happen in.
  const target = new Int32Array(groups.length).fill(-1);
  groups.forEach((g, gi) => {
    if (g.length > o.maxSize) return;
    let agreed = -1;
    for (const i of g) {
      const counts = new Map<number, number>();
      let seen = 0;
      for (const e of byNode[i]!) {
        const other = e.a === i ? e.b : e.a;
        const og = groupOf[other]!;
        if (og === gi) continue;
        counts.set(og, (counts.get(og) ?? 0) + 1);
        if (++seen >= o.k) break;
      }
      let best = -1;
      for (const [h, c] of counts) if (c >= o.needed && groups[h]!.length > g.length) best = h;
      if (best < 0 || (agreed >= 0 && best !== agreed)) return;
      if (terms && restsOnNames(i, groups[best]!, terms.vectors, terms.names[i]!, o.minContentShare ?? 0)) return;
      agreed = best;
    }
    target[gi] = agreed;
  });
  // A group that receives others does not move itself (no chains).
  const out = groups.map((g) => [...g]);
  for (let gi = 0; gi < groups.length; gi++) {
    const h = target[gi]!;
    if (h < 0 || target[h]! >= 0) continue;
    out[h]!.push(...out[gi]!);
    out[gi] = [];
  }
  return out.filter((g) => g.length > 0).map((g) => g.sort((x, y) => x - y));
}
