import { describe, expect, it } from 'vitest';
import { bcubed } from './bcubed.js';

// The scorer behind the printed figures gets its own check, with values worked by hand.
describe('bcubed', () => {
  const gold = new Map([['a', 'x'], ['b', 'x'], ['c', 'y']]);
  it('is perfect for the gold clustering', () => {
    expect(bcubed([['a', 'b'], ['c']], gold)).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
  it('counts a merge against precision and a split against recall', () => {
    const merged = bcubed([['a', 'b', 'c']], gold);
    expect(merged.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3);
    expect(merged.recall).toBe(1);
    const split = bcubed([['a'], ['b'], ['c']], gold);
    expect(split.precision).toBe(1);
    expect(split.recall).toBeCloseTo((1 / 2 + 1 / 2 + 1) / 3);
  });
  it('refuses a clustering that leaves labelled items out', () => {
    expect(() => bcubed([['a']], gold)).toThrow(/clustered 1 items but 3/);
  });
});
