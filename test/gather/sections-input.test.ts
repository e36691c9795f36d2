// How articles name their section: front matter (`section:`, plus `order:`
// and `summary:`) in the content folder, and a `| Section` column in
// feeds.txt that every article of that feed or page joins. Old lines read as before.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatherArticles } from '../../src/gather/index.js';
import { readContentFolder } from '../../src/gather/content-folder.js';
import { configuredSources, parseSourcesList } from '../../src/gather/sources-file.js';

let tmp: string;
beforeEach(() => { tmp = mkdtempSync(join(tmpdir(), 'gazette-sections-input-')); });
afterEach(() => { rmSync(tmp, { recursive: true, force: true }); });

describe('feeds.txt section column', () => {
  it('reads "outlet | section" and "| section" after a URL, and lines without a | as before', () => {
    const { entries, problems } = parseSourcesList([
      'https://www.example.org/world/rss.xml      Example Outlet | World',
      'https://science.example.net/atom.xml | Science & nature',
      'page: https://blog.example.com/post   Example Blog|Sport',
      'https://old.example.org/rss.xml   Old Outlet',
      'https://plain.example.org/rss.xml',
    ].join('\n'), join(tmp, 'feeds.txt'));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.label, e.section])).toEqual([
      ['Example Outlet', 'World'],
      [undefined, 'Science & nature'],
      ['Example Blog', 'Sport'],
      ['Old Outlet', undefined],
      [undefined, undefined],
    ]);
    expect(entries[3]).toEqual({ kind: 'feed', location: 'https://old.example.org/rss.xml', label: 'Old Outlet', line: 4 });
  });

  it('reports an empty section or two | with the line number and the fix, and keeps the other lines', () => {
    const path = join(tmp, 'feeds.txt');
    const { entries, problems } = parseSourcesList('https://a.example.org/rss Outlet |\nhttps://b.example.org/rss A | B | C\nhttps://c.example.org/rss C | Sport\n', path);
    expect(entries.map((e) => e.line)).toEqual([3]);
    expect(problems.map((p) => [p.where, p.message.replace(/^.* line/, 'line')])).toEqual([
      [`${path}:1`, 'line 1: has nothing after its |; write a section name from issue.md after it, or remove the |'],
      [`${path}:2`, 'line 2: has more than one |; write the outlet, then one | and the section name'],
    ]);
  });

  it("puts every article of a listed feed in the line's section, and credits the outlet as before", async () => {
    mkdirSync(join(tmp, 'feeds'));
    copyFileSync(resolve('test', 'fixtures', 'feeds', 'port-alder-herald.rss'), join(tmp, 'feeds', 'herald.rss'));
    copyFileSync(resolve('test', 'fixtures', 'feeds', 'estuary-science-desk.atom'), join(tmp, 'feeds', 'science.atom'));
    writeFileSync(join(tmp, 'feeds.txt'), 'feeds/herald.rss   The Herald | World\nfeeds/science.atom\n');
    const { sources, problems } = configuredSources(tmp);
    expect(problems).toEqual([]);
    const { articles } = await gatherArticles(sources);
    const herald = articles.filter((a) => a.source.endsWith('herald.rss'));
    const science = articles.filter((a) => a.source.endsWith('science.atom'));
    expect(herald.length).toBeGreaterThan(0);
    expect(science.length).toBeGreaterThan(0);
    expect(herald.every((a) => a.section === 'World' && a.outlet === 'The Herald')).toBe(true);
    expect(science.every((a) => a.section === undefined)).toBe(true);
  });
});

describe('front matter for arranging', () => {
  it('reads section, order and summary from Markdown and from scraped text with front matter, and tags from both', async () => {
    writeFileSync(join(tmp, 'a.md'), '---\ntitle: Rain returns\nsection: Science\norder: 2\ntags: [weather]\nsummary: "Our words: <b>rain</b>, at last."\n---\nIt rained on Friday for the first time in weeks.\n');
    writeFileSync(join(tmp, 'b.txt'), '---\nsection: Sport\ntags: rowing, river\n---\nRegatta won by half a length\n\nKelsey Bay won the regatta on Sunday.\n');
    writeFileSync(join(tmp, 'issue.md'), '---\nsections:\n  - Science\n---\nThe intro, not an article.\n');
    const { articles, problems } = await readContentFolder(tmp);
    expect(problems).toEqual([]);
    expect(articles.map((a) => [a.title, a.section, a.order, a.summary, a.tags])).toEqual([
      ['Rain returns', 'Science', 2, 'Our words: <b>rain</b>, at last.', ['weather']],
      ['Regatta won by half a length', 'Sport', undefined, undefined, ['rowing', 'river']],
    ]);
  });

  it('reports a bad order, section or summary with the file and the fix, and reads the other articles', async () => {
    writeFileSync(join(tmp, 'a.md'), '---\ntitle: A\norder: first\n---\nText.\n');
    writeFileSync(join(tmp, 'b.md'), '---\ntitle: B\nsection: [World, Sport]\n---\nText.\n');
    writeFileSync(join(tmp, 'c.md'), '---\ntitle: C\nsummary: 42\n---\nText.\n');
    writeFileSync(join(tmp, 'd.md'), '---\ntitle: D\n---\nText.\n');
    const { articles, problems } = await readContentFolder(tmp);
    expect(articles.map((a) => a.title)).toEqual(['D']);
    expect(problems.map((p) => [p.where.split('/').pop(), p.message])).toEqual([
      ['a.md', 'front matter order "first" is not a number; write e.g. `order: 1` (lower comes first in its section)'],
      ['b.md', 'front matter section must be one section name from issue.md, e.g. `section: Science`'],
      ['c.md', 'front matter summary must be text: your own summary of the story, or remove `summary:`'],
    ]);
  });
});
