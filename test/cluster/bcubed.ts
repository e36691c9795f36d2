// B-cubed precision and recall (Bagga & Baldwin): for each item, how much of
// its predicted cluster shares its gold label, and how much of its gold class
// landed in its predicted cluster, averaged over items.

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** Scores a predicted clustering (lists of item keys) against gold labels keyed the same way. */
export function bcubed(predicted: readonly (readonly string[])[], gold: ReadonlyMap<string, string>): Scores {
  const goldSize = new Map<string, number>();
  for (const label of gold.values()) goldSize.set(label, (goldSize.get(label) ?? 0) + 1);
  let p = 0;
  let r = 0;
  let n = 0;
  for (const cluster of predicted) {
    const perLabel = new Map<string, number>();
    for (const key of cluster) {
      const label = gold.get(key);
      if (label === undefined) throw new Error(`no gold label for ${key}`);
      perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
    }
    for (const key of cluster) {
      const same = perLabel.get(gold.get(key)!)!;
      p += same / cluster.length;
      r += same / goldSize.get(gold.get(key)!)!;
      n++;
    }
  }
  if (n !== gold.size) throw new Error(`clustered ${n} items but ${gold.size} have labels`);
  const precision = p / n;
  const recall = r / n;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}
