// The feed's titles are plain text: a headline (third-party text, and so the
// subject built from it) or a list name holding "<script>", "]]>", "&" or
// quotes reads back, through an XML parser, exactly as written, and never
// stands in the document as markup (it once went out raw inside CDATA).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import { renderIssue } from '../../src/render/index.js';
import { createIssueStore } from '../../src/store/issues.js';
import { child, children, NS, parseXml, textOf } from '../../src/gather/feeds/xml-tree.js';
import type { SummarizedStory } from '../../src/types.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';
import { startArchive } from './support/archive-server.js';

const PUBLIC_URL = 'https://news.example.org';
const HEADLINE = `<script>alert(9)</script> ]]> Fish & "chips" 'n' &amp; more ]]>`;
const LIST_NAME = `The <b>Daily</b> & "Co" ]]>`;

const story = (title: string): SummarizedStory => ({
  id: 'nasty1', title, sentences: ['Something happened on Friday.', 'People were pleased.'],
  articles: [{ id: title, title, url: 'https://riverpost.example/a', outlet: 'River Post', published: '2026-11-20T08:00:00.000Z', text: 'x', source: 'x.md', tags: [] }],
});

describeEngines('the feed\'s titles', (kind) => {
  let t: TestEngine;
  let app: FastifyInstance;
  let url: string;
  let subject: string;

  beforeAll(async () => {
    t = await freshEngine(kind);
    const issues = createIssueStore(t.engine);
    const date = '2026-11-20';
    const rendered = await renderIssue([story(HEADLINE)], { date, listName: LIST_NAME, publicUrl: PUBLIC_URL, templatesDir: resolve('templates') });
    await issues.save(rendered, [], new Date(`${date}T06:00:00Z`));
    await issues.freeze(date, new Date(`${date}T07:00:00Z`));
    subject = (await issues.get(date))!.issue.subject;
    ({ app, url } = await startArchive(issues, PUBLIC_URL, LIST_NAME));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    cleanupTmp();
  });

  it('reads back, through an XML parser, exactly as the subject and list name were written', async () => {
    expect(subject).toContain('<script>alert(9)</script>'); // the subject does carry the headline
    const xml = await (await fetch(`${url}/feed.xml`)).text();
    const doc = parseXml(xml);
    expect(doc.problem).toBeNull();
    const channel = child(doc.root, 'channel', ['']);
    expect(textOf(child(channel, 'title', [''])!)).toBe(LIST_NAME);
    const items = children(channel, 'item', ['']);
    expect(items.map((i) => textOf(child(i, 'title', [''])!))).toEqual([subject]);
    // The content is HTML: the headline in it is escaped HTML text.
    expect(textOf(child(items[0]!, 'encoded', [NS.content])!)).toContain('&lt;script&gt;alert(9)&lt;/script&gt; ]]&gt; Fish &amp; &quot;chips&quot;');
  });

  it('holds no markup from a headline or the list name: no "<script", no CDATA, no stray "]]>"', async () => {
    const xml = await (await fetch(`${url}/feed.xml`)).text();
    expect(xml).not.toMatch(/<script/i);
    expect(xml).not.toMatch(/<b>|CDATA|]]>/);
    const titles = [...xml.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(2);
    for (const raw of titles) expect(raw).not.toMatch(/[<>"]|&(?!#x[0-9A-F]+;)/);
  });
});
