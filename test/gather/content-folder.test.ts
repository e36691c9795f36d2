import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outletFromPath, readContentFolder, readArticleFile } from '../../src/gather/content-folder.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

function folder(files: Record<string, string | Buffer>): string {
  const dir = tmpDir();
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

const markdown = `---
title: "Night trams return to <Harbour> Street"
url: https://harbourtimes.example/trams?utm_source=mail
outlet: Harbour Times
published: 2026-11-20T08:30:00Z
tags: [transport, city]
pin: true
---
# Night trams return to <Harbour> Street

The council said on **Friday** that night trams will run again from December.

A [second paragraph](https://example.org) with a link.
`;

describe('content folder: the three formats', () => {
  it('reads Markdown with front matter into an Article', async () => {
    const dir = folder({ 'harbour.md': markdown });
    const { articles, problems } = await readContentFolder(dir);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(1);
    const a = articles[0]!;
    expect(a.title).toBe('Night trams return to <Harbour> Street');
    expect(a.outlet).toBe('Harbour Times');
    expect(a.published).toBe('2026-11-20T08:30:00.000Z');
    expect(a.tags).toEqual(['transport', 'city']);
    expect(a.pin).toBe(true);
    // Markdown syntax is gone, the repeated heading too, paragraphs stay apart.
    expect(a.text).toBe('The council said on Friday that night trams will run again from December.\n\nA second paragraph with a link.');
  });

  it('reads scraped plain text: first line is the headline, furniture is left for clean', async () => {
    const dir = folder({ 'coast-daily--storm.txt': 'Storm barrier closes for the first time\n\nShare this: Facebook\n\nThe barrier closed at 4 a.m. on Tuesday.\n' });
    const { articles } = await readContentFolder(dir);
    expect(articles[0]!.title).toBe('Storm barrier closes for the first time');
    expect(articles[0]!.outlet).toBe('Coast Daily');
    expect(articles[0]!.text).toContain('The barrier closed at 4 a.m. on Tuesday.');
    expect(articles[0]!.url).toBeNull();
  });

  it('reads an HTML page through Readability, keeping title, site name, date and canonical URL', async () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the article about the solar cooperative, which now powers four hundred homes in the valley and plans to double its panels next spring.</p>`).join('\n');
    const html = `<!doctype html><html lang="en"><head><title>Solar co-op doubles | Valley Tribune</title>
      <meta property="og:site_name" content="Valley Tribune"><meta property="article:published_time" content="2026-11-19T10:00:00Z">
      <link rel="canonical" href="https://valley.example/solar"></head>
      <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <article><h1>Solar co-op doubles</h1>${paragraphs}</article>
      <footer>Copyright Valley Tribune. <a href="/privacy">Privacy</a></footer></body></html>`;
    const dir = folder({ 'solar.html': html });
    const { articles, problems } = await readContentFolder(dir);
    expect(problems).toEqual([]);
    const a = articles[0]!;
    expect(a.title).toMatch(/Solar co-op doubles/);
    expect(a.outlet).toBe('Valley Tribune');
    expect(a.url).toBe('https://valley.example/solar');
    expect(a.published).toBe('2026-11-19T10:00:00.000Z');
    expect(a.text).toContain('Paragraph 6 of the article');
    expect(a.text).not.toMatch(/Privacy|Copyright/);
  });

  it('gives the same id on every run', async () => {
    const dir = folder({ 'a.md': markdown });
    const first = await readArticleFile(join(dir, 'a.md'), dir);
    const second = await readArticleFile(join(dir, 'a.md'), dir);
    expect(first.id).toBe(second.id);
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('outlet names from file names', () => {
  it('reads the part before "--" as a name, and an id or a hash as no outlet', () => {
    expect(outletFromPath('content/coastline-daily--harbour-line-tram.txt')).toBe('Coastline Daily');
    expect(outletFromPath('content/port-halvern-post--harbour-line-first-day.html')).toBe('Port Halvern Post');
    expect(outletFromPath('news-of-the-world--story.md')).toBe('News of the World');
    expect(outletFromPath('bbc--budget.txt')).toBe('BBC');
    expect(outletFromPath('seeds/000_53142c9a06c61052.txt')).toBe('');
    expect(outletFromPath('seeds/002_a82f7b581be31684.txt')).toBe('');
    expect(outletFromPath('3f2504e0-4f89-11d3-9a0c-0305e82c3301.md')).toBe('');
    expect(outletFromPath('12345.txt')).toBe('');
  });
});

describe('content folder: bad files are reported and skipped', () => {
  it('names the file and the reason, and keeps the good ones', async () => {
    const dir = folder({
      'good.md': markdown,
      'broken.md': '---\ntitle: "unterminated\nurl: [\n---\nBody\n',
      'empty.txt': '   \n\n',
      'binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0xff]),
      'latin1.txt': Buffer.from('Caf\xe9 news\n\nA body.', 'latin1'),
      'no-title.md': '---\noutlet: X\n---\nJust text, no heading.\n',
      'bad-date.md': '---\ntitle: T\npublished: next tuesday\n---\nText.\n',
      'feb-30.md': '---\ntitle: T\npublished: 2026-02-30\n---\nText.\n',
      'txt-bad-url.txt': '---\nurl: javascript:alert(1)\n---\nHeadline\n\nBody text.\n',
      'txt-bad-date.txt': '---\npublished: 2026-13-45\n---\nHeadline\n\nBody text.\n',
      'headline-only.txt': 'Just a headline\n',
      'notes.pdf': 'not an article extension: reported, not read',
      'README.md': '# How to use this folder',
    });
    const { articles, problems } = await readContentFolder(dir);
    expect(articles.map((a) => a.title)).toEqual(['Night trams return to <Harbour> Street']);
    const byFile = Object.fromEntries(problems.map((p) => [p.where.split('/').pop(), p.message]));
    expect(Object.keys(byFile).sort()).toEqual(['bad-date.md', 'binary.txt', 'broken.md', 'empty.txt', 'feb-30.md', 'headline-only.txt', 'latin1.txt', 'no-title.md', 'notes.pdf', 'txt-bad-date.txt', 'txt-bad-url.txt']);
    expect(byFile['notes.pdf']).toMatch(/does not read \.pdf files/);
    // Impossible days are refused, not rolled over into another month.
    expect(byFile['feb-30.md']).toMatch(/"2026-02-30" is not a date/);
    expect(byFile['txt-bad-date.txt']).toMatch(/"2026-13-45" is not a date/);
    expect(byFile['txt-bad-url.txt']).toMatch(/not an http\(s\) URL/);
    expect(byFile['broken.md']).toMatch(/front matter is not valid YAML/);
    expect(byFile['empty.txt']).toMatch(/empty/);
    expect(byFile['binary.txt']).toMatch(/binary file/);
    expect(byFile['latin1.txt']).toMatch(/UTF-8/);
    expect(byFile['no-title.md']).toMatch(/no title/);
    expect(byFile['bad-date.md']).toMatch(/not a date/);
    expect(byFile['headline-only.txt']).toMatch(/only a headline/);
    for (const p of problems) expect(p.where.startsWith(dir)).toBe(true);
  });

  it('reports a missing folder with the fix', async () => {
    const { problems } = await readContentFolder('/nonexistent/gazette-content');
    expect(problems[0]!.message).toMatch(/does not exist.*--content/);
  });

  it('reports files of a type it does not read, with the types it does; the folder\'s own and hidden files stay silent', async () => {
    const dir = folder({
      'a.md': markdown,
      'article.json': '{"title": "Trams"}',
      'scan.pdf': Buffer.from('%PDF-1.4\n'),
      'sub/notes.docx': Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      'LICENSE': 'all rights reserved',
      'README.md': '# content',
      'feeds.txt': 'https://example.org/feed.xml',
      'issue.md': '---\nsubject: Trams\n---\n',
      'subscribers.csv': 'email\nreader@example.org\n',
      '.DS_Store': Buffer.from([0, 0, 0, 1]),
      '.git/config': '[core]',
      '.obsidian/workspace.md': '# not an article',
      '_draft.json': '{}',
    });
    const { articles, problems } = await readContentFolder(dir);
    expect(articles.map((a) => a.title)).toEqual(['Night trams return to <Harbour> Street']);
    const byFile = Object.fromEntries(problems.map((p) => [p.where.slice(dir.length + 1), p.message]));
    expect(Object.keys(byFile).sort()).toEqual(['LICENSE', 'article.json', 'scan.pdf', 'sub/notes.docx']);
    expect(byFile['article.json']).toBe('Gazette does not read .json files; save the article as .md, .txt or .html, or move the file out of the content folder');
    expect(byFile['LICENSE']).toMatch(/^Gazette does not read files without an extension; save the article as \.md, \.txt or \.html/);
    await expect(readArticleFile(join(dir, 'article.json'))).rejects.toThrow('Gazette does not read .json files');
  });

  it('passes over the feed files feeds.txt lists; an unlisted one is reported with how to read it', async () => {
    const dir = folder({ 'a.md': markdown, 'feeds/listed.rss': '<rss/>', 'feeds/stray.rss': '<rss/>' });
    const { problems } = await readContentFolder(dir, [join(dir, 'feeds', 'listed.rss')]);
    expect(problems.map((p) => [p.where.slice(dir.length + 1), p.message])).toEqual([
      ['feeds/stray.rss', 'Gazette does not read .rss files (a feed file is read only when feeds.txt lists it); save the article as .md, .txt or .html, or move the file out of the content folder'],
    ]);
  });

  it('reports every bad front matter field of a file at once, and refuses a pin or exclude that is not true or false', async () => {
    const dir = folder({
      'many.md': '---\ntitle: T\nurl: javascript:alert(1)\npublished: 2026-13-45\nsection: 5\norder: first\npin: maybe\n---\nText.\n',
      'pin.txt': '---\npin: "maybe"\n---\nHeadline\n\nBody text.\n',
      'exclude.md': '---\ntitle: T\nexclude: 1\n---\nText.\n',
      'yaml-yes.md': '---\ntitle: Pinned with yes\npin: yes\nexclude: off\n---\nText.\n',
      'yaml-true.md': '---\ntitle: Pinned with True\npin: True\nexclude: FALSE\n---\nText.\n',
    });
    const { articles, problems } = await readContentFolder(dir);
    expect(articles.map((a) => [a.title, a.pin, a.exclude])).toEqual([['Pinned with True', true, false], ['Pinned with yes', true, false]]);
    const byFile = Object.fromEntries(problems.map((p) => [p.where.slice(dir.length + 1), p.message]));
    expect(byFile['many.md']).toBe('5 front matter mistakes: (1) url "javascript:alert(1)" is not an http(s) URL; '
      + '(2) published "2026-13-45" is not a date; write it as YYYY-MM-DD or an ISO timestamp; '
      + '(3) pin "maybe" is not true or false; write `pin: true` to always put the article in the issue, or remove `pin:`; '
      + '(4) section must be one section name from issue.md, e.g. `section: Science`; '
      + '(5) order "first" is not a number; write e.g. `order: 1` (lower comes first in its section)');
    expect(byFile['pin.txt']).toBe('front matter pin "maybe" is not true or false; write `pin: true` to always put the article in the issue, or remove `pin:`');
    expect(byFile['exclude.md']).toBe('front matter exclude "1" is not true or false; write `exclude: true` to leave the article out, or remove `exclude:`');
  });

  it('keeps inline HTML of a Markdown body out of the text, as tags, whether or not Markdown recognised them; code and escapes stay', async () => {
    const dir = folder({
      'tags.md': [
        '# The <em>new</em> bridge <img src=x onerror=alert(1)>',
        '',
        "The bridge opened <img src=x onerror=alert('x')> on Friday with <em onclick='steal()'>a brass band</em> and <a href=\"https://x.example\">speeches</a>.",
        '',
        "Crowds <img/src=x onerror=alert(1)> cheered. <script src=x onerror=alert('x')>alert('y')</script>Traffic starts Monday.",
        '',
        'Write `<img src=x>` in code, or \\<b\\> escaped, and a < b > c stays.',
      ].join('\n'),
    });
    const { articles, problems } = await readContentFolder(dir);
    expect(problems).toEqual([]);
    expect(articles[0]!.title).toBe('The new bridge');
    expect(articles[0]!.text).toBe([
      'The bridge opened on Friday with a brass band and speeches.',
      'Crowds cheered. Traffic starts Monday.',
      'Write <img src=x> in code, or <b> escaped, and a < b > c stays.',
    ].join('\n\n'));
  });

  it('reads a saved page in the charset it declares, and a .txt with a UTF-16 or UTF-8 byte-order mark', async () => {
    const page = (head: string) => `<!doctype html><html><head>${head}<title>Café reopens</title></head><body><article><h1>Café reopens</h1>`
      + '<p>The harbour café reopened on Friday \u2013 with crêpes, a new terrace and the old piano.</p>'
      + '<p>Its owner said the storm had flooded the kitchen, and that the repairs took three months.</p></article></body></html>';
    const dir = folder({
      'latin1.html': Buffer.from(page('<meta charset="iso-8859-1">').replace('\u2013', '-'), 'latin1'),
      'cp1252.html': Buffer.from(page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">').replace('\u2013', '\x96'), 'latin1'),
      'utf16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café reopens\n\nThe harbour café reopened on Friday.\n', 'utf16le')]),
      'utf16be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Café reopens\n\nThe harbour café reopened on Friday.\n', 'utf16le').swap16()]),
      'utf8-bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café reopens\n\nThe harbour café reopened on Friday.\n')]),
      'undeclared.html': Buffer.from(page(''), 'latin1'),
    });
    const { articles, problems } = await readContentFolder(dir);
    const byFile = Object.fromEntries(articles.map((a) => [a.source.slice(dir.length + 1), a]));
    expect(Object.keys(byFile).sort()).toEqual(['cp1252.html', 'latin1.html', 'utf16be.txt', 'utf16le.txt', 'utf8-bom.txt']);
    expect(byFile['latin1.html']!.title).toBe('Café reopens');
    expect(byFile['latin1.html']!.text).toContain('with crêpes, a new terrace');
    expect(byFile['cp1252.html']!.text).toContain('on Friday \u2013 with crêpes');
    for (const f of ['utf16le.txt', 'utf16be.txt', 'utf8-bom.txt']) {
      expect(byFile[f]!.title).toBe('Café reopens');
      expect(byFile[f]!.text).toBe('The harbour café reopened on Friday.');
    }
    expect(problems.map((p) => [p.where.slice(dir.length + 1), p.message])).toEqual([
      ['undeclared.html', 'the page is not valid UTF-8 and declares no encoding it can be read in; save it as UTF-8, or add <meta charset="..."> naming its encoding'],
    ]);
  });

  it('reports a file given as the folder in words, not as ENOTDIR', async () => {
    const dir = folder({ 'a.md': markdown });
    const { problems } = await readContentFolder(join(dir, 'a.md'));
    expect(problems[0]!.message).toBe('this is a file, not a folder; pass --content DIR or set GAZETTE_CONTENT_DIR to the folder of articles');
  });
});
