// Single web pages by URL over real HTTP on 127.0.0.1: the article text and its
// metadata are kept, the page furniture is not, and a page that cannot be read
// is reported by URL.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../src/gather/pages/source.js';
import { startFeedServer, type FeedServer } from './feeds-server.js';

const page = readFileSync(resolve('test', 'fixtures', 'pages', 'harbour-pilots.html'));
let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
  server.set('/pilots', { body: page, type: 'text/html; charset=utf-8' });
});
afterAll(async () => {
  await server.close();
});

describe('web pages by URL', () => {
  it('keeps the article with its title, byline, site name and published time', async () => {
    const { articles, problems } = await readPage({ url: server.url('/pilots') });
    expect(problems).toEqual([]);
    const [a] = articles;
    expect(a!.title).toBe("Harbour pilots back the barrier's wider channel");
    expect(a!.byline).toBe('Tomas Reyes');
    expect(a!.outlet).toBe('Port Alder Herald');
    expect(a!.published).toBe('2025-06-04T10:20:00.000Z');
    expect(a!.url).toBe('https://herald.example.org/2025/06/04/pilots-back-barrier-channel');
    expect(a!.source).toBe(server.url('/pilots'));
    expect(a!.text).toMatch(/^The pilots who guide cargo ships/);
    expect(a!.text).toMatch(/published for comment in the autumn\.$/);
    expect(a!.text.split('\n\n')).toHaveLength(7);
    for (const furniture of ['Most read', 'Leave a reply', 'Share this story', 'All rights reserved', 'Subscribe', 'Home ›']) {
      expect(a!.text).not.toContain(furniture);
    }
    expect(server.requests.at(-1)!.headers.accept).toMatch(/^text\/html/);
  });

  it('credits the label from the sources list over the site name', async () => {
    const { articles } = await readPage({ url: server.url('/pilots'), label: 'The Herald' });
    expect(articles[0]!.outlet).toBe('The Herald');
  });

  it('decodes a page by its <meta charset>', async () => {
    const html = '<html><head><meta charset="iso-8859-1"><title>Caf\u00e9 r\u00e9ouvert</title></head><body><article><h1>Caf\u00e9 r\u00e9ouvert</h1>'
      + '<p>Le caf\u00e9 du port a rouvert ses portes apr\u00e8s six mois de travaux, avec une terrasse agrandie et une nouvelle carte.</p>'.repeat(4) + '</article></body></html>';
    server.set('/latin1', { body: Buffer.from(html, 'latin1'), type: 'text/html' });
    const { articles } = await readPage({ url: server.url('/latin1') });
    expect(articles[0]!.title).toBe('Café réouvert');
    expect(articles[0]!.text).toContain('après six mois de travaux');
  });

  it('reports a 404, a non-page and a page without an article by URL', async () => {
    server.set('/report.pdf', { body: '%PDF-1.4', type: 'application/pdf' });
    server.set('/empty', { body: '<html><head><title>Nothing</title></head><body></body></html>', type: 'text/html' });
    const cases: [string, string, RegExp][] = [
      ['/gone', 'HTTP_STATUS', /^the server answered HTTP 404 Not Found/],
      ['/report.pdf', 'NO_ARTICLE', /^the address serves application\/pdf, not a web page/],
      ['/empty', 'NO_ARTICLE', /^no article text was found in the page/],
    ];
    for (const [path, code, message] of cases) {
      const { articles, problems } = await readPage({ url: server.url(path), listedAt: 'feeds.txt line 7' });
      expect(articles, path).toEqual([]);
      expect(problems, path).toHaveLength(1);
      expect(problems[0]!.where).toBe(server.url(path));
      expect(problems[0]!.code).toBe(code);
      expect(problems[0]!.message).toMatch(message);
      expect(problems[0]!.message).toContain('(listed in feeds.txt line 7)');
    }
  });

  const shared = resolve('..', 'shared', 'data', 'pages', 'guardian-1');
  it.skipIf(!existsSync(shared))('reads a real published page served over HTTP', async () => {
    server.set('/guardian', { body: readFileSync(join(shared, 'source.html')), type: 'text/html; charset=utf-8' });
    const meta = JSON.parse(readFileSync(join(shared, 'expected-metadata.json'), 'utf8')) as { title: string; siteName: string };
    const { articles, problems } = await readPage({ url: server.url('/guardian') });
    expect(problems).toEqual([]);
    expect(articles[0]!.title).toBe(meta.title);
    expect(articles[0]!.outlet).toBe(meta.siteName);
    expect(articles[0]!.text.length).toBeGreaterThan(3000);
  });
});
