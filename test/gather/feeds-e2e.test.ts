// End to end through the real pipeline: a feed server on 127.0.0.1 serves a
// feed that changes between builds. Each issue holds only what no earlier
// issue carried; an unchanged feed answers 304 and adds nothing new (yet a
// same-day rebuild keeps its items); a dead source and a malformed feed are
// reported and the builds go on.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { sqliteFeedCache } from '../../src/gather/feeds/cache.js';
import { configuredSources } from '../../src/gather/sources-file.js';
import { silentLogger } from '../../src/log.js';
import { buildIssue, type BuildSettings } from '../../src/pipeline/build-issue.js';
import { SqliteIssueStore } from '../../src/store/issues.js';
import { openSqlite, type Db } from '../../src/store/sqlite.js';
import { createExtractiveSummarizer } from '../../src/summarize/index.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { deadUrl, rssFeed, startFeedServer, type FeedServer } from './feeds-server.js';

const items = {
  bridge: {
    title: 'Swing bridge reopens after gearbox repair',
    link: 'https://outlet.example.org/2025/06/swing-bridge-reopens',
    date: '2025-06-01T07:00:00Z',
    html: '<p>The swing bridge over the inner harbour reopened to road traffic on Sunday morning after a three-week closure.</p><p>Engineers replaced a cracked gearbox that had jammed the span half open during a spring tide. Buses return to their usual route from Monday.</p>',
  },
  choir: {
    title: 'Town choir wins regional festival',
    link: 'https://outlet.example.org/2025/06/choir-wins-festival',
    date: '2025-06-01T18:00:00Z',
    html: '<p>The Port Alder community choir took first prize at the regional festival of song in Westmere on Saturday evening.</p><p>The forty singers performed three sea shanties and a new piece by a local composer. The prize includes a recording session at the county radio station.</p>',
  },
  market: {
    title: 'Saturday market moves to the quay for the summer',
    link: 'https://outlet.example.org/2025/06/market-moves-to-quay',
    date: '2025-06-02T09:00:00Z',
    html: '<p>The Saturday market will trade on the quay from next weekend until the end of September while the square is resurfaced.</p><p>Stallholders said the waterfront should bring more visitors. Parking on the quay will be closed from six in the morning on market days.</p>',
  },
};

let server: FeedServer;
let db: Db;
let dir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dir = tmpDir('gazette-feeds-e2e-');
  db = openSqlite(join(dir, 'data', 'gazette.db'));
});
afterAll(async () => {
  db.close();
  await server.close();
  cleanupTmp();
});

describe('two builds against a changing feed', () => {
  it('the second issue holds only the new items; a 304 adds nothing new; broken sources are reported', async () => {
    const content = join(dir, 'content');
    mkdirSync(content, { recursive: true });
    server.set('/news.xml', { body: rssFeed('Harbour Outlet', [items.choir, items.bridge]), etag: true });
    server.set('/malformed.xml', { body: '<rss version="2.0"><title>Oops</title></rss>' });
    const dead = await deadUrl('/gone.xml');
    writeFileSync(join(content, 'feeds.txt'), [
      '# the e2e sources',
      `${server.url('/news.xml')}   Harbour Outlet`,
      dead,
      server.url('/malformed.xml'),
    ].join('\n'));

    const clock = manualClock('2025-06-02T06:00:00Z');
    const issues = new SqliteIssueStore(db);
    const summarizer = createExtractiveSummarizer();
    const build = async (date: string) => {
      // Each build is a new run: sources and cache are made afresh from the
      // content folder and the database, as the app does at start.
      const { sources, problems } = configuredSources(content, { timeoutMs: 5000, cache: sqliteFeedCache(db), logger: silentLogger });
      expect(problems).toEqual([]);
      const settings: BuildSettings = {
        date,
        templatesDir: resolve('templates'),
        outDir: join(dir, 'out'),
        listName: 'Gazette',
        publicUrl: 'http://localhost:8080',
        budget: { sentences: 2, words: 0 },
        maxStories: 12,
        maxAgeDays: 0,
      };
      const built = await buildIssue({ sources, summarizer, issues, clock, logger: silentLogger }, settings);
      const issue = JSON.parse(readFileSync(join(dir, 'out', date, 'issue.json'), 'utf8')) as { stories: { title: string; sources: { url: string; outlet: string }[] }[] };
      return { built, urls: issue.stories.flatMap((s) => s.sources.map((src) => src.url)).sort(), outlets: issue.stories.flatMap((s) => s.sources.map((src) => src.outlet)) };
    };
    const reported = (problems: { where: string; code?: string }[]) => problems.map((p) => [p.where, p.code]).sort();
    const broken = [[dead, 'NETWORK'], [server.url('/malformed.xml'), 'BAD_FEED']].sort();

    const first = await build('2025-06-02');
    expect(first.urls).toEqual([items.bridge.link, items.choir.link].sort());
    // It went out: only an issue whose delivery started takes its articles out of the next one.
    issues.freeze('2025-06-02', clock.now());
    expect(new Set(first.outlets)).toEqual(new Set(['Harbour Outlet']));
    expect(reported(first.built.problems)).toEqual(broken);

    // The feed gains an item: the next issue carries it and nothing already sent.
    server.set('/news.xml', { body: rssFeed('Harbour Outlet', [items.market, items.choir, items.bridge]), etag: true });
    clock.set('2025-06-03T06:00:00Z');
    const before = server.requests.length;
    const second = await build('2025-06-03');
    expect(second.urls).toEqual([items.market.link]);
    expect(reported(second.built.problems)).toEqual(broken);
    const feedRequest = server.requests.slice(before).find((r) => r.path === '/news.xml')!;
    expect(feedRequest.headers['if-none-match']).toMatch(/^"/);
    expect(feedRequest.status).toBe(200);

    // Rebuilding the same day (a build, then a send) gets a 304 and still
    // carries the feed's new item: the stored copy is read, not "nothing".
    const rebuildMark = server.requests.length;
    const again = await build('2025-06-03');
    expect(server.requests.slice(rebuildMark).filter((r) => r.path === '/news.xml').map((r) => r.status)).toEqual([304]);
    expect(again.urls).toEqual([items.market.link]);
    issues.freeze('2025-06-03', clock.now());

    // Next day, nothing changed: the server answers 304, the feed adds nothing
    // new and is no problem; an editor's new file still makes an issue.
    writeFileSync(join(content, 'notice.md'), '---\ntitle: Harbour office closed on Friday\noutlet: The Editors\nurl: https://editors.example.org/harbour-office-closed\n---\nThe harbour office will be closed all day on Friday for staff training. Mooring payments can be made online.\n');
    clock.set('2025-06-04T06:00:00Z');
    const mark = server.requests.length;
    const third = await build('2025-06-04');
    expect(server.requests.slice(mark).filter((r) => r.path === '/news.xml').map((r) => r.status)).toEqual([304]);
    expect(third.urls).toEqual(['https://editors.example.org/harbour-office-closed']);
    expect(reported(third.built.problems)).toEqual(broken);
  });
});
