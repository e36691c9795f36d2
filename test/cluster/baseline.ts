// The baseline the data README describes, measured beside Gazette in the same
// run: TF-IDF over the title (counted twice) and the first 150 body words,
// cosine similarity, average-link over all pairs, merging while the best
// average is at least 0.08. Quadratic, so for evaluation only.
import type { Article } from '../../src/types.js';

const TOKEN = /[\p{L}\p{N}]+/gu;
const STOP = new Set('a an the of to in on for and or but is are was were be been by with at from as that this it its he she they his her their has have had not will would said says'.split(' '));

function tokens(text: string, limit: number): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    if (out.length >= limit) break;
    if (!STOP.has(m[0])) out.push(m[0]);
  }
  return out;
}

/** Groups articles (as lists of ids) with all-pairs TF-IDF average-link at `threshold`. */
export function baselineClusters(articles: readonly Article[], threshold = 0.08): string[][] {
  const n = articles.length;
  const counts = articles.map((a) => {
    const c = new Map<string, number>();
    const words = [...tokens(a.title, Infinity), ...tokens(a.title, Infinity), ...tokens(a.text, 150)];
    for (const w of words) c.set(w, (c.get(w) ?? 0) + 1);
    return c;
  });
  const df = new Map<string, number>();
  for (const c of counts) for (const w of c.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const vectors = counts.map((c) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, f] of c) {
      const x = f * (Math.log((n + 1) / (df.get(w)! + 1)) + 1);
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
  const sim: Float64Array[] = vectors.map((a, i) => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      const b = vectors[j]!;
      for (const [w, x] of a) s += x * (b.get(w) ?? 0);
      row[j] = s;
    }
    return row;
  });
  // Sum of similarities between live clusters; average = sum / (size * size).
  let clusters = articles.map((_, i) => [i]);
  const sums = sim.map((row) => Float64Array.from(row));
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++)
      for (let j = i + 1; j < clusters.length; j++) {
        const avg = sums[i]![j]! / (clusters[i]!.length * clusters[j]!.length);
        if (avg > best) [best, bi, bj] = [avg, i, j];
      }
    if (best < threshold || bi < 0) break;
    clusters[bi] = clusters[bi]!.concat(clusters[bj]!);
    for (let k = 0; k < clusters.length; k++) {
      sums[bi]![k]! += sums[bj]![k]!;
      sums[k]![bi] = sums[bi]![k]!;
    }
    sums.splice(bj, 1);
    for (const row of sums) row.copyWithin(bj, bj + 1);
    clusters = clusters.filter((_, k) => k !== bj);
  }
  return clusters.map((c) => c.map((i) => articles[i]!.id));
}
