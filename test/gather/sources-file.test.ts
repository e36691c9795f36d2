// The editor's sources list (content/feeds.txt): its format, the problems a bad
// line gets (with its line number), and the wiring of every configured source
// into one gather over real files and real HTTP.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryFeedCache } from '../../src/gather/feeds/cache.js';
import { gatherArticles } from '../../src/gather/index.js';
import { configuredSources, parseSourcesList, readSourcesFile } from '../../src/gather/sources-file.js';
import { deadUrl, rssFeed, startFeedServer, type FeedServer } from './feeds-server.js';

const fixtures = resolve('test', 'fixtures', 'feeds');
let tmp: string;
let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gazette-sources-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('parseSourcesList', () => {
  it('reads feeds, local files, pages, labels, quotes and comments', () => {
    const text = [
      '# my sources',
      '',
      'https://www.example.org/world/rss.xml      Example Outlet',
      '   https://news.example.net/atom.xml',
      'feeds/club.json   Club   Notes ',
      'page: https://blog.example.com/2025/05/why-we-moved   Example Blog',
      'page:https://blog.example.com/other',
      'feed: /srv/feeds/abs.xml',
      '"local feeds/town hall.xml"  Town Hall',
      'feed://legacy.example.org/rss',
      '\t# an indented comment',
    ].join('\r\n');
    const { entries, problems } = parseSourcesList(text, '/content/feeds.txt', () => true);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { kind: 'feed', location: 'https://www.example.org/world/rss.xml', label: 'Example Outlet', line: 3 },
      { kind: 'feed', location: 'https://news.example.net/atom.xml', line: 4 },
      { kind: 'feed', location: '/content/feeds/club.json', label: 'Club   Notes', line: 5 },
      { kind: 'page', location: 'https://blog.example.com/2025/05/why-we-moved', label: 'Example Blog', line: 6 },
      { kind: 'page', location: 'https://blog.example.com/other', line: 7 },
      { kind: 'feed', location: '/srv/feeds/abs.xml', line: 8 },
      { kind: 'feed', location: '/content/local feeds/town hall.xml', label: 'Town Hall', line: 9 },
      { kind: 'feed', location: 'http://legacy.example.org/rss', line: 10 },
    ]);
  });

  it('reports each bad line with its number and what to do, and keeps the good ones', () => {
    const text = [
      'ftp://files.example.org/feed.xml',
      'page: notes/article.html',
      'https://ok.example.org/feed',
      'page:',
      '"unclosed path.xml Label',
      'https://ok.example.org/feed   Same again',
      'https://[::1/feed',
      'https://two.example.org/feed',
    ].join('\n');
    const { entries, problems } = parseSourcesList(text, 'content/feeds.txt');
    expect(entries.map((e) => [e.line, e.location])).toEqual([[3, 'https://ok.example.org/feed'], [8, 'https://two.example.org/feed']]);
    expect(problems).toEqual([
      { where: 'content/feeds.txt:1', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 1: "ftp://files.example.org/feed.xml" is not an http(s) URL; only http:// and https:// addresses can be fetched' },
      { where: 'content/feeds.txt:2', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 2: "page:" needs an http(s) URL; put local HTML articles in the content folder instead' },
      { where: 'content/feeds.txt:4', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 4: "page:" is followed by nothing; write a URL after it' },
      { where: 'content/feeds.txt:5', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 5: a quoted path has no closing quote' },
      { where: 'content/feeds.txt:6', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 6: repeats line 3 (https://ok.example.org/feed); remove one of them' },
      { where: 'content/feeds.txt:7', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 7: "https://[::1/feed" is not a valid URL' },
    ]);
  });

  it('names a line that is neither a URL nor a file, with its number and text (issue 14, item 21)', () => {
    const text = ['# sources', 'https://ok.example.org/feed', 'this is not a url', 'www.example.org/rss.xml  Example', 'feed: notes.xml'].join('\n');
    const { entries, problems } = parseSourcesList(text, 'content/feeds.txt', (file) => file.endsWith('/content/notes.xml'));
    expect(entries.map((e) => e.line)).toEqual([2, 5]);
    expect(problems).toEqual([
      { where: 'content/feeds.txt:3', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 3: "this is not a url" is neither an http(s) URL nor a file in content/' },
      { where: 'content/feeds.txt:4', code: 'BAD_SOURCE_LINE', message: 'content/feeds.txt line 4: "www.example.org/rss.xml  Example" is neither an http(s) URL nor a file in content/; if it is a web address, write it as https://www.example.org/rss.xml' },
    ]);
  });

  it('parses the sample list shipped for the content folder without a problem', () => {
    const path = join(fixtures, 'feeds.txt');
    const { entries, problems } = parseSourcesList(readFileSync(path, 'utf8'), path);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.location, e.label])).toEqual([
      [join(fixtures, 'port-alder-herald.rss'), 'Port Alder Herald'],
      [join(fixtures, 'estuary-science-desk.atom'), 'Estuary Science Desk'],
      [join(fixtures, 'alder-open-data.json'), undefined],
    ]);
  });
});

describe('readSourcesFile and configuredSources', () => {
  it('reports a missing sources list when asked for one by name', () => {
    const path = join(tmp, 'nope.txt');
    expect(readSourcesFile(path)).toEqual({ sources: [], problems: [{ where: path, code: 'FILE', message: 'the sources list does not exist' }], files: [] });
  });

  it('without feeds.txt, reads only the content folder', async () => {
    writeFileSync(join(tmp, 'note.md'), '# A local note\n\nSome text for the issue.\n');
    const { sources, problems } = configuredSources(tmp);
    expect(problems).toEqual([]);
    expect(sources.map((s) => s.name)).toEqual([tmp]);
    const gathered = await gatherArticles(sources);
    expect(gathered.articles.map((a) => a.title)).toEqual(['A local note']);
  });

  it('gathers the content folder, local and remote feeds and a page in one go, reporting the bad ones by line and URL', async () => {
    mkdirSync(join(tmp, 'feeds'));
    copyFileSync(join(fixtures, 'port-alder-herald.rss'), join(tmp, 'feeds', 'herald.rss'));
    writeFileSync(join(tmp, 'note.md'), '---\ntitle: Editor note\noutlet: The Editors\n---\nWelcome to this week\'s issue.\n');
    server.set('/remote.xml', { body: rssFeed('Remote Outlet', [{ title: 'Remote story', link: 'https://remote.example.org/story', date: '2025-06-03T10:00:00Z' }]), etag: true });
    server.set('/page', { body: readFileSync(resolve('test', 'fixtures', 'pages', 'harbour-pilots.html')), type: 'text/html' });
    const dead = await deadUrl('/dead.xml');
    writeFileSync(join(tmp, 'feeds.txt'), [
      '# test list',
      'feeds/herald.rss   The Herald',
      `${server.url('/remote.xml')}`,
      `page: ${server.url('/page')}`,
      dead,
      'gopher://old.example.org/feed',
      'feeds/missing.xml',
    ].join('\n'));

    const cache = memoryFeedCache();
    const { sources, problems } = configuredSources(tmp, { timeoutMs: 5000, cache });
    expect(problems).toEqual([{ where: join(tmp, 'feeds.txt:6'), code: 'BAD_SOURCE_LINE', message: expect.stringContaining('line 6: "gopher://old.example.org/feed" is not an http(s) URL') },
      { where: join(tmp, 'feeds.txt:7'), code: 'BAD_SOURCE_LINE', message: `${join(tmp, 'feeds.txt')} line 7: "feeds/missing.xml" is neither an http(s) URL nor a file in ${tmp}/` },
    ]);
    expect(sources).toHaveLength(5);

    const gathered = await gatherArticles(sources);
    expect(gathered.articles.map((a) => [a.outlet, a.title])).toEqual([
      ['The Editors', 'Editor note'],
      ['The Herald', 'Council approves tidal flood barrier after ten years of debate'],
      ['The Herald', 'Ferry timetable returns to half-hourly sailings from Monday'],
      ['The Herald', 'Library to open until 9pm on Thursdays in a summer trial'],
      ['Remote Outlet', 'Remote story'],
      ['Port Alder Herald', "Harbour pilots back the barrier's wider channel"],
    ]);
    expect(gathered.problems.map((p) => [p.where, p.code, p.message.replace(/\(ECONNREFUSED[^)]*\)/, '(…)')])).toEqual([
      [dead, 'NETWORK', `the connection was refused; nothing is listening at that address (…) (listed in ${join(tmp, 'feeds.txt')} line 5)`],
    ]);
    expect((await cache.get(server.url('/remote.xml')))?.etag).toBeDefined();
  });
});
