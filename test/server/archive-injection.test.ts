// Issue 14 item 3: a feed title that closes <title> must stay text in the
// public archive page, whatever linkedom does when it re-serialises the issue.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { renderIssue } from '../../src/render/index.js';
import { archivePageHtml } from '../../src/server/archive-issue.js';
import type { SummarizedStory } from '../../src/types.js';
import { cleanupTmp } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const links = { archive: '/archive', subscribe: '/subscribe', listName: 'Gazette' };
const story = (title: string): SummarizedStory => ({
  id: 'x', title, sentences: ['Something happened.'],
  articles: [{ id: 'x', title, url: 'https://news.example/a', outlet: 'News', published: '2026-11-20T08:00:00.000Z', text: 'x', source: 'x.md', tags: [] }],
});
const page = async (title: string) => {
  const r = await renderIssue([story(title)], { date: '2026-11-20', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates') });
  return archivePageHtml(r.html, links);
};

describe('archive page against markup in a title', () => {
  it.each([
    '</title><meta http-equiv=refresh content=0;url=//evil.example>',
    '</TITLE ><script>alert(1)</script>',
    '</title><base href=//evil.example/>',
    '<!--</title>--><img src=x onerror=alert(1)>',
    '</textarea></title><iframe src=//evil.example>',
  ])('keeps %j as text', async (title) => {
    const html = await page(title);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('meta[http-equiv=refresh i], script, base, iframe, img[onerror]').length).toBe(0);
    expect(document.querySelector('title')?.textContent).toContain(title.slice(0, 20));
    // What a browser reads as the title: up to the first "</title", which must hold no markup.
    const raw = /<title>([\s\S]*?)<\/title/i.exec(html)?.[1] ?? '';
    expect(raw).not.toMatch(/[<>]/);
    expect(html.split(/<title>/i)[1]!.indexOf('</title>')).toBe(raw.length);
  });

  it('no title text ever adds an element to the page (property)', async () => {
    const plain = parseHTML(await page('Plain')).document.querySelectorAll('*').length;
    await fc.assert(fc.asyncProperty(fc.string({ unit: fc.constantFrom('<', '>', '/', 'title', 'meta', 'script', ' ', '=', '"', "'", '!', '-', 'a'), maxLength: 40 }).map((s) => `</title>${s}`), async (title) => {
      const { document } = parseHTML(await page(title));
      expect(document.querySelectorAll('*').length).toBe(plain);
    }), { numRuns: 40 });
  });
});

describe("archive page against markup in the editor's plan (content/issue.md)", () => {
  it('keeps a hostile subject, intro, section name and summary as text', async () => {
    const evil = '</title><script>alert(1)</script><img src=x onerror=alert(1)>';
    const s = story('A story');
    s.articles[0]!.summary = `Summary ${evil}`;
    s.articles[0]!.section = `Section ${evil}`;
    const r = await renderIssue([s], {
      date: '2026-11-20', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates'),
      plan: { sections: [{ name: `Section ${evil}`, tags: [] }, { name: 'Other', tags: [] }], defaultSection: 'More news', intro: [`Intro ${evil}`], subject: `Subject ${evil}` },
    });
    const html = archivePageHtml(r.html, links);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('script, img[onerror], meta[http-equiv=refresh i]').length).toBe(0);
    const text = document.body.textContent ?? '';
    for (const words of [`Summary ${evil}`, `Section ${evil}`, `Intro ${evil}`]) expect(text).toContain(words);
    expect(/<title>([\s\S]*?)<\/title/i.exec(html)?.[1]).not.toMatch(/[<>]/);
  });
});
