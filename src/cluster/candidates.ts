// Candidate pairs without comparing all pairs: each article is indexed under
// its few heaviest terms, and only articles that share one of them are
// compared. Terms carried by very many articles are not used for blocking (they
// are common words of the day, not the mark of one story), which keeps the
// work per article bounded and the whole near-linear.
import type { WeightedEdge } from './average-link.js';
import { dot, type SparseVector } from './vectors.js';

export interface Edge {
  a: number;
  b: number;
  sim: number;
}

export interface BlockingOptions {
  /** How many of an article's heaviest terms it is indexed under. */
  blockTerms: number;
  /** A term in more articles than this does not make candidates. */
  maxPosting: number;
  /** Pairs below this cosine are dropped at once. */
  minSim: number;
}

/** The heaviest terms of a vector, heaviest first (ties by term id, for determinism). */
function topTerms(v: SparseVector, k: number): number[] {
  const order = Array.from(v.ids.keys()).sort((x, y) => v.weights[y]! - v.weights[x]! || v.ids[x]! - v.ids[y]!);
  return order.slice(0, k).map((i) => v.ids[i]!);
}

/** Similar pairs (a < b) among candidates that share a blocking term, in a deterministic order. */
export function candidateEdges(vectors: readonly SparseVector[], options: BlockingOptions): Edge[] {
  const postings = new Map<number, number[]>();
  const keys = vectors.map((v) => topTerms(v, options.blockTerms));
  keys.forEach((terms, doc) => {
    for (const t of terms) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push(doc);
    }
  });
  const edges: Edge[] = [];
  const seen = new Set<number>();
  for (let a = 0; a < vectors.length; a++) {
    seen.clear();
    for (const t of keys[a]!) {
      const list = postings.get(t)!;
      if (list.length > options.maxPosting) continue;
      for (const b of list) {
        if (b <= a || seen.has(b)) continue;
        seen.add(b);
        const sim = dot(vectors[a]!, vectors[b]!);
        if (sim >= options.minSim) edges.push({ a, b, sim });
      }
    }
  }
  return edges;
}

/** Marks each edge with its cosine where it is among the `k` strongest edges of either end, else 0. */
export function markNearest(n: number, edges: readonly Edge[], k: number): WeightedEdge[] {
  const byNode: number[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => {
    byNode[e.a]!.push(i);
    byNode[e.b]!.push(i);
  });
  const near = new Uint8Array(edges.length);
  for (const list of byNode) {
    list.sort((x, y) => edges[y]!.sim - edges[x]!.sim || x - y);
    for (const i of list.slice(0, k)) near[i] = 1;
  }
  return edges.map((e, i) => ({ ...e, near: near[i] ? e.sim : 0 }));
}
