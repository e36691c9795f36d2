import { describe, expect, it } from 'vitest';
import { backoffDelay, ErrorRate } from '../../src/deliver/retry.js';

describe('backoffDelay', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per attempt up to the cap, with half of it random', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });
});

describe('ErrorRate', () => {
  it('trips only past the share of failures, once enough outcomes are in', () => {
    const rate = new ErrorRate({ window: 4, minSamples: 4, maxErrorRate: 0.5 });
    for (const failed of [true, true, true]) rate.add(failed);
    expect(rate.tripped()).toBe(false); // too few samples
    rate.add(false);
    expect(rate.tripped()).toBe(true); // 3 of 4
    rate.add(false);
    expect(rate.tripped()).toBe(false); // window slides: 2 of 4 is not more than half
    expect(rate.describe()).toBe('2 of the last 4');
  });
});
