// The clean stage on shared real-world data: on the 20 real pages the cleaned
// text keeps the reader view's article (token F1) and the right title; on
// clean news bodies (news-events, BBC, ECB+, CNN) cleaning removes next to
// nothing. `npm run bench:clean` prints the same figures in full.
import { describe, expect, it } from 'vitest';
import { hasShared } from '../helpers/shared.js';
import { scoreLeaveAlone, scorePages } from './quality.js';

const pagesPresent = hasShared('clean quality on real pages', 'data', 'pages');
const setsPresent = hasShared('clean leave-alone figures', 'data', 'news-events');

describe.skipIf(!pagesPresent)('cleaning real pages', () => {
  it('keeps the article: mean token F1 at least 0.997, none below 0.95; titles right on at least 96 %', async () => {
    const pages = await scorePages();
    expect(pages.length).toBeGreaterThanOrEqual(20);
    const mean = pages.reduce((s, p) => s + p.f1, 0) / pages.length;
    const titles = pages.filter((p) => p.titleRight).length / pages.length;
    console.log(`cleaned pages: mean F1 ${mean.toFixed(4)}, lowest ${Math.min(...pages.map((p) => p.f1)).toFixed(4)}, titles ${(titles * 100).toFixed(0)} %`);
    expect(mean).toBeGreaterThanOrEqual(0.997);
    for (const p of pages) expect(p.f1, p.name).toBeGreaterThanOrEqual(0.95);
    expect(titles).toBeGreaterThanOrEqual(0.96);
  }, 60_000);
});

describe.skipIf(!setsPresent)('cleaning text that has no furniture', () => {
  it('removes under 0.5 % of the words of any set, and nothing from BBC or CNN bodies', () => {
    const figures = scoreLeaveAlone();
    for (const f of figures) console.log(`${f.set}: ${f.articles} articles, ${(f.removedShare * 100).toFixed(3)} % of words removed, ${f.touched} touched, rules ${JSON.stringify(f.rules)}`);
    for (const f of figures) expect(f.removedShare, f.set).toBeLessThan(0.005);
    for (const f of figures.filter((x) => x.set === 'bbc' || x.set === 'cnndm-dev')) expect(f.touched, f.set).toBe(0);
  }, 120_000);
});
