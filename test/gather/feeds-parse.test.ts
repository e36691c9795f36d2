// The feed parser and the article mapping on documents written for these
// tests: the cases the shared feeds do not show (a bad Atom date, an RSS
// without version, JSON Feed 1.0, BOMs and wrong charsets, items without a
// title or link).
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/gather/feeds/decode.js';
import { parseFailure } from './parse-failure.js';
import { parseFeed, rootElement } from '../../src/gather/feeds/parse.js';
import { feedToArticles, SHORT_DESCRIPTION_WORDS } from '../../src/gather/feeds/to-articles.js';

const atom = (entries: string) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><link href="https://desk.example.net/"/><id>urn:x</id><updated>2025-06-01T00:00:00Z</updated>${entries}</feed>`;

describe('parseFeed', () => {
  it('keeps the other entries of an Atom feed when one has a bad date', async () => {
    const feed = await parseFeed(atom(`
      <entry><title>Good</title><link href="/good"/><id>1</id><published>2025-06-01T10:00:00Z</published></entry>
      <entry><title>Bad date</title><link href="/bad"/><id>2</id><published>sometime in June</published><updated>2025-06-02T09:00:00Z</updated></entry>
      <entry><title>No date</title><link href="/none"/><id>3</id><published>soon</published></entry>`));
    expect(feed.entries.map((e) => [e.title, e.link, e.published])).toEqual([
      ['Good', 'https://desk.example.net/good', '2025-06-01T10:00:00.000Z'],
      ['Bad date', 'https://desk.example.net/bad', '2025-06-02T09:00:00.000Z'],
      ['No date', 'https://desk.example.net/none', null],
    ]);
  });

  it('reads an <rss> without a version attribute as RSS 2.0, and entity-laden titles as text', async () => {
    const feed = await parseFeed('<rss><channel><title>Old &amp;amp; Odd</title><item><title>Price &amp;#x0024;5 for 10m&lt;sup&gt;2&lt;/sup&gt;</title><link>https://odd.example.org/1</link></item></channel></rss>');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Old & Odd');
    expect(feed.entries[0]!.title).toBe('Price $5 for 10m2');
  });

  it('reads RSS 1.0 (RDF)', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.org/"><title>RDF Notes</title><link>https://rdf.example.org/</link><description>d</description></channel>
  <item rdf:about="https://rdf.example.org/a"><title>An item</title><link>https://rdf.example.org/a</link><dc:date>2025-05-30T12:00:00+02:00</dc:date><dc:creator>R. Writer</dc:creator><description>Short lead.</description></item>
</rdf:RDF>`);
    expect(feed.format).toBe('rdf');
    expect(feed.entries[0]).toMatchObject({ title: 'An item', link: 'https://rdf.example.org/a', published: '2025-05-30T10:00:00.000Z', author: 'R. Writer', summary: { html: 'Short lead.' } });
  });

  it('reads JSON Feed 1.0 (a single author, content_text, external_url)', async () => {
    const feed = await parseFeed(JSON.stringify({
      version: 'https://jsonfeed.org/version/1',
      title: 'Plain Notes',
      home_page_url: 'https://plain.example.org/',
      items: [{ id: 7, external_url: '/linked', title: 'Linked', content_text: 'First paragraph.\r\n\r\nSecond paragraph.', date_modified: '2025-06-01T00:00:00Z', author: { name: 'A. Author' } }],
    }));
    expect(feed.entries[0]).toEqual({
      id: '7', title: 'Linked', link: 'https://plain.example.org/linked', published: '2025-06-01T00:00:00.000Z',
      content: { text: 'First paragraph.\r\n\r\nSecond paragraph.' }, summary: null, author: 'A. Author', tags: [],
    });
    const { articles } = feedToArticles(feed, { source: 'plain.json' });
    expect(articles[0]!.text).toBe('First paragraph.\n\nSecond paragraph.');
  });

  it('says what a non-feed document is', async () => {
    expect((await parseFailure('')).message).toBe('not a feed: the document is empty');
    expect((await parseFailure('Service unavailable')).message).toBe('not a feed: the document is neither XML nor JSON');
    expect((await parseFailure('<?xml version="1.0"?><urlset><url/></urlset>')).message).toBe('not a feed: the XML root element is <urlset>, not <rss>, <feed> or <rdf:RDF>');
    expect((await parseFailure('<!DOCTYPE html><p>hi')).message).toMatch(/^not a feed: it is an HTML page; to read a single article page, write "page: URL"/);
    expect((await parseFailure('[1, 2]')).code).toBe('NOT_A_FEED');
    const broken = await parseFailure('{"version": "https://jsonfeed.org/version/1.1", "items": ');
    expect(broken.code).toBe('BAD_FEED');
    expect(broken.message).toBe('the JSON is malformed (it ends before the JSON is complete)');
    const bad = await parseFailure('<?xml version="1.0"?><rss version="2.0"></rss>');
    expect(bad.code).toBe('BAD_FEED');
    expect(bad.message).toBe('the <rss> document has no <channel> and no <item> elements, so there is nothing to read');
  });

  it('finds the root element past declarations, comments and doctypes', () => {
    expect(rootElement('\n<?xml version="1.0"?>\n<!-- generated -->\n<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss version="2.0">')).toBe('rss');
    expect(rootElement('<rdf:RDF xmlns:rdf="x">')).toBe('rdf:rdf');
    expect(rootElement('<!doctype HTML><html>')).toBe('html');
    expect(rootElement('<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><rss>')).toBe('rss');
  });
});

describe('decodeBody', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  it('honours the XML declaration, the HTTP charset and a BOM', () => {
    expect(decodeBody(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><t>café</t>'))).toContain('café');
    expect(decodeBody(latin1('<t>café</t>'), 'text/xml; charset=iso-8859-1')).toBe('<t>café</t>');
    expect(decodeBody(Buffer.from('\uFEFF<t>café</t>', 'utf16le'))).toBe('<t>café</t>');
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<t>café</t>')]))).toBe('<t>café</t>');
  });

  it('falls back when a declared UTF-8 is wrong, and reads undeclared non-UTF-8 as Windows-1252', () => {
    expect(decodeBody(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><t>é</t>'), 'application/xml; charset=utf-8')).toContain('<t>é</t>');
    expect(decodeBody(latin1('<t>Não – café</t>'.replace('–', '\x96')))).toBe('<t>Não – café</t>');
    // Windows-1252's own characters in 0x80-0x9F (Node 20 decodes them as C1 controls).
    expect(decodeBody(Buffer.from([0x3c, 0x74, 0x3e, 0x80, 0x92, 0x93, 0x94, 0x99, 0x81]), 'text/xml; charset=windows-1252')).toBe('<t>€’“”™\u0081');
    expect(decodeBody(Buffer.from('<t>日本</t>'))).toBe('<t>日本</t>');
    expect(decodeBody(latin1('<t>é</t>'), 'text/xml; charset=bogus-charset')).toBe('<t>é</t>');
  });
});

describe('feedToArticles', () => {
  const feed = (entries: object[]) => ({ format: 'rss' as const, title: 'Outlet', link: 'https://outlet.example.org/', entries: entries.map((e) => ({ id: null, title: null, link: null, published: null, content: null, summary: null, author: null, tags: [], ...e })) });

  it('flags a short description, and not a long one', () => {
    const long = Array.from({ length: SHORT_DESCRIPTION_WORDS + 5 }, (_, i) => `word${i}`).join(' ');
    const { articles } = feedToArticles(feed([
      { title: 'Teaser', link: 'https://outlet.example.org/t', summary: { html: '<p>Just a lead.</p>' } },
      { title: 'Full in description', link: 'https://outlet.example.org/f', summary: { html: `<p>${long}</p>` } },
      { title: 'Full content', link: 'https://outlet.example.org/c', content: { html: '<p>Short but complete.</p>' }, summary: { html: 'Lead' } },
      { title: 'Headline only', link: 'https://outlet.example.org/h' },
    ]), { source: 'https://outlet.example.org/feed' });
    expect(articles.map((a) => [a.title, a.descriptionOnly ?? false, a.text.slice(0, 20)])).toEqual([
      ['Teaser', true, 'Just a lead.'],
      ['Full in description', false, 'word0 word1 word2 wo'],
      ['Full content', false, 'Short but complete.'],
      ['Headline only', true, ''],
    ]);
  });

  it('titles an untitled item from its text, keys a linkless item by its guid, and reports an empty one as dropped', () => {
    const { articles, problems } = feedToArticles(feed([
      { link: 'https://outlet.example.org/untitled', content: { html: '<p>One two three four five six seven eight nine ten eleven twelve thirteen.</p>' } },
      { id: 'guid-1', title: 'No link' },
      { id: 'guid-2', title: 'No link' },
      {},
      { summary: { html: 'text without title or link' } },
    ]), { source: 'https://outlet.example.org/feed', label: 'The Outlet' });
    expect(articles.map((a) => [a.title, a.url, a.outlet])).toEqual([
      ['One two three four five six seven eight nine ten eleven twelve…', 'https://outlet.example.org/untitled', 'The Outlet'],
      ['No link', null, 'The Outlet'],
      ['No link', null, 'The Outlet'],
      ['text without title or link', null, 'The Outlet'],
    ]);
    expect(articles[1]!.id).not.toBe(articles[2]!.id);
    expect(articles[3]!.descriptionOnly).toBe(true);
    expect(problems).toEqual([{ where: 'https://outlet.example.org/feed', code: 'DROPPED_ITEM', message: 'item 4 of the feed was dropped: it has no title, no link and no text' }]);
  });
});
