// The public archive over real HTTP: issues rendered with the shipped
// templates, kept in a real database (SQLite, PostgreSQL), sent (frozen) or still drafts; pages
// without anyone's address or token; a feed the project's own reader parses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import { renderIssue, PERSONAL_MARKERS, personalize } from '../../src/render/index.js';
import { createIssueStore, type IssueStore } from '../../src/store/issues.js';
import { archivePageHtml } from '../../src/server/archive-issue.js';
import { parseFeed } from '../../src/gather/feeds/parse.js';
import type { SummarizedStory } from '../../src/types.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';
import { startArchive } from './support/archive-server.js';

const PUBLIC_URL = 'https://news.example.org';
const SENT = ['2026-11-20', '2026-11-21'];
const DRAFT = '2026-11-22';

const story = (title: string, url: string | null = 'https://riverpost.example/a'): SummarizedStory => ({
  id: title.slice(0, 6), title, sentences: [`${title} happened on Friday.`, 'People were pleased.'],
  articles: [{ id: title, title, url, outlet: 'River Post', published: '2026-11-20T08:00:00.000Z', text: 'x', source: 'x.md', tags: [] }],
});

/** Renders, saves and (for sent ones) freezes the issues, as build and send do. */
async function seed(issues: IssueStore) {
  const templatesDir = resolve('templates');
  const days: [string, SummarizedStory[], boolean][] = [
    [SENT[0]!, [story('Night trams return'), story('<script>alert(1)</script> & friends', 'javascript:alert(1)')], true],
    [SENT[1]!, [story('The bridge reopens')], true],
    [DRAFT, [story('A draft nobody has seen')], false],
  ];
  for (const [date, stories, sent] of days) {
    const rendered = await renderIssue(stories, { date, listName: 'Gazette', publicUrl: PUBLIC_URL, templatesDir });
    await issues.save(rendered, [], new Date(`${date}T06:00:00Z`));
    if (sent) await issues.freeze(date, new Date(`${date}T07:00:00Z`));
  }
}

describeEngines('the archive', (kind) => {
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

  it('lists the sent issues, newest first, and not the draft', async () => {
    const res = await fetch(`${url}/archive`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    const links = [...html.matchAll(/href="(\/archive\/[^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['/archive/2026-11-21', '/archive/2026-11-20']);
    expect(html).toContain('Gazette, 21 Nov: The bridge reopens');
    expect(html).toContain('Saturday, 21 November 2026');
    expect(html).not.toContain('A draft nobody has seen');
    expect(html).toContain('href="/feed.xml"');
  });

  it('shows a sent issue as a web page with no address, token or unsubscribe link in it', async () => {
    const res = await fetch(`${url}/archive/2026-11-20`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Night trams return');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/GZ[A-Z]+GZ/);
    expect(html).not.toMatch(/token|unsubscribe|[\w.+-]+@[\w-]+\.\w/i);
    expect(html).not.toContain('You receive');
    expect(html).toMatch(/<a [^>]*href="\/archive"[^>]*>← All issues of Gazette<\/a>/);
    expect(html).toMatch(/<a [^>]*href="\/subscribe"[^>]*>Subscribe<\/a>/);
    expect(html).toContain(`href="${PUBLIC_URL}/archive/2026-11-20"`); // "Read it on the web" stays
  });

  it('answers 404 for a draft, a date with no issue and a malformed date', async () => {
    for (const path of [`/archive/${DRAFT}`, '/archive/2025-01-01', '/archive/not-a-date', '/archive/2026-11-20%00',
      '/archive/2026-13-01', '/archive/2026-00-10', '/archive/9999-99-99', '/archive/2026-02-30', '/archive/2026-W60']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      expect(text).not.toContain('A draft nobody has seen');
      expect(text, path).toContain('No such issue');
    }
  });

  it('publishes the sent issues as RSS 2.0 that the project\'s own feed reader parses', async () => {
    const res = await fetch(`${url}/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<rss version="2.0"/);
    expect(xml).toContain(`<atom:link href="${PUBLIC_URL}/feed.xml" rel="self" type="application/rss+xml"/>`);
    expect(xml).not.toMatch(/GZ[A-Z]+GZ|token|unsubscribe|[\w.+-]+@[\w-]+\.\w/i);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('javascript:');

    const feed = await parseFeed(xml, `${url}/feed.xml`);
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Gazette');
    expect(feed.link).toBe(`${PUBLIC_URL}/archive`);
    expect(feed.entries.map((e) => [e.title, e.link, e.id, e.published])).toEqual([
      ['Gazette, 21 Nov: The bridge reopens', `${PUBLIC_URL}/archive/2026-11-21`, `${PUBLIC_URL}/archive/2026-11-21`, '2026-11-21T07:00:00.000Z'],
      ['Gazette, 20 Nov: Night trams return', `${PUBLIC_URL}/archive/2026-11-20`, `${PUBLIC_URL}/archive/2026-11-20`, '2026-11-20T07:00:00.000Z'],
    ]);
    const content = feed.entries[1]!.content;
    expect(content && 'html' in content ? content.html : '').toContain('<h2><a href="https://riverpost.example/a">Night trams return</a></h2>');
    expect(content && 'html' in content ? content.html : '').toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends');
  });
});

describe('archivePageHtml', () => {
  it('fills markers with neutral values when the template does not mark its personal paragraph', () => {
    const legacy = `<!doctype html><html lang="en"><body><p>Sent to ${PERSONAL_MARKERS.email}. <a href="${PERSONAL_MARKERS.unsubscribeUrl}">Unsubscribe</a></p></body></html>`;
    const html = archivePageHtml(legacy, { archive: '/archive', subscribe: '/subscribe', listName: 'Gazette' });
    expect(html).toContain('Sent to your address. <a href="/subscribe">Unsubscribe</a>');
    expect(html).not.toMatch(/GZ[A-Z]+GZ/);
  });

  it('never shows a recipient even if handed an already personalised issue\'s personal paragraph', () => {
    const sent = personalize(`<html><body><p class="muted personal">You receive it at ${PERSONAL_MARKERS.email}</p><p>News</p></body></html>`, { email: 'ann@example.com', unsubscribeUrl: 'x', preferencesUrl: 'y' }, { html: true });
    const html = archivePageHtml(sent, { archive: '/archive', subscribe: '/subscribe', listName: 'Gazette' });
    expect(html).not.toContain('ann@example.com');
    expect(html).toContain('<p>News</p>');
  });
});
