// The feed cases real readers forgive or get right, each on a small document
// written for this project (test/fixtures/feeds/cases, or built here):
// documents without <channel>, UTF-16/32 without a BOM, an XHTML doctype,
// parser state per feed, bare ampersands, Atom text constructs (xhtml,
// base64), undeclared legacy encodings, control characters, guid permalinks,
// xml:base, Atom and Dublin Core dates in RSS, Atom 0.3, untitled items.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../src/gather/feeds/decode.js';
import { parseFailure } from './parse-failure.js';
import { parseFeed } from '../../src/gather/feeds/parse.js';
import { readFeed } from '../../src/gather/feeds/source.js';
import { feedToArticles } from '../../src/gather/feeds/to-articles.js';

const cases = resolve('test', 'fixtures', 'feeds', 'cases');
const fixture = (name: string) => readFileSync(join(cases, name), 'utf8');

const simple = (title: string, extra = '') => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wharf Notes</title><link>https://wharf.example.org/</link>
<item><title>${title}</title><link>https://wharf.example.org/1</link>${extra}</item></channel></rss>`;

describe('documents without a <channel>', () => {
  it('recovers the items and says the channel is missing', async () => {
    const path = join(cases, 'no-channel.rss');
    const { articles, problems } = await readFeed({ location: path, listedAt: 'content/feeds.txt line 2' });
    expect(articles.map((a) => [a.title, a.url, a.published])).toEqual([
      ['Allotment waiting list reopens', 'https://looseleaf.example.org/allotments', '2025-06-02T08:00:00.000Z'],
      ['Seed swap on Saturday', 'https://looseleaf.example.org/seed-swap', null],
    ]);
    expect(problems).toEqual([{ where: path, code: 'FEED_WARNING', message: 'the <rss> document has no <channel> element; its 2 item(s) were read anyway (listed in content/feeds.txt line 2)' }]);
  });

  it('names what is missing when there is nothing at all, in words of its own', async () => {
    for (const doc of ['<rss version="2.0"/>', '<?xml version="1.0"?><rss version="2.0"><title>Only a title</title></rss>']) {
      const f = await parseFailure(doc);
      expect(f.code).toBe('BAD_FEED');
      expect(f.message).toBe('the <rss> document has no <channel> and no <item> elements, so there is nothing to read');
    }
  });
});

describe('encodings', () => {
  const doc = simple('Café – naïve ☕ 日本');
  for (const enc of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']) {
    it(`reads ${enc} without a byte-order mark, and with one`, async () => {
      const plain = iconv.encode(doc, enc, { addBOM: false });
      const withBom = iconv.encode(doc, enc, { addBOM: true });
      for (const bytes of [plain, withBom]) {
        const decoded = decodeDocument(bytes);
        expect(decoded.warning).toBeUndefined();
        const feed = await parseFeed(decoded.text);
        expect(feed.entries[0]!.title).toBe('Café – naïve ☕ 日本');
      }
    });
  }

  const undeclared: [string, string, string][] = [
    ['koi8-r', 'KOI8-R', 'Городской совет утвердил новый план реконструкции набережной и парка'],
    ['shift_jis', '(SHIFT_JIS|CP932)', '市議会は港湾地区の新しい再開発計画を承認しました。工事は来年始まります。'],
    ['gb2312', 'GB', '市议会批准了海滨地区新的改造计划，工程将于明年开始。'],
  ];
  it.each(undeclared)('guesses undeclared %s from the bytes and says so', async (enc, name, title) => {
    const bytes = iconv.encode(`<?xml version="1.0"?>\n<rss version="2.0"><channel><title>${title}</title><item><title>${title}</title><description>${title} ${title}</description><link>https://city.example.org/1</link></item></channel></rss>`, enc);
    const decoded = decodeDocument(bytes);
    expect(decoded.text).toContain(title);
    expect(decoded.warning).toMatch(new RegExp(`^it declares no encoding and is not UTF-8; read as ${name}.* \\(guessed from the bytes`));
    const feed = await parseFeed(decoded.text);
    expect(feed.entries[0]!.title).toBe(title);
  });

  it('reports the guess as a warning naming the feed file', async () => {
    const { tmpdir } = await import('node:os');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const path = join(mkdtempSync(join(tmpdir(), 'gazette-enc-')), 'koi8.rss');
    writeFileSync(path, iconv.encode(simple('Городской совет утвердил новый план реконструкции набережной'), 'koi8-r').toString('latin1').replace('encoding="utf-8"', ''), 'latin1');
    const { articles, problems } = await readFeed({ location: path });
    expect(articles[0]!.title).toBe('Городской совет утвердил новый план реконструкции набережной');
    expect(problems).toEqual([{ where: path, code: 'FEED_WARNING', message: expect.stringMatching(/^it declares no encoding and is not UTF-8; read as KOI8-R/) }]);
  });
});

describe('markup that lenient readers forgive', () => {
  it('reads an RSS feed behind an XHTML doctype as a feed', async () => {
    const feed = await parseFeed(fixture('xhtml-doctype.rss'));
    expect(feed.format).toBe('rss');
    expect(feed.entries.map((e) => e.title)).toEqual(['Bell ringers practise on Thursday']);
  });

  it('reads a bare ampersand as text', async () => {
    const feed = await parseFeed(simple('Fish & Chips & Peas', '<description>Salt & vinegar &amp; more</description>'));
    expect(feed.entries[0]!.title).toBe('Fish & Chips & Peas');
    expect(feed.warnings).toEqual([]);
  });

  it('keeps one parser state per feed: each malformed feed in a row gets its own specific message', async () => {
    const first = await parseFailure('<rss version="2.0"><bogus>');
    const second = await parseFailure('<rss version="2.0"></rss>');
    const third = await parseFailure('<?xml version="1.0"?><urlset><url/></urlset>');
    expect(first.message).toBe('the <rss> document has no <channel> and no <item> elements, so there is nothing to read');
    expect(second.message).toBe(first.message);
    expect(third.message).toBe('not a feed: the XML root element is <urlset>, not <rss>, <feed> or <rdf:RDF>');
    const cut = await parseFeed('<rss version="2.0"><channel><title>Cut</title><item><title>One</title></item><item><title>Tw');
    expect(cut.warnings).toEqual(['the XML is not well-formed: <title> is never closed (the document is cut short or mis-nested); read as far as it goes']);
    const good = await parseFeed(simple('Fine again'));
    expect(good.entries[0]!.title).toBe('Fine again');
    expect(good.warnings).toEqual([]);
  });

  it('strips control characters from titles', async () => {
    const feed = await parseFeed(simple('Tide\u0007 tables\u0001 for June\u009c'));
    expect(feed.entries[0]!.title).toBe('Tide tables for June');
    const json = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Bell\u0000 Notes', items: [{ id: '1', title: 'Tide\u0007 tables\u001b for June', url: 'https://x.example/1' }] }));
    expect([json.title, json.entries[0]!.title]).toEqual(['Bell Notes', 'Tide tables for June']);
  });
});

describe('Atom text constructs and links', () => {
  it('reads xhtml titles and content, html titles, text summaries, and resolves xml:base', async () => {
    const feed = await parseFeed(fixture('atom-constructs.atom'), 'https://mirror.example.net/feed.atom');
    expect(feed.title).toBe('Tidewater Gazette');
    expect(feed.link).toBe('https://tidewater.example.com/');
    const [ferry, pier] = feed.entries;
    expect(ferry).toMatchObject({ title: 'Ferry timetable changes on 1 July', link: 'https://tidewater.example.com/news/ferry-timetable', content: { html: '<p>The early ferry moves to <a href="/ferry">6:40</a>.</p>' } });
    expect(pier).toMatchObject({ title: 'Pier repairs finished', link: 'https://archive.tidewater.example.com/2025/pier-repairs.html', published: '2025-06-02T16:30:00.000Z', summary: { text: 'Text summary <not markup>' } });
  });

  it('reads Atom 0.3: base64 and escaped modes, issued and modified dates', async () => {
    const feed = await parseFeed(fixture('atom-03.atom'));
    expect(feed.entries.map((e) => [e.title, e.link, e.published])).toEqual([
      ['Mast inspection complete', 'https://millbrook.example.org/mast', '2025-05-31T20:15:00.000Z'],
      ['Volunteers & listeners meet', 'https://millbrook.example.org/meet', '2025-06-01T10:00:00.000Z'],
    ]);
    expect(feed.entries[0]!.content).toEqual({ html: '<p>The mast was inspected by two climbers.</p>' });
  });
});

describe('RSS links, dates and untitled items', () => {
  it('uses guid permalinks, xml:base, Atom and Dublin Core dates, and keeps every item with something to show', async () => {
    const path = join(cases, 'rss-mixed.rss');
    const feed = await parseFeed(fixture('rss-mixed.rss'));
    expect(feed.title).toBe('Fish & Chips Weekly');
    expect(feed.entries.map((e) => [e.title, e.link, e.published])).toEqual([
      ['Permalink guid', 'https://fenwick.example.org/posts/permalink', '2025-06-01T10:00:00.000Z'],
      ['Default guid', 'https://fenwick.example.org/posts/default', '2025-06-01T09:00:00.000Z'],
      ['Not a permalink', null, '2025-06-01T00:00:00.000Z'],
      // Relative to the xml:base, and "?item" stays as written.
      ['Relative link', 'https://fenwick.example.org/blog/posts/relative?item', '2025-06-01T10:00:00.000Z'],
      ['Bellringer news', 'https://fenwick.example.org/posts/bell', '2025-06-01T09:30:00.000Z'],
      ['Bad date', 'https://fenwick.example.org/posts/bad', null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(feed.entries[4]!.zonelessDate).toBe(true);

    const { articles, problems } = feedToArticles(feed, { source: path, listedAt: 'content/feeds.txt line 5' });
    expect(articles.map((a) => a.title)).toEqual([
      'Permalink guid', 'Default guid', 'Not a permalink', 'Relative link', 'Bellringer news', 'Bad date',
      'Only a description: the harbour wall will be repainted in July by…',
    ]);
    expect(articles[6]!.descriptionOnly).toBe(true);
    expect(problems).toEqual([
      { where: path, code: 'DROPPED_ITEM', message: 'item 8 of the feed was dropped: it has no title, no link and no text (listed in content/feeds.txt line 5)' },
      { where: path, code: 'FEED_WARNING', message: '1 item gives a time without a time zone; read as UTC (listed in content/feeds.txt line 5)' },
    ]);
  });
});

describe('namespaces and unescaped markup', () => {
  it('reads RSS in a namespace of its own, and HTML written unescaped inside a description', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?>
<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>Userland Notes</title><link>https://userland.example.org/</link>
<item><title>Outliners <i>again</i></title><link>https://userland.example.org/1</link><description><p>First <b>bold</b> line.</p></description></item></channel></rss>`);
    expect(feed.title).toBe('Userland Notes');
    expect(feed.entries).toMatchObject([{ title: 'Outliners again', link: 'https://userland.example.org/1', summary: { html: '<p>First <b>bold</b> line.</p>' } }]);
  });

  it('reads Atom whose namespace is written differently', async () => {
    const feed = await parseFeed('<feed xmlns="http://www.w3.org/2005/Atom/"><title>Slash</title><entry><title>One</title><link href="https://slash.example.org/1"/></entry></feed>');
    expect(feed.entries.map((e) => [e.title, e.link])).toEqual([['One', 'https://slash.example.org/1']]);
  });
});

describe('text before the XML', () => {
  it('skips a server notice printed before the feed, and says so', async () => {
    const notice = 'Warning: cannot modify header information in /srv/www/feed.php on line 3\n';
    const feed = await parseFeed(`${notice}${simple('After the notice')}`);
    expect(feed.entries.map((e) => e.title)).toEqual(['After the notice']);
    expect(feed.warnings).toEqual([`the document starts with ${notice.length} characters that are not XML (often a server's error notice); they were skipped`]);
  });
});

describe('HTML written unescaped in an item', () => {
  it('does not let unclosed <br> and <img> nest what follows', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i}<br>`).join('');
    const feed = await parseFeed(simple('Poem', `<description>${lines}<img src="https://wharf.example.org/p.jpg" alt="pier"></description>`));
    expect(feed.warnings).toEqual([]);
    const html = (feed.entries[0]!.summary as { html: string }).html;
    expect(html.startsWith('line 0<br>line 1<br>')).toBe(true);
    expect(html.endsWith('line 399<br><img src="https://wharf.example.org/p.jpg" alt="pier">')).toBe(true);
  });
});

describe('false encoding declarations', () => {
  it('ignores a UTF-16 declaration over 8-bit bytes', async () => {
    const decoded = decodeDocument(Buffer.from(simple('Déclaration fausse').replace('encoding="utf-8"', 'encoding="UTF-16"')), 'text/xml; charset=utf-16');
    expect((await parseFeed(decoded.text)).entries[0]!.title).toBe('Déclaration fausse');
  });
});
