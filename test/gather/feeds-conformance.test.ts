// The real feeds in ../shared/data/feeds/rss-parser against rss-parser's own
// expected output: every item is kept (or reported), and at least 95 % of
// items have the expected title, link and date (the figure is printed; the
// differences are where rss-parser itself is wrong, e.g. Portuguese dates).
// The HTML page among them is refused as "not a feed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/gather/feeds/decode.js';
import { parseFeed } from '../../src/gather/feeds/parse.js';
import { readFeed } from '../../src/gather/feeds/source.js';

const dir = resolve('..', 'shared', 'data', 'feeds', 'rss-parser');
const present = existsSync(join(dir, 'input'));
if (!present) console.log(`skipping feed conformance: ${dir} is missing`);

interface ExpectedItem { title?: string; link?: string; isoDate?: string }
interface Expected { feed: { link?: string; items: ExpectedItem[] } }

/** The expected files are UTF-8, except the latin-1 feed's, which rss-parser's test wrote in latin-1. */
function readExpected(path: string): Expected {
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('latin1').decode(bytes);
  }
  return JSON.parse(text) as Expected;
}

const { document } = parseHTML('<html><body></body></html>');
/** The visible text of a title (titles in the wild carry entities and tags), whitespace collapsed. */
function textOf(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const div = document.createElement('div');
  div.innerHTML = s;
  const t = (div.textContent ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/**
 * rss-parser read one undeclared latin-1 feed as UTF-8 and lost each accented
 * byte to U+FFFD; there any non-ASCII character matches, or a space (a
 * no-break space byte, which collapses to a space with the rest).
 */
function sameText(actual: string | null, expected: string | null): boolean {
  if (expected === null || actual === null) return actual === expected;
  if (!expected.includes('\uFFFD')) return actual === expected;
  const pattern = expected.split('\uFFFD').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(?:[^\\x00-\\x7F]| )');
  return new RegExp(`^${pattern}$`).test(actual);
}

function urlOf(link: string | null | undefined, base?: string): string | null {
  if (!link || link.trim() === '') return null;
  return new URL(link.trim(), base).href;
}

function instant(iso: string | null | undefined): number | null {
  return iso ? Date.parse(iso) : null;
}

const inputs = present ? readdirSync(join(dir, 'input')).sort() : [];
const withOutput = inputs.filter((f) => existsSync(join(dir, 'output', `${basename(f, extname(f))}.json`)));

describe.skipIf(!present)('rss-parser test feeds', () => {
  it('has feeds to check', () => {
    expect(withOutput.length).toBeGreaterThanOrEqual(29);
  });

  // The figure: the share of all expected items whose title, link and date
  // all match. rss-parser's own expectations are not always right (it gives
  // no date for Portuguese "Seg, 24 Set 2018"), so the bar is a share, and
  // each feed below must still keep every item.
  const mismatches: string[] = [];
  let items = 0;
  let matching = 0;

  it.each(withOutput)('%s keeps every item, and its titles, links and dates are counted', async (file) => {
    const expected = readExpected(join(dir, 'output', `${basename(file, extname(file))}.json`));
    const feed = await parseFeed(decodeBody(readFileSync(join(dir, 'input', file))), null);
    const want = expected.feed.items;
    expect(feed.entries.length).toBe(want.length);
    const feedLink = expected.feed.link?.trim() || undefined;
    want.forEach((w, i) => {
      const got = feed.entries[i]!;
      const where = `${file} item ${i + 1}`;
      const wrong = [
        sameText(textOf(got.title), textOf(w.title)) ? null : `title ${JSON.stringify(got.title)} vs ${JSON.stringify(w.title)}`,
        urlOf(got.link) === urlOf(w.link, feedLink) ? null : `link ${got.link} vs ${w.link}`,
        instant(got.published) === instant(w.isoDate) ? null : `date ${got.published} vs ${w.isoDate}`,
      ].filter(Boolean);
      items++;
      if (wrong.length === 0) matching++;
      else mismatches.push(`${where}: ${wrong.join('; ')}`);
    });

    // The same file read as a build reads it: no item is lost without a word.
    const { articles, problems } = await readFeed({ location: join(dir, 'input', file) });
    const dropped = problems.filter((p) => p.code === 'DROPPED_ITEM').length;
    expect(articles.length + dropped).toBe(want.length);
    expect(articles.every((a) => a.title.trim() !== '' && a.outlet.trim() !== '')).toBe(true);
  });

  it('matches the expected title, link and date on at least 95 % of items', () => {
    const share = matching / items;
    console.log(`feed conformance: ${matching}/${items} items (${(share * 100).toFixed(1)} %) match rss-parser's expected title, link and date`);
    if (mismatches.length) console.log(`differences:\n  ${mismatches.slice(0, 30).join('\n  ')}`);
    expect(items).toBeGreaterThan(300);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it('reads a feed that has no expected output (itunes-missing-image.rss) without loss', async () => {
    const { articles, problems } = await readFeed({ location: join(dir, 'input', 'itunes-missing-image.rss') });
    expect(problems).toEqual([]);
    expect(articles.length).toBe((readFileSync(join(dir, 'input', 'itunes-missing-image.rss'), 'utf8').match(/<item>/g) ?? []).length);
  });

  it('refuses unrecognized.rss (an HTML page) with a clear "not a feed" problem naming the file', async () => {
    const path = join(dir, 'input', 'unrecognized.rss');
    const { articles, problems } = await readFeed({ location: path, listedAt: 'feeds.txt line 3' });
    expect(articles).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe(path);
    expect(problems[0]!.code).toBe('NOT_A_FEED');
    expect(problems[0]!.message).toMatch(/^not a feed: it is an HTML page \("Document Moved"\)/);
    expect(problems[0]!.message).toContain('feeds.txt line 3');
  });

  it('decodes the latin-1 feed by its XML declaration', async () => {
    const { articles } = await readFeed({ location: join(dir, 'input', 'encoding.rss') });
    expect(articles[0]!.title).toBe('Mãe de utente é a nova presidente da Raríssimas');
    expect(articles[0]!.outlet).toBe('Jornal de Notícias - Últimas Notícias');
  });
});
