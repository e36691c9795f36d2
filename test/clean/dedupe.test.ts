import { describe, expect, it } from 'vitest';
import { cleanArticles, cleanWithReport, dedupeArticles } from '../../src/clean/index.js';
import { article } from './helpers.js';

const TEXT = 'The bridge reopened on Friday after three weeks of repairs, the city said.';

describe('dedupeArticles', () => {
  it('merges the same page reached through differently tracked links, keeping the richer copy', () => {
    const short = article(TEXT, { id: 's', url: 'https://example.org/bridge?utm_source=feed', source: 'feed' });
    const long = article(`${TEXT}\n\nTraffic was light in the morning.`, { id: 'l', url: 'http://www.example.org/bridge#top', source: 'page', published: '2030-05-01T08:00:00Z' });
    const merged = cleanArticles([short, long]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.text).toContain('Traffic was light');
    expect(merged[0]!.duplicates).toEqual(['https://example.org/bridge']);
  });

  it('merges the same text under two URLs and notes the other source', () => {
    const a = article(TEXT, { id: 'a', url: 'https://one.example/bridge', outlet: 'One' });
    const b = article(`  ${TEXT.toUpperCase()}  `, { id: 'b', url: 'https://two.example/b', outlet: 'Two', published: '2030-05-01T08:00:00Z', pin: true, tags: ['local'] });
    const [m, ...rest] = dedupeArticles([a, b]);
    expect(rest).toEqual([]);
    // Same length of text: the copy with a date is richer.
    expect(m!.id).toBe('b');
    expect(m!.duplicates).toEqual(['https://one.example/bridge']);
    expect(m!.pin).toBe(true);
    expect(m!.tags).toEqual(['local']);
  });

  it('joins chains: A and B share a URL, B and C share a text', () => {
    const a = article('First text of the story, about the bridge.', { id: 'a', url: 'https://x.example/s' });
    const b = article(TEXT, { id: 'b', url: 'https://x.example/s?utm_medium=rss', source: 'b.txt' });
    const c = article(TEXT, { id: 'c', url: null, source: 'c.txt' });
    expect(cleanArticles([a, b, c])).toHaveLength(1);
  });

  it('notes nothing when the copies came from the same place', () => {
    const a = article(TEXT, { id: 'a', url: 'https://x.example/s' });
    const b = article(TEXT, { id: 'b', url: 'https://x.example/s?utm_source=rss' });
    const [m] = cleanArticles([a, b]);
    expect(m!.duplicates).toBeUndefined();
  });

  it('keeps different articles apart and in their order', () => {
    const a = article(TEXT, { id: 'a', url: 'https://x.example/1' });
    const b = article('A different story about the harbour.', { id: 'b', url: 'https://x.example/2' });
    expect(dedupeArticles([b, a]).map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('drops an article with no text, and says so; never empties one by cleaning', () => {
    const report = cleanWithReport([article(''), article('Share this: Facebook X\n\n#tags #only', { id: 'a2', source: 'b.txt' })]);
    expect(report.dropped).toEqual([{ where: 'test.txt', reason: '"A headline for the test" has no text (the source gave neither a body nor a description)' }]);
    // The share row would have taken most of it, so it stays: a rule never removes most of an article.
    expect(report.articles.map((a) => a.text)).toEqual(['Share this: Facebook X']);
    expect(report.articles[0]!.removed).toEqual({ hashtags: 1 });
    expect(cleanArticles([article('')])).toEqual([]);
  });
});
