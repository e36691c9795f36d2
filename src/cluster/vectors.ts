// Sparse TF-IDF vectors, L2-normalised, so that a dot product is a cosine.
import { articleTerms, type TermOptions } from './terms.js';

export interface SparseVector {
  /** Term ids, ascending. */
  ids: Int32Array;
  weights: Float64Array;
}

export interface Vectorised {
  vectors: SparseVector[];
  /** Document frequency per term id. */
  df: Int32Array;
  /** Per document, the ids of the terms it uses as names (capitalised inside a sentence, or part of a run of such words). */
  names: Set<number>[];
}

/** Builds one TF-IDF vector per (title, text) pair; IDF comes from these documents alone. */
export function vectorise(docs: readonly { title: string; text: string }[], options: TermOptions & { saturation: number }): Vectorised {
  const dictionary = new Map<string, number>();
  const names: Set<number>[] = [];
  const counts = docs.map((d) => {
    const named = new Set<string>();
    const raw = articleTerms(d.title, d.text, options, named);
    const byId = new Map<number, number>();
    for (const [term, c] of raw) {
      let id = dictionary.get(term);
      if (id === undefined) {
        id = dictionary.size;
        dictionary.set(term, id);
      }
      byId.set(id, c);
    }
    names.push(new Set([...named].map((t) => dictionary.get(t)!).filter((id) => id !== undefined)));
    return byId;
  });
  const df = new Int32Array(dictionary.size);
  for (const c of counts) for (const id of c.keys()) df[id]!++;
  const n = docs.length;
  // Smoothed IDF: stays positive for a term in every document, and behaves on
  // the small collections of a single day (two articles must still compare).
  const idf = Float64Array.from(df, (f) => (Math.log((n + 1) / (f + 1)) + 1));
  const vectors = counts.map((c) => {
    const ids = Int32Array.from(c.keys()).sort();
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      const w = tf(c.get(ids[i]!)!, options.saturation) * idf[ids[i]!]!;
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
    return { ids, weights };
  });
  return { vectors, df, names };
}

/** Cosine of two L2-normalised sparse vectors (a merge over their sorted ids). */
export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * Saturating term frequency (BM25's, with k1 = `saturation`): a word's weight
 * approaches k1 + 1 however often it is repeated, so a long article that keeps
 * naming its subject does not outweigh the names and places it mentions a few
 * times, which are what tell one event from a similar one. 0 falls back to
 * 1 + log(count), which keeps growing.
 */
function tf(count: number, saturation: number): number {
  if (saturation > 0) return ((saturation + 1) * count) / (saturation + count);
  return count >= 1 ? 1 + Math.log(count) : count;
}
