// Story clustering against event labels written by other people: the
// Giveme5W1H news clusters and ECB+ (pairs of similar but different events).
// Prints B-cubed precision, recall and F1.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterStories } from '../../src/cluster/index.js';
import { bcubed, type Scores } from './bcubed.js';
import { ECBPLUS, loadEcbPlus, loadNewsEvents, NEWS_EVENTS, type Labelled } from './datasets.js';

function score(set: Labelled): Scores & { stories: number } {
  const stories = clusterStories(set.articles);
  return { ...bcubed(stories.map((s) => s.articles.map((a) => a.id)), set.gold), stories: stories.length };
}

function report(name: string, set: Labelled, s: Scores & { stories: number }): void {
  const events = new Set(set.gold.values()).size;
  console.log(`${name}: ${set.articles.length} articles, ${events} events -> ${s.stories} stories; B-cubed P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`);
}

if (!existsSync(NEWS_EVENTS)) console.log(`skipped: ${NEWS_EVENTS} is missing (shared test data)`);
describe.skipIf(!existsSync(NEWS_EVENTS))('news-events (179 articles from dozens of outlets)', () => {
  it('matches the events with B-cubed F1 >= 0.95', () => {
    const set = loadNewsEvents();
    const s = score(set);
    report('news-events', set, s);
    expect(s.f1).toBeGreaterThanOrEqual(0.95);
  });
});

if (!existsSync(ECBPLUS)) console.log(`skipped: ${ECBPLUS} is missing (shared test data)`);
describe.skipIf(!existsSync(ECBPLUS))('ECB+ (similar but different events)', () => {
  it('matches all 982 documents\' events with B-cubed F1 >= 0.9', () => {
    const set = loadEcbPlus();
    const s = score(set);
    report('ecbplus, all 43 topics', set, s);
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('matches topics 36 to 45 (the subset the data README quotes) with B-cubed F1 >= 0.9', () => {
    const set = loadEcbPlus(undefined, (t) => t >= 36 && t <= 45);
    const s = score(set);
    report('ecbplus, topics 36-45', set, s);
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
  });
});
