// The two seeds, gathered, cleaned and clustered as a build does: one story
// with both articles.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticles } from '../../src/clean/index.js';
import { clusterStories } from '../../src/cluster/index.js';
import { contentFolderSource, gatherArticles } from '../../src/gather/index.js';
import { art, STORIES } from './articles.js';

const SEEDS = resolve('..', 'shared', 'seeds');

if (!existsSync(SEEDS)) console.log(`skipped: ${SEEDS} is missing (shared seeds)`);
describe.skipIf(!existsSync(SEEDS))('the seeds as stories', () => {
  it('become exactly one story with two articles', async () => {
    const { articles, problems } = await gatherArticles([contentFolderSource(SEEDS)]);
    expect(problems).toEqual([]);
    const stories = clusterStories(cleanArticles(articles));
    expect(stories).toHaveLength(1);
    expect(stories[0]!.articles).toHaveLength(2);
    // The blog's "… – Any link?" loses to the news outlet's plain report.
    expect(stories[0]!.title).toBe('North Korea: Dictator Kim Jong-un stole millions of dollars in crypto coal, according to US report');
  });

  it('stay one story among unrelated ones, which stay apart', async () => {
    const { articles } = await gatherArticles([contentFolderSource(SEEDS)]);
    const others = [...STORIES.bridge, ...STORIES.orchestra, ...STORIES.comet, ...STORIES.floodA];
    const stories = clusterStories(cleanArticles([...articles, ...others]));
    const seedStories = stories.filter((s) => s.articles.some((a) => a.source.includes('seeds')));
    expect(seedStories.map((s) => s.articles.length)).toEqual([2]);
    expect(stories).toHaveLength(5);
  });
});

const CONTENT = resolve('content');

// The sample content/ folder: three outlets on the Harbour Line opening are one
// story; the nine other articles are nine stories.
describe('the sample content folder as stories', () => {
  it('groups the three Harbour Line reports and keeps every other article apart', async () => {
    const { articles } = await gatherArticles([contentFolderSource(CONTENT)]);
    const stories = clusterStories(cleanArticles(articles));
    expect(stories.map((s) => s.articles.length).sort((a, b) => b - a)).toEqual([3, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const tram = stories.find((s) => s.articles.length === 3)!;
    expect(tram.articles.every((a) => /Harbour Line/i.test(a.title))).toBe(true);
    expect(tram.title).toMatch(/Harbour Line/);
  });

  it('keeps a short item from the same town apart from the tram story: sharing its places is not sharing its news', async () => {
    const { articles } = await gatherArticles([contentFolderSource(CONTENT)]);
    // A club newsletter's item: "Port Halvern" and "Alder Hill" are its only words in common with the tram reports.
    const chess = art('club-notes-chess', 'Chess club wins county league',
      'The Port Halvern chess club won the county league on Wednesday for the first time since 1998. The team of eight beat Alder Hill in the final round.',
      { outlet: 'Club Notes', published: '2026-12-03T03:00:00Z' });
    const stories = clusterStories(cleanArticles([...articles, chess]));
    expect(stories.find((s) => s.articles.some((a) => a.id === chess.id))!.articles).toHaveLength(1);
    expect(stories.find((s) => s.articles.length > 1)!.articles.map((a) => a.outlet).sort()).toEqual(['Coastline Daily', 'Harbour Times', 'Port Halvern Post']);
    // The check that keeps it out is the only thing that does: without it, it joins as a fourth source.
    const unguarded = clusterStories(cleanArticles([...articles, chess]), { mergeMinContent: 0 });
    expect(unguarded.find((s) => s.articles.some((a) => a.id === chess.id))!.articles.length).toBeGreaterThan(1);
  });
});
