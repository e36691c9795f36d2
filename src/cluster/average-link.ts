// Average-link agglomerative clustering over a sparse similarity graph, with
// two averages that must both clear their threshold:
// - `sim`: the cosine of every candidate pair (a pair that was never a
//   candidate counts as 0, which it nearly is: it shares none of the other's
//   heaviest terms). This keeps unrelated articles apart on a quiet day.
// - `near`: the cosine only where one article is among the other's nearest
//   neighbours, else 0. Two similar events (two earthquakes) are close, but each
//   article's nearest neighbours are its own event's, so this average stays low
//   between them while it stays high inside one event.
// Each merge touches only the merged clusters' neighbours, so the cost follows
// the number of candidate edges, not n².
import FlatQueue from 'flatqueue';

export interface WeightedEdge {
  a: number;
  b: number;
  sim: number;
  near: number;
}

export interface LinkThresholds {
  sim: number;
  near: number;
  /** How many nearest neighbours each item marked (the `k` of `near`). */
  neighbours: number;
  /**
   * 'centroid': `sim` is the cosine of the two groups' summed vectors, which
   * is the average cross cosine divided by how tight each group is inside. A
   * big story told in many words by many outlets is loose inside, so its
   * halves still join; two singletons compare by their plain cosine.
   * 'average': the plain average over all cross pairs.
   */
  linkage: 'centroid' | 'average';
}

interface Link {
  sim: number;
  near: number;
}

interface Cluster {
  members: number[];
  /** Sum of the cosines of the candidate pairs inside the cluster. */
  inner: number;
  /** Neighbouring cluster id -> sums over all edges between the two. */
  links: Map<number, Link>;
  version: number;
  alive: boolean;
}

/**
 * How far a pair of clusters clears both thresholds (>= 1: merge). The near
 * sum is averaged over the pairs that could be near at all: each item marks
 * only k neighbours, so between two large halves of one big story at most
 * about k * (|A| + |B|) pairs can be near, not |A| * |B|.
 */
function score(link: Link, a: Cluster, b: Cluster, t: LinkThresholds): number {
  const sizeA = a.members.length;
  const sizeB = b.members.length;
  const pairs = sizeA * sizeB;
  const nearPairs = Math.min(pairs, t.neighbours * (sizeA + sizeB));
  // |sum of unit vectors|² = size + 2 * (cosines inside), over candidate pairs.
  const sim = t.linkage === 'centroid' ? link.sim / Math.sqrt((sizeA + 2 * a.inner) * (sizeB + 2 * b.inner)) : link.sim / pairs;
  return Math.min(sim / t.sim, link.near / nearPairs / t.near);
}

function addLink(c: Cluster, other: number, sim: number, near: number): void {
  const l = c.links.get(other);
  if (l) {
    l.sim += sim;
    l.near += near;
  } else c.links.set(other, { sim, near });
}

/** Groups `n` items: merges the pair of clusters that best clears both average thresholds, while one does. */
export function averageLink(n: number, edges: readonly WeightedEdge[], t: LinkThresholds): number[][] {
  const clusters: Cluster[] = Array.from({ length: n }, (_, i) => ({ members: [i], inner: 0, links: new Map(), version: 0, alive: true }));
  for (const { a, b, sim, near } of edges) {
    addLink(clusters[a]!, b, sim, near);
    addLink(clusters[b]!, a, sim, near);
  }
  // Queue entries live in parallel arrays; the queue holds their index and the
  // negated score (it pops the lowest). An entry is stale once either side has
  // changed since it was pushed.
  const entryA: number[] = [];
  const entryB: number[] = [];
  const entryVa: number[] = [];
  const entryVb: number[] = [];
  const queue = new FlatQueue<number>();
  const push = (a: number, b: number): void => {
    const s = score(clusters[a]!.links.get(b)!, clusters[a]!, clusters[b]!, t);
    if (s < 1) return;
    entryA.push(a);
    entryB.push(b);
    entryVa.push(clusters[a]!.version);
    entryVb.push(clusters[b]!.version);
    queue.push(entryA.length - 1, -s);
  };
  for (let a = 0; a < n; a++) for (const b of clusters[a]!.links.keys()) if (a < b) push(a, b);
  while (queue.length > 0) {
    const e = queue.pop()!;
    const a = entryA[e]!;
    const b = entryB[e]!;
    const ca = clusters[a]!;
    const cb = clusters[b]!;
    if (!ca.alive || !cb.alive || ca.version !== entryVa[e] || cb.version !== entryVb[e]) continue;
    // Merge b into a.
    ca.members.push(...cb.members);
    ca.inner += cb.inner + ca.links.get(b)!.sim;
    cb.alive = false;
    ca.links.delete(b);
    for (const [c, l] of cb.links) {
      if (c === a) continue;
      addLink(ca, c, l.sim, l.near);
      const cc = clusters[c]!;
      addLink(cc, a, l.sim, l.near);
      cc.links.delete(b);
    }
    cb.links.clear();
    ca.version++;
    for (const c of ca.links.keys()) push(a, c);
  }
  return clusters.filter((c) => c.alive).map((c) => c.members.sort((x, y) => x - y));
}
