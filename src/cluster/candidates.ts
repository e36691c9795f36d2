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
  /** How many other articles (those sharing the most blocking terms) each article is compared with. */
  maxCandidates: number;
  /** Pairs below this cosine are dropped at once. */
  minSim: number;
}

/** The heaviest terms of a vector, heaviest first (ties by term id, for determinism). */
function topTerms(v: SparseVector, k: number): number[] {
  const order = Array.from(v.ids.keys()).sort((x, y) => v.weights[y]! - v.weights[x]! || v.ids[x]! - v.ids[y]!);
  return order.slice(0, k).map((i) => v.ids[i]!);
}

/**
 * Similar pairs (a < b), in a deterministic order. Each article is compared
 * with at most `maxCandidates` others: those sharing the most blocking terms
 * with it. Counting shared terms is cheap; this cap bounds the costly cosines
 * and the edges the merging has to walk, even on a day when one story
 * dominates every outlet.
 */
export function candidateEdges(vectors: readonly SparseVector[], options: BlockingOptions): Edge[] {
  const n = vectors.length;
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
  const done = new Set<number>();
  const shared = new Int32Array(n);
  const touched: number[] = [];
  const histogram = new Int32Array(options.blockTerms + 2);
  for (let a = 0; a < n; a++) {
    for (const t of keys[a]!) {
      const list = postings.get(t)!;
      if (list.length > options.maxPosting) continue;
      for (const b of list) {
        if (b === a) continue;
        if (shared[b] === 0) touched.push(b);
        shared[b]!++;
      }
    }
    for (const b of mostShared(touched, shared, options.maxCandidates, histogram)) {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const key = lo * n + hi;
      if (done.has(key)) continue;
      done.add(key);
      const sim = dot(vectors[lo]!, vectors[hi]!);
      if (sim >= options.minSim) edges.push({ a: lo, b: hi, sim });
    }
    for (const b of touched) shared[b] = 0;
    touched.length = 0;
  }
  return edges;
}

/**
 * The `limit` documents sharing the most blocking terms (ties: lower index
 * first). Counts are small integers, so a histogram finds the cut-off without
 * sorting thousands of candidates per article.
 */
function mostShared(touched: readonly number[], shared: Int32Array, limit: number, histogram: Int32Array): number[] {
  if (touched.length <= limit) return [...touched].sort((x, y) => x - y);
  histogram.fill(0);
  const top = histogram.length - 1;
  for (const b of touched) histogram[Math.min(shared[b]!, top)]!++;
  let cut = top;
  let above = 0;
  while (cut > 1 && above + histogram[cut]! < limit) above += histogram[cut--]!;
  const picked: number[] = [];
  const boundary: number[] = [];
  for (const b of touched) {
    const c = Math.min(shared[b]!, top);
    if (c > cut) picked.push(b);
    else if (c === cut) boundary.push(b);
  }
  boundary.sort((x, y) => x - y);
  return picked.concat(boundary.slice(0, limit - picked.length));
}

/** Articles at least this similar are copies of one text (syndication, reposts). */
const COPY = 0.9;

/**
 * Marks each edge with its cosine where it is near for either end, else 0:
 * among that end's `k` strongest edges, or at least `ratio` times that end's
 * strongest edge (so that in a big story, whose articles are all about equally
 * close, every member counts as near, not only the first k). Copies of the
 * same text are near but do not use up the k places: twenty reposts of one
 * wire story must not hide the other outlets' reports from each other.
 */
export function markNearest(n: number, edges: readonly Edge[], k: number, ratio = 1): WeightedEdge[] {
  const byNode: number[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => {
    byNode[e.a]!.push(i);
    byNode[e.b]!.push(i);
  });
  const near = new Uint8Array(edges.length);
  for (const list of byNode) {
    list.sort((x, y) => edges[y]!.sim - edges[x]!.sim || x - y);
    let rank = 0;
    let floor = Number.POSITIVE_INFINITY;
    for (const i of list) {
      const sim = edges[i]!.sim;
      if (sim >= COPY) {
        near[i] = 1;
        continue;
      }
      if (rank === 0) floor = sim * ratio;
      if (rank < k || sim >= floor) near[i] = 1;
      else break;
      rank++;
    }
  }
  return edges.map((e, i) => ({ ...e, near: near[i] ? e.sim : 0 }));
}
