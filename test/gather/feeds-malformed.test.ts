// Hostile and broken feeds, generated: every real and hand-made feed cut
// short, sprinkled with bad bytes, spliced with garbage, plus random garbage
// and the classic attacks (deep nesting, billion laughs, huge documents).
// Whatever comes in, reading a feed ends (the test's time limit is the "no
// hang" check), never throws, never shows an internal error's text, and every
// problem names the feed and where it is listed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { caughtProblem, feedFromBytes, type FeedSpec } from '../../src/gather/feeds/source.js';
import type { SourceResult } from '../../src/gather/source.js';

const shared = resolve('..', 'shared', 'data', 'feeds', 'rss-parser', 'input');
const own = [resolve('test', 'fixtures', 'feeds'), resolve('test', 'fixtures', 'feeds', 'cases')];
if (!existsSync(shared)) console.log(`feeds-malformed: ${shared} is missing; only the project's own feeds are mutated`);

/** Feeds to mutate: ours, and the shared real ones of a size that keeps the run short. */
const bases: { name: string; bytes: Buffer }[] = [...own, ...(existsSync(shared) ? [shared] : [])].flatMap((dir) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(rss|atom|xml|json)$/.test(e.name))
    .map((e) => ({ name: e.name, bytes: readFileSync(join(dir, e.name)) }))
    .filter((f) => f.bytes.length <= 40_000),
);

/** Text that only an exception of Gazette's own code (or of a library) would produce. */
const INTERNAL = /Cannot read propert|is not a function|is not iterable|undefined \(reading|Maximum call stack|TypeError|RangeError|SyntaxError|ReferenceError|Unexpected token|Unexpected end|Unable to parse|in JSON at|\[object Object\]/;

const LISTED = 'content/feeds.txt line 7';
let cases = 0;

/** Reads `bytes` as the feed at a made-up URL, the way a build does, and checks the result. */
async function check(bytes: Uint8Array, contentType: string | null = null): Promise<SourceResult> {
  cases++;
  const spec: FeedSpec = { location: 'https://hostile.example.org/feed.xml', listedAt: LISTED };
  let result: SourceResult;
  try {
    result = (await feedFromBytes(bytes, contentType, spec.location, spec)).result;
  } catch (err) {
    // readFeed turns what is thrown into a Problem; a bug would show up here as BUG.
    const problem = caughtProblem(spec, err, {});
    expect(problem.code, problem.message).not.toBe('BUG');
    result = { articles: [], problems: [problem] };
  }
  for (const p of result.problems) {
    expect(p.where).toBe(spec.location);
    expect(p.message).toContain(`(listed in ${LISTED})`);
    expect(p.message).not.toMatch(INTERNAL);
    expect(p.message.length).toBeLessThan(600);
  }
  for (const a of result.articles) {
    expect(a.title.trim()).not.toBe('');
    expect(a.title).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  }
  return result;
}

afterAll(() => console.log(`feeds-malformed: ${cases} malformed or hostile documents read from ${bases.length} base feeds`));

describe('malformed feeds, generated', () => {
  it('has feeds to mutate', () => {
    expect(bases.length).toBeGreaterThanOrEqual(5);
  });

  it('every feed cut short at any byte', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), fc.double({ min: 0, max: 1, noNaN: true }), async (base, at) => {
        await check(base.bytes.subarray(0, Math.floor(base.bytes.length * at)));
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('every feed with bad bytes injected (NUL, invalid UTF-8, stray markup)', { timeout: 120_000 }, async () => {
    const junk = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(...['<', '>', '&', '</item>', '<item>', ']]>', '<![CDATA[', '<!--', '"', '\u0000', '\uFFFE', '&#0;', '&#x110000;', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "b">]>'].map((s) => Buffer.from(s))),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), junk), { minLength: 1, maxLength: 6 }), async (base, injections) => {
        let bytes = Buffer.from(base.bytes);
        for (const [at, bad] of injections) {
          const i = Math.floor(bytes.length * at);
          bytes = Buffer.concat([bytes.subarray(0, i), bad, bytes.subarray(i)]);
        }
        await check(bytes);
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  it('every feed with a slice replaced by garbage or repeated', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.boolean(), fc.uint8Array({ maxLength: 200 }), async (base, at, width, repeat, garbage) => {
        const i = Math.floor(base.bytes.length * at);
        const j = Math.min(base.bytes.length, i + Math.floor(base.bytes.length * width));
        const middle = repeat ? Buffer.concat([base.bytes.subarray(i, j), base.bytes.subarray(i, j)]) : garbage;
        await check(Buffer.concat([base.bytes.subarray(0, i), middle, base.bytes.subarray(j)]));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('random garbage, random bytes and random XML-ish token soup', { timeout: 120_000 }, async () => {
    const token = fc.constantFrom('<rss version="2.0">', '<rss>', '</rss>', '<channel>', '</channel>', '<item>', '</item>', '<title>', '</title>', '<link>', '</link>', '<feed xmlns="http://www.w3.org/2005/Atom">', '<entry>', '</entry>', '<![CDATA[', ']]>', '&amp;', '&', '&#x41;', '&bogus;', '<', '>', '/>', '"', '=', ' ', '\n', 'https://x.example/', 'é', '日本', '\u0000', '{', '}', '"version":', '[', ']', '<!DOCTYPE html>', '<html>', '<?xml ?>', '<!--', '-->', 'xml:base="::"', '<pubDate>', 'Mon, 99 Foo 2025', '</pubDate>', '<guid isPermaLink="true">', '</guid>', '<content type="xhtml">', '<div>', '</div>', '<title mode="base64">', '!!!');
    await fc.assert(
      fc.asyncProperty(fc.oneof(
        fc.array(token, { maxLength: 80 }).map((t) => Buffer.from(t.join(''))),
        fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
        fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
      ), fc.constantFrom(null, 'application/rss+xml', 'text/xml; charset=utf-8', 'application/json', 'text/html; charset=koi8-r', 'text/xml; charset=bogus'), async (bytes, type) => {
        await check(bytes, type);
      }),
      { numRuns: 500, seed: 21 },
    );
  });
});

describe('hostile feeds', () => {
  const rss = (inside: string, prolog = '') => `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>Hostile</title>${inside}</channel></rss>`;

  it('flattens absurd nesting instead of following it, keeps the item, and says so', { timeout: 60_000 }, async () => {
    for (const depth of [300, 100_000]) {
      const { articles, problems } = await check(Buffer.from(rss(`<item><title>Deep</title><link>https://x.example/deep</link><description>${'<x>'.repeat(depth)}bottom${'</x>'.repeat(depth)}</description></item><item><title>After</title></item>`)));
      expect(articles.map((a) => a.title)).toEqual(['Deep', 'After']);
      expect(problems.map((p) => p.message)).toEqual([`the XML is not well-formed: elements are nested more than 256 deep; the deeper ones were flattened (listed in ${LISTED})`]);
    }
    // Nesting inside escaped HTML or CDATA is text, not XML: read, not refused.
    const escaped = await check(Buffer.from(rss(`<item><title>Escaped</title><link>https://x.example/1</link><description><![CDATA[${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}]]></description></item>`)));
    expect(escaped.articles.map((a) => a.title)).toEqual(['Escaped']);
  });

  it('does not expand entities: billion laughs and a quadratic blow-up stay inert', { timeout: 60_000 }, async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('');
    const laughs = await check(Buffer.from(rss('<item><title>&lol9;</title><link>https://x.example/laugh</link></item>', `<!DOCTYPE rss [${lol}]>`)));
    expect(laughs.articles.map((a) => a.title)).toEqual(['&lol9;']);
    const big = `<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(50_000)}">]>`;
    const quadratic = await check(Buffer.from(rss(`<item><title>Q</title><link>https://x.example/q</link><description>${'&big;'.repeat(10_000)}</description></item>`, big)));
    expect(quadratic.articles[0]!.text.length).toBeLessThan(100_000);
    const external = await check(Buffer.from(rss('<item><title>&xxe;</title><link>https://x.example/xxe</link></item>', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')));
    expect(external.articles[0]!.title).toBe('&xxe;');
  });

  it('reads a huge feed and huge fields to the end', { timeout: 120_000 }, async () => {
    const many = rss(Array.from({ length: 20_000 }, (_, i) => `<item><title>Item ${i}</title><link>https://x.example/${i}</link></item>`).join(''));
    expect((await check(Buffer.from(many))).articles).toHaveLength(20_000);
    const longTitle = await check(Buffer.from(rss(`<item><title>${'word '.repeat(400_000)}</title><link>https://x.example/long</link></item>`)));
    expect(longTitle.articles).toHaveLength(1);
    const attrs = await check(Buffer.from(rss(`<item ${Array.from({ length: 50_000 }, (_, i) => `a${i}="${i}"`).join(' ')}><title>Attrs</title></item>`)));
    expect(attrs.articles.map((a) => a.title)).toEqual(['Attrs']);
    const unclosed = await check(Buffer.from(`<rss version="2.0"><channel><title>Open</title><item><title>Open <!-- ${'never closed '.repeat(100_000)}`));
    expect(unclosed.problems.map((p) => p.code)).toEqual(['FEED_WARNING']);
  });

  it('says what a wrong document is, naming the feed', async () => {
    const messages = async (doc: string, type: string | null = null) => (await check(Buffer.from(doc), type)).problems.map((p) => p.message.replace(` (listed in ${LISTED})`, ''));
    expect(await messages('')).toEqual(['not a feed: the document is empty']);
    expect(await messages('{"version": "https://jsonfeed.org/version/1.1", "items": [')).toEqual(['the JSON is malformed (it ends before the JSON is complete)']);
    expect(await messages('{"version": "https://jsonfeed.org/version/1.1",\n "items": [}')).toEqual(['the JSON is malformed (a syntax error at line 2, column 12)']);
    expect(await messages('<html><head><title>Login</title></head></html>')).toEqual(['not a feed: it is an HTML page ("Login"); to read a single article page, write "page: URL" in the sources list']);
  });
});
