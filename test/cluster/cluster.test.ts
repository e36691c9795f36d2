import { describe, expect, it } from 'vitest';
import { clusterStories } from '../../src/cluster/index.js';
import { art, STORIES } from './articles.js';

const ids = (stories: ReturnType<typeof clusterStories>) => stories.map((s) => s.articles.map((a) => a.id).sort());

describe('clusterStories', () => {
  it('groups articles from several outlets about one story and keeps other stories apart', () => {
    const all = [...STORIES.bridge, ...STORIES.orchestra, ...STORIES.comet];
    const groups = ids(clusterStories(all)).map((g) => g.join(','));
    expect(groups.sort()).toEqual(['b1,b2,b3', 'c1', 'o1,o2']);
  });

  it('keeps two floods in two towns apart while grouping each town\'s reports', () => {
    const groups = ids(clusterStories([...STORIES.floodA, ...STORIES.floodB])).map((g) => g.join(','));
    expect(groups.sort()).toEqual(['f1,f2', 'g1,g2']);
  });

  it('gives the same stories whatever order the articles arrive in', () => {
    const all = Object.values(STORIES).flat();
    const forward = clusterStories(all);
    const backward = clusterStories([...all].reverse());
    expect(backward).toEqual(forward);
  });

  it('orders stories pinned first, then newest first, with undated stories last', () => {
    const undated = art('u1', 'Village fete raises money for the library roof', 'The fete in Oakhollow raised enough to mend the library roof, organisers said.');
    const pinned = { ...STORIES.comet[0]!, pin: true };
    const stories = clusterStories([undated, ...STORIES.bridge, pinned, ...STORIES.orchestra]);
    expect(stories.map((s) => s.articles[0]!.id.charAt(0))).toEqual(['c', 'b', 'o', 'u']);
  });

  it('titles a story with the plain headline that says most of what its sources say, and orders articles by relevance', () => {
    const [story] = clusterStories(STORIES.bridge);
    expect(story!.articles).toHaveLength(3);
    // b3 speaks of commuters and queues: the least central of the three.
    expect(story!.articles[2]!.id).toBe('b3');
    expect(story!.title).toBe('Harbour bridge in Valdora closed after cracks found in main span');
  });

  it('does not title a story with a question when a source states the news', () => {
    const question = { ...STORIES.bridge[0]!, id: 'b0', title: 'Is the Valdora harbour bridge safe?' };
    const [story] = clusterStories([question, ...STORIES.bridge.slice(1)]);
    expect(story!.articles).toHaveLength(3);
    expect(story!.title).not.toMatch(/\?$/);
  });

  it('returns no stories for no articles, and one story for one article', () => {
    expect(clusterStories([])).toEqual([]);
    const one = clusterStories(STORIES.comet);
    expect(one).toHaveLength(1);
    expect(one[0]!.title).toBe('Amateur astronomer spots new comet near Orion');
  });

  it('gives a story a stable id made from its articles', () => {
    const a = clusterStories(STORIES.orchestra)[0]!.id;
    const b = clusterStories([...STORIES.orchestra].reverse())[0]!.id;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
  });
});

describe('clusterStories on a busy day', () => {
  it('keeps a story told by sixty outlets in one story, beside the other stories', () => {
    const sentences = STORIES.bridge.map((a) => a.text).join(' ').split(/(?<=\.)\s+/);
    // Forty outlets keep each a different selection of the sentences; twenty
    // more repost one wire copy word for word.
    const own = Array.from({ length: 40 }, (_, i) =>
      art(`big${String(i).padStart(2, '0')}`, i % 2 ? 'Valdora harbour bridge closed after cracks found' : 'Cracks close the Valdora harbour bridge',
        sentences.filter((_, j) => ((i + 1) * (j + 3)) % 5 !== 0).join(' ')));
    const copies = Array.from({ length: 20 }, (_, i) => art(`big-copy${String(i).padStart(2, '0')}`, STORIES.bridge[0]!.title, STORIES.bridge[0]!.text));
    const stories = clusterStories([...own, ...copies, ...STORIES.orchestra, ...STORIES.comet, ...STORIES.floodA]);
    const big = stories.filter((s) => s.articles.some((a) => a.id.startsWith('big')));
    expect(big.map((s) => s.articles.length)).toEqual([60]);
    expect(stories).toHaveLength(4);
  });
});
