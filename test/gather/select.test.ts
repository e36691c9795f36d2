import { describe, expect, it } from 'vitest';
import { selectLatest } from '../../src/gather/select.js';
import type { Article } from '../../src/types.js';

const NOW = new Date('2030-06-10T07:00:00Z');
const a = (id: string, published: string | null, extra: Partial<Article> = {}): Article =>
  ({ id, title: id, url: null, outlet: 'o', published, text: 't', source: `${id}.md`, tags: [], ...extra });
const ids = (list: Article[]) => list.map((x) => x.id);

describe('selectLatest', () => {
  const articles = [
    a('old', '2030-05-01T00:00:00Z'),
    a('yesterday', '2030-06-09T08:00:00Z'),
    a('undated', null),
    a('today', '2030-06-10T06:00:00Z'),
    a('sent', '2030-06-10T05:00:00Z'),
    a('garbled', 'not a date'),
  ];

  it('takes what no earlier issue carried, newest first, undated last', () => {
    expect(ids(selectLatest(articles, { alreadyIncluded: new Set(['sent']), now: NOW, maxAgeDays: 0 }))).toEqual(['today', 'yesterday', 'old', 'garbled', 'undated']);
  });

  it('leaves out articles older than the maximum age, and keeps undated ones', () => {
    expect(ids(selectLatest(articles, { alreadyIncluded: new Set(['sent']), now: NOW, maxAgeDays: 3 }))).toEqual(['today', 'yesterday', 'garbled', 'undated']);
  });

  it('always takes a pinned article, first, even when old or already sent; never an excluded one', () => {
    const list = [...articles, a('pinned-old', '2029-01-01T00:00:00Z', { pin: true }), a('hidden', '2030-06-10T06:30:00Z', { exclude: true }), a('pinned-hidden', null, { pin: true, exclude: true })];
    const picked = selectLatest(list, { alreadyIncluded: new Set(['sent', 'pinned-old']), now: NOW, maxAgeDays: 3 });
    expect(ids(picked)).toEqual(['pinned-old', 'today', 'yesterday', 'garbled', 'undated']);
  });

  it('stops at the limit, counting pinned articles but never dropping them', () => {
    const list = [...articles, a('pinned', null, { pin: true })];
    expect(ids(selectLatest(list, { alreadyIncluded: new Set(), now: NOW, maxAgeDays: 0, limit: 3 }))).toEqual(['pinned', 'today', 'sent']);
    expect(ids(selectLatest(list, { alreadyIncluded: new Set(), now: NOW, maxAgeDays: 0, limit: 0 }))).toEqual(['pinned']);
  });

  it('does not change its input', () => {
    const copy = structuredClone(articles);
    selectLatest(articles, { alreadyIncluded: new Set(), now: NOW, maxAgeDays: 1 });
    expect(articles).toEqual(copy);
  });
});
