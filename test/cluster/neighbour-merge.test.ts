// The recall pass after average-link: a lone article joins a bigger story only
// when most of its nearest neighbours are that story's articles.
import { describe, expect, it } from 'vitest';
import type { Edge } from '../../src/cluster/candidates.js';
import { neighbourMerge, restsOnNames } from '../../src/cluster/neighbour-merge.js';

const options = { k: 4, needed: 3, minSim: 0.05, maxSize: 1 };
const edge = (a: number, b: number, sim: number): Edge => (a < b ? { a, b, sim } : { a: b, b: a, sim });

describe('neighbourMerge', () => {
  it('moves a loosely written report into the story holding 3 of its 4 nearest neighbours', () => {
    // 0-3 one story; 4 and 5 another; 6 alone, close to 0, 1, 2 and a bit to 4.
    const groups = [[0, 1, 2, 3], [4, 5], [6]];
    const edges = [edge(6, 0, 0.12), edge(6, 1, 0.1), edge(6, 2, 0.09), edge(6, 4, 0.11)];
    expect(neighbourMerge(7, groups, edges, options)).toEqual([[0, 1, 2, 3, 6], [4, 5]]);
  });

  it('leaves an article whose neighbours are split between stories alone (no majority, no merge)', () => {
    const groups = [[0, 1, 2], [3, 4, 5], [6]];
    const edges = [edge(6, 0, 0.12), edge(6, 1, 0.1), edge(6, 3, 0.11), edge(6, 4, 0.1)];
    expect(neighbourMerge(7, groups, edges, options)).toEqual(groups);
  });

  it('ignores neighbours below the floor and never joins two lone articles (a day of unrelated stories stays apart)', () => {
    const weak = [[0, 1, 2], [3]];
    expect(neighbourMerge(4, weak, [edge(3, 0, 0.04), edge(3, 1, 0.04), edge(3, 2, 0.04)], options)).toEqual(weak);
    const singles = [[0], [1], [2], [3]];
    expect(neighbourMerge(4, singles, [edge(0, 1, 0.3), edge(0, 2, 0.3), edge(0, 3, 0.3)], options)).toEqual(singles);
  });

  it('tells likeness through names alone from likeness that shares what happened', () => {
    // Terms 0, 1: a town's name; 2, 3: "tram", "line". The group's articles use all four.
    const v = (ids: number[], weights: number[]) => ({ ids: Int32Array.from(ids), weights: Float64Array.from(weights) });
    const vectors = [v([0, 1, 2, 3], [0.5, 0.5, 0.5, 0.5]), v([0, 1, 2, 3], [0.5, 0.5, 0.5, 0.5]), v([0, 1, 9], [0.6, 0.6, 0.5]), v([0, 1, 2, 9], [0.5, 0.5, 0.3, 0.6])];
    const townNames = new Set([0, 1]);
    expect(restsOnNames(2, [0, 1], vectors, townNames, 0.1)).toBe(true);
    expect(restsOnNames(3, [0, 1], vectors, townNames, 0.1)).toBe(false);
    expect(restsOnNames(2, [0, 1], vectors, townNames, 0)).toBe(false);
  });
});
