// Weekly editions in the public archive and feed, over real HTTP and a real
// database (SQLite, PostgreSQL): listed among the daily issues by when they
// went out (not by key: "2026-W49" sorts after "2026-12-08" as a string),
// marked as weekly, served at /archive/<week>, escaped like the daily ones.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { buildWeeklyEdition } from '../../src/editions/weekly.js';
import { renderIssue } from '../../src/render/index.js';
import { createIssueStore, type IssueStore } from '../../src/store/issues.js';
import { parseFeed } from '../../src/gather/feeds/parse.js';
import type { SummarizedStory } from '../../src/types.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';
import { startArchive } from './support/archive-server.js';

const PUBLIC_URL = 'https://news.example.org';
const templatesDir = resolve('templates');

const story = (title: string, url: string): SummarizedStory => ({
  id: title.slice(0, 8), title, sentences: [`${title} happened.`],
  articles: [{ id: url, title, url, outlet: 'River Post', published: null, text: 'x', source: 'x.md', tags: [] }],
});

async function daily(issues: IssueStore, date: string, stories: SummarizedStory[], frozenAt: string) {
  const rendered = await renderIssue(stories, { date, listName: 'Gazette', publicUrl: PUBLIC_URL, templatesDir });
  await issues.save(rendered, [], new Date(`${date}T06:00:00Z`));
  await issues.freeze(date, new Date(frozenAt));
}

/** Two dailies of week 49, its weekly (sent Monday 7 Dec after that day's daily), two later dailies, and the draft weekly of week 50. */
async function seed(issues: IssueStore) {
  await daily(issues, '2026-11-30', [story('<script>alert(1)</script> & friends', 'https://riverpost.example/x')], '2026-11-30T07:00:00Z');
  await daily(issues, '2026-12-02', [story('The bridge reopens', 'https://riverpost.example/bridge')], '2026-12-02T07:00:00Z');
  const build = (week: string) => buildWeeklyEdition({ issues, clock: manualClock('2026-12-07T06:30:00Z'), logger: silentLogger },
    { week, maxStories: 10, templatesDir, outDir: tmpDir(), listName: 'Gazette', publicUrl: PUBLIC_URL });
  await daily(issues, '2026-12-07', [story('Monday news', 'https://riverpost.example/mon')], '2026-12-07T07:00:00Z');
  await build('2026-W49');
  await issues.freeze('2026-W49', new Date('2026-12-07T08:00:00Z'));
  await daily(issues, '2026-12-08', [story('Tuesday news', 'https://riverpost.example/tue')], '2026-12-08T07:00:00Z');
  await build('2026-W50'); // built, never sent: not public
}

describeEngines('weekly editions in the archive', (kind) => {
  let t: TestEngine;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    t = await freshEngine(kind);
    const issues = createIssueStore(t.engine);
    await seed(issues);
    ({ app, url } = await startArchive(issues, PUBLIC_URL));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    cleanupTmp();
  });

  it('lists daily and weekly editions newest first by when they went out, the weekly marked', async () => {
    const html = await (await fetch(`${url}/archive`)).text();
    const links = [...html.matchAll(/href="(\/archive\/[^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['/archive/2026-12-08', '/archive/2026-W49', '/archive/2026-12-07', '/archive/2026-12-02', '/archive/2026-11-30']);
    expect(html).toContain('<a href="/archive/2026-W49">Gazette, week of 30 Nov: The bridge reopens</a><br><small>Weekly edition, 30 Nov – 6 Dec 2026 · ');
    expect(html).toContain('<small>Monday, 7 December 2026 · ');
    expect(html).not.toContain('2026-W50');
    expect(html).not.toContain('<script>');
  });

  it('serves the weekly edition as a page, its stories escaped and no one\'s address in it', async () => {
    const res = await fetch(`${url}/archive/2026-W49`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Week of 30 November 2026');
    expect(html).toContain('The week\'s most-covered stories, from 2 daily issues.');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('Monday news'); // 7 December is in week 50
    expect(html).not.toMatch(/GZ[A-Z]+GZ|token|unsubscribe|[\w.+-]+@[\w-]+\.\w/i);
    expect(html).toMatch(/<a [^>]*href="\/archive"[^>]*>← All issues of Gazette<\/a>/);
  });

  it('answers 404 for an unsent weekly, a week with none, and a week that does not exist', async () => {
    const cases: [string, string][] = [
      ['/archive/2026-W50', 'There is no sent weekly edition for 7 Dec – 13 Dec 2026.'],
      ['/archive/2026-W52', 'There is no sent weekly edition for 21 Dec – 27 Dec 2026.'],
      ['/archive/2027-W53', 'There is no sent issue of that date.'],
      ['/archive/2026-W5', 'There is no sent issue of that date.'],
      ['/archive/2026-02-30', 'There is no sent issue of that date.'],
    ];
    for (const [path, message] of cases) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain(message);
    }
  });

  it('puts the weekly edition in the feed at the time it went out, linked to its page', async () => {
    const xml = await (await fetch(`${url}/feed.xml`)).text();
    // A subject is escaped plain text; nothing in the feed may hold markup from a headline.
    expect(xml).not.toContain('<script>');
    expect(xml.match(/<category>Weekly edition<\/category>/g)).toHaveLength(1);
    const feed = await parseFeed(xml, `${url}/feed.xml`);
    expect(feed.entries.map((e) => [e.title, e.link, e.published])).toEqual([
      ['Gazette, 8 Dec: Tuesday news', `${PUBLIC_URL}/archive/2026-12-08`, '2026-12-08T07:00:00.000Z'],
      ['Gazette, week of 30 Nov: The bridge reopens', `${PUBLIC_URL}/archive/2026-W49`, '2026-12-07T08:00:00.000Z'],
      ['Gazette, 7 Dec: Monday news', `${PUBLIC_URL}/archive/2026-12-07`, '2026-12-07T07:00:00.000Z'],
      ['Gazette, 2 Dec: The bridge reopens', `${PUBLIC_URL}/archive/2026-12-02`, '2026-12-02T07:00:00.000Z'],
      // (The project's feed reader drops markup from titles, as many readers do; the XML text is the subject as written.)
      ['Gazette, 30 Nov: & friends', `${PUBLIC_URL}/archive/2026-11-30`, '2026-11-30T07:00:00.000Z'],
    ]);
    const content = feed.entries[1]!.content;
    const body = content && 'html' in content ? content.html : '';
    expect(body).toMatch(/<p>The week&#(39|x27);s most-covered stories, from 2 daily issues\.<\/p>/);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends');
  });
});
