// Article extraction on the 20 real pages of ../shared/data/pages: the text we
// keep must match the reader view's expected article (token F1 averaged over
// the pages at least 0.9), and the metadata must be kept.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/gather/html.js';
import { referenceText, tokenF1, tokens } from '../helpers/token-f1.js';

const dir = resolve('..', 'shared', 'data', 'pages');
const present = existsSync(dir);
if (!present) console.log(`skipping page extraction: ${dir} is missing`);

const pages = present ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'source.html'))).sort() : [];
const extracted = new Map<string, ReturnType<typeof extractPage>>();
/** Each page is extracted once for both tests. */
function extract(name: string): ReturnType<typeof extractPage> {
  if (!extracted.has(name)) extracted.set(name, extractPage(readFileSync(join(dir, name, 'source.html'), 'utf8'), 'http://fakehost/test/page.html'));
  return extracted.get(name)!;
}

describe.skipIf(!present)('article extraction on real pages', () => {
  it('matches the expected article text with an average token F1 of at least 0.9', () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    const scores: number[] = [];
    for (const name of pages) {
      const page = extract(name);
      const f1 = tokenF1(tokens(page?.text ?? ''), tokens(referenceText(readFileSync(join(dir, name, 'expected.html'), 'utf8'))));
      scores.push(f1);
      console.log(`page ${name.padEnd(18)} F1 ${f1.toFixed(3)}`);
    }
    const average = scores.reduce((a, b) => a + b, 0) / scores.length;
    console.log(`pages average F1 ${average.toFixed(4)} over ${scores.length} pages (lowest ${Math.min(...scores).toFixed(3)})`);
    expect(average).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps title, byline, site name and published time', () => {
    for (const name of pages) {
      const meta = JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8')) as Record<string, string | null>;
      const page = extract(name)!;
      expect(page.title, name).toBe(meta.title ?? null);
      expect(page.byline, name).toBe(meta.byline ?? null);
      expect(page.siteName, name).toBe(meta.siteName ?? null);
      // Readability's publishedTime when the page has one; a time without a zone
      // is read as local time, so compare where the expected time is unambiguous.
      if (meta.publishedTime && /(Z|[+-]\d\d:?\d\d)$/.test(meta.publishedTime)) {
        expect(Date.parse(page.published!), name).toBe(Date.parse(meta.publishedTime));
      }
    }
  });
});
