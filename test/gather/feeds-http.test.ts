// Feeds over real HTTP on 127.0.0.1: conditional requests with the last answer
// kept in a real SQLite file, a feed that changes between reads, and failures
// (dead port, malformed feed, 404, time-out, oversize) reported per source
// while the other sources go on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryFeedCache, sqliteFeedCache } from '../../src/gather/feeds/cache.js';
import { feedSource, readFeed } from '../../src/gather/feeds/source.js';
import { gatherArticles } from '../../src/gather/index.js';
import { openSqlite, type Db } from '../../src/store/sqlite.js';
import { deadUrl, rssFeed, startFeedServer, type FeedServer } from './feeds-server.js';

const fixtures = resolve('test', 'fixtures', 'feeds');
let server: FeedServer;
let tmp: string;
let db: Db;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gazette-feeds-'));
  db = openSqlite(join(tmp, 'gazette.db'));
  server.requests.length = 0;
});
afterEach(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

const first = { title: 'Harbour reopens after storm', link: 'https://outlet.example.org/harbour-reopens', date: '2025-06-01T08:00:00Z' };
const second = { title: 'Ferry adds evening sailing', link: 'https://outlet.example.org/ferry-evening', date: '2025-06-02T08:00:00Z' };
const third = { title: 'Library trial extended', link: 'https://outlet.example.org/library-trial', date: '2025-06-03T08:00:00Z' };

describe('feeds over HTTP', () => {
  it('sends the ETag back, reads a 304 from the stored copy without a download, and sees the change when the feed changes', async () => {
    server.set('/etag.xml', { body: rssFeed('Outlet', [second, first]), etag: true });
    const cache = sqliteFeedCache(db);
    const url = server.url('/etag.xml');

    const one = await readFeed({ location: url }, { cache });
    expect(one.problems).toEqual([]);
    expect(one.articles.map((a) => a.title)).toEqual([second.title, first.title]);
    expect((await cache.get(url))?.etag).toMatch(/^"[0-9a-f]{16}"$/);

    const two = await readFeed({ location: url }, { cache });
    expect(server.requests[1]!.headers['if-none-match']).toBe((await cache.get(url))!.etag);
    expect(server.requests[1]!.status).toBe(304);
    expect(two).toEqual(one);

    server.set('/etag.xml', { body: rssFeed('Outlet', [third, second, first]), etag: true });
    const three = await readFeed({ location: url }, { cache });
    expect(three.articles.map((a) => a.title)).toEqual([third.title, second.title, first.title]);
    expect(server.requests.map((r) => [r.path, r.status])).toEqual([['/etag.xml', 200], ['/etag.xml', 304], ['/etag.xml', 200]]);
  });

  it('sends Last-Modified back as If-Modified-Since when the server gives no ETag', async () => {
    const lastModified = 'Mon, 02 Jun 2025 08:00:00 GMT';
    server.set('/lm.xml', { body: rssFeed('Outlet', [first]), lastModified });
    const cache = memoryFeedCache();
    const url = server.url('/lm.xml');
    const one = await readFeed({ location: url }, { cache });
    expect(one.articles).toHaveLength(1);
    expect(await cache.get(url)).toMatchObject({ lastModified, url, contentType: 'application/rss+xml; charset=utf-8' });
    expect((await cache.get(url))!.etag).toBeUndefined();
    expect(await readFeed({ location: url }, { cache })).toEqual(one);
    expect(server.requests[1]!.status).toBe(304);
    expect(server.requests[1]!.headers['if-modified-since']).toBe(lastModified);
    expect(server.requests[1]!.headers['if-none-match']).toBeUndefined();
  });

  it('remembers validators across runs in the SQLite file', async () => {
    server.set('/kept.xml', { body: rssFeed('Outlet', [first]), etag: true });
    const url = server.url('/kept.xml');
    const one = await readFeed({ location: url }, { cache: sqliteFeedCache(db) });
    expect(one.articles).toHaveLength(1);
    db.close();

    // A new process: the database file reopened, migrations run again (a no-op).
    db = openSqlite(join(tmp, 'gazette.db'));
    const again = await readFeed({ location: url }, { cache: sqliteFeedCache(db) });
    expect(server.requests.at(-1)!.headers['if-none-match']).toMatch(/^"/);
    expect(server.requests.at(-1)!.status).toBe(304);
    expect(again).toEqual(one);
    const versions = db.prepare("SELECT version FROM schema_migrations WHERE module = 'feeds'").all();
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('does not remember the validators of an answer cut short (read leniently, reported)', async () => {
    server.set('/broken.xml', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Half</title><item><title>First</title><link>https://half.example.org/1</link></item><item><title>Seco', etag: true });
    const cache = memoryFeedCache();
    const url = server.url('/broken.xml');
    const { articles, problems } = await readFeed({ location: url }, { cache });
    expect(articles.map((a) => a.title)).toEqual(['First', 'Seco']);
    expect(problems).toEqual([{ where: url, code: 'FEED_WARNING', message: 'the XML is not well-formed: <title> is never closed (the document is cut short or mis-nested); read as far as it goes' }]);
    expect(await cache.get(url)).toBeNull();
    expect(server.requests).toHaveLength(1);
    // So the next run asks unconditionally and reports the problem again.
    expect((await readFeed({ location: url }, { cache })).problems[0]!.code).toBe('FEED_WARNING');
    expect(server.requests[1]!.headers['if-none-match']).toBeUndefined();
  });

  it('reports a dead source, a malformed feed, a 404 and a time-out by URL while the good feed is read', async () => {
    server.set('/good.xml', { body: rssFeed('Good Outlet', [second, first]) });
    server.set('/malformed.xml', { body: '<rss version="2.0"><title>No channel & no items</title></rss>' });
    server.set('/slow.xml', { hang: true });
    const dead = await deadUrl();
    const deps = { timeoutMs: 500, cache: memoryFeedCache() };
    const urls = { good: server.url('/good.xml'), dead, malformed: server.url('/malformed.xml'), missing: server.url('/gone.xml'), slow: server.url('/slow.xml') };
    const result = await gatherArticles(Object.values(urls).map((u) => feedSource({ location: u, listedAt: 'feeds.txt line 2' }, deps)));

    expect(result.articles.map((a) => [a.title, a.outlet])).toEqual([[second.title, 'Good Outlet'], [first.title, 'Good Outlet']]);
    const byWhere = Object.fromEntries(result.problems.map((p) => [p.where, p]));
    expect(Object.keys(byWhere).sort()).toEqual([urls.dead, urls.malformed, urls.missing, urls.slow].sort());
    expect(byWhere[urls.dead]!.code).toBe('NETWORK');
    expect(byWhere[urls.dead]!.message).toMatch(/refused.*ECONNREFUSED/);
    expect(byWhere[urls.malformed]!.code).toBe('BAD_FEED');
    expect(byWhere[urls.malformed]!.message).toMatch(/^the <rss> document has no <channel> and no <item> elements/);
    expect(byWhere[urls.missing]!.code).toBe('HTTP_STATUS');
    expect(byWhere[urls.missing]!.message).toMatch(/^the server answered HTTP 404 Not Found; the address is gone or wrong/);
    expect(byWhere[urls.slow]!.code).toBe('TIMEOUT');
    expect(byWhere[urls.slow]!.message).toMatch(/no complete answer within 0.5 s/);
    for (const p of result.problems) expect(p.message).toContain('(listed in feeds.txt line 2)');
  });

  it('follows redirects, resolves relative links against the final address, and says who it is', async () => {
    // Without the feed's own site links, the relative entry link resolves against where the feed was found.
    const atom = readFileSync(join(fixtures, 'estuary-science-desk.atom'), 'utf8')
      .replace(/<link [^>]*href="https:\/\/sciencedesk\.example\.net\/(atom\.xml)?"\/>/g, '')
      .replace('href="/2025/05/orchards-flowered-early"', 'href="orchards-flowered-early"');
    server.set('/old-atom', { redirect: '/science/atom.xml' });
    server.set('/science/atom.xml', { body: atom, type: 'application/atom+xml' });
    const { articles, problems } = await readFeed({ location: server.url('/old-atom') });
    expect(problems).toEqual([]);
    expect(articles[1]!.url).toBe(server.url('/science/orchards-flowered-early'));
    expect(server.requests.map((r) => r.path)).toEqual(['/old-atom', '/science/atom.xml']);
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^Gazette\//);
    expect(server.requests[0]!.headers.accept).toContain('application/rss+xml');
  });

  it('decodes by the HTTP charset when the document declares none', async () => {
    const xml = `<rss version="2.0"><channel><title>Jornal</title><link>https://jornal.example.pt/</link><item><title>Não há café</title><link>https://jornal.example.pt/cafe</link></item></channel></rss>`;
    server.set('/latin1.xml', { body: Buffer.from(xml, 'latin1'), type: 'text/xml; charset=ISO-8859-1' });
    const { articles } = await readFeed({ location: server.url('/latin1.xml') });
    expect(articles[0]!.title).toBe('Não há café');
  });

  it('refuses an answer larger than the cap', async () => {
    server.set('/huge.xml', { body: rssFeed('Huge', Array.from({ length: 200 }, (_, i) => ({ ...first, link: `${first.link}/${i}` }))) });
    const { problems } = await readFeed({ location: server.url('/huge.xml') }, { maxBytes: 4096 });
    expect(problems[0]!.code).toBe('TOO_LARGE');
  });

  it('refuses an HTML page served where a feed was expected and points at its real feed', async () => {
    server.set('/news', { body: '<!DOCTYPE html><html><head><title>Outlet News</title><link rel="alternate" type="application/rss+xml" href="/news/rss"></head><body><p>Hello</p></body></html>', type: 'text/html' });
    const { problems } = await readFeed({ location: server.url('/news') });
    expect(problems[0]!.code).toBe('NOT_A_FEED');
    expect(problems[0]!.message).toBe(`not a feed: it is an HTML page ("Outlet News"); the page names its feed as ${server.url('/news/rss')}, use that address`);
  });
});

describe('JSON Feed', () => {
  it('reads a JSON Feed over HTTP with the same validators as XML', async () => {
    server.set('/feed.json', { body: readFileSync(join(fixtures, 'alder-open-data.json')), type: 'application/feed+json', etag: true });
    const cache = memoryFeedCache();
    const { articles, problems } = await readFeed({ location: server.url('/feed.json'), label: 'Alder Data' }, { cache });
    expect(problems).toEqual([]);
    expect(articles.map((a) => [a.title, a.outlet, a.published, a.byline])).toEqual([
      ['Bus punctuality figures are now published every week', 'Alder Data', '2025-06-03T07:00:00.000Z', 'Priya Nandakumar'],
      ['What the new air-quality sensors measured in their first month', 'Alder Data', '2025-05-29T11:30:00.000Z', 'Priya Nandakumar'],
    ]);
    expect(articles[0]!.text).toMatch(/^From this week the transport office publishes/);
    expect(articles[0]!.descriptionOnly).toBeUndefined();
    expect(articles[1]!.descriptionOnly).toBe(true);
    expect(articles[0]!.tags).toEqual(['Transport', 'Data']);
    const again = await readFeed({ location: server.url('/feed.json'), label: 'Alder Data' }, { cache });
    expect(server.requests.at(-1)!.status).toBe(304);
    expect(again).toEqual({ articles, problems: [] });
  });

  it('names the field that makes a JSON Feed item or the feed invalid; a bad item costs only itself', async () => {
    server.set('/bad.json', { body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: [{ id: '1', title: 7 }, { id: '2', title: 'Fine', url: 'https://x.example/2' }] }), type: 'application/feed+json' });
    server.set('/worse.json', { body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: { id: '1' } }), type: 'application/feed+json' });
    server.set('/plain.json', { body: '{"hello": "world"}', type: 'application/json' });
    const bad = await readFeed({ location: server.url('/bad.json') });
    expect(bad.articles.map((a) => a.title)).toEqual(['Fine']);
    expect(bad.problems.map((p) => p.code)).toEqual(['DROPPED_ITEM']);
    expect(bad.problems[0]!.message).toMatch(/^item 1 of the JSON Feed was dropped: field title: /);
    const worse = await readFeed({ location: server.url('/worse.json') });
    expect(worse.problems[0]!.code).toBe('BAD_FEED');
    expect(worse.problems[0]!.message).toMatch(/^the JSON Feed is malformed: field items: /);
    const plain = await readFeed({ location: server.url('/plain.json') });
    expect(plain.problems[0]!.code).toBe('NOT_A_FEED');
  });
});

describe('local feed files', () => {
  it('reads the sample RSS, Atom and JSON feeds from disk', async () => {
    const rss = await readFeed({ location: join(fixtures, 'port-alder-herald.rss') });
    expect(rss.problems).toEqual([]);
    const [barrier, ferry, library] = rss.articles;
    expect(barrier!.title).toBe('Council approves tidal flood barrier after ten years of debate');
    expect(barrier!.outlet).toBe('Port Alder Herald');
    expect(barrier!.byline).toBe('Maren Holt');
    expect(barrier!.published).toBe('2025-06-03T16:05:00.000Z');
    expect(barrier!.text).toContain('cost an estimated £48 million');
    expect(barrier!.text).toContain('“We have flooded four times since 2014,”');
    expect(barrier!.text).not.toMatch(/<|&[a-z]+;|barrier-plan\.jpg/);
    expect(barrier!.descriptionOnly).toBeUndefined();
    expect(barrier!.tags).toEqual(['Council', 'Environment']);
    expect(ferry!.descriptionOnly).toBe(true);
    expect(ferry!.text.split('\n\n')).toHaveLength(2);
    expect(library!.source).toBe(join(fixtures, 'port-alder-herald.rss'));

    const atom = await readFeed({ location: join(fixtures, 'estuary-science-desk.atom') });
    expect(atom.articles[0]!.title).toBe('How the Alder barrier’s gates will hold back a surge');
    expect(atom.articles[1]!.url).toBe('https://sciencedesk.example.net/2025/05/orchards-flowered-early');

    const json = await readFeed({ location: join(fixtures, 'alder-open-data.json') });
    expect(json.articles.map((a) => a.outlet)).toEqual(['Alder Open Data Notes', 'Alder Open Data Notes']);
  });

  it('gives stable ids: the same item read twice has the same id, different items differ', async () => {
    const a = await readFeed({ location: join(fixtures, 'port-alder-herald.rss') });
    const b = await readFeed({ location: join(fixtures, 'port-alder-herald.rss') });
    expect(a.articles.map((x) => x.id)).toEqual(b.articles.map((x) => x.id));
    expect(new Set(a.articles.map((x) => x.id)).size).toBe(3);
  });

  it('reports a missing file with its path', async () => {
    const path = join(fixtures, 'no-such-feed.xml');
    expect(await readFeed({ location: path, listedAt: 'feeds.txt line 9' })).toEqual({
      articles: [],
      problems: [{ where: path, code: 'FILE', message: 'cannot read the feed file: the file does not exist (listed in feeds.txt line 9)' }],
    });
  });
});
