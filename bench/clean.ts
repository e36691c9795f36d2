// `npm run bench:clean`: the clean stage's figures on the shared data, and
// the cost of hostile pages for extraction.
// - Real pages (../shared/data/pages): token F1 of the text after extraction
//   and after cleaning, against the reader view's expected article, and titles
//   right; printed for each half of the pages (even and odd positions) too.
//   The rules were written from issue 16's descriptions and hand-made cases,
//   not fitted to these pages; medium-1's kicker title and the news-events
//   lyric and quoted hashtags were looked at while fixing, so call every
//   figure here "seen".
// - Leave-alone sets: share of words removed from clean news bodies.
// - Hostile pages: nested divs and a 20 MB page through extractPage, beside
//   Readability without the bound (the baseline) at a depth it survives.
import { existsSync, readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractPage } from '../src/gather/html.js';
import { scoreLeaveAlone, scorePages } from '../test/clean/quality.js';
import { sharedPath } from '../test/helpers/shared.js';
import { referenceText, tokenF1, tokens } from '../test/helpers/token-f1.js';

const line = (s = '') => process.stdout.write(s + '\n');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

if (existsSync(sharedPath('data', 'pages'))) {
  line('# Real pages: token F1 against the reader view\'s expected text');
  const pages = await scorePages();
  const extracted = pages.map((p) => {
    const page = extractPage(readFileSync(sharedPath('data', 'pages', p.name, 'source.html'), 'utf8'), 'http://fakehost/test/page.html');
    return tokenF1(tokens(page?.text ?? ''), tokens(referenceText(readFileSync(sharedPath('data', 'pages', p.name, 'expected.html'), 'utf8'))));
  });
  line('page                 extracted  cleaned  title');
  pages.forEach((p, i) => line(`${p.name.padEnd(20)} ${extracted[i]!.toFixed(4)}     ${p.f1.toFixed(4)}   ${p.titleRight ? 'right' : `"${p.title}" (expected "${p.expectedTitle}")`}`));
  for (const [label, pick] of [['all', () => true], ['even half', (i: number) => i % 2 === 0], ['odd half', (i: number) => i % 2 === 1]] as const) {
    const f = pages.filter((_, i) => pick(i));
    const e = extracted.filter((_, i) => pick(i));
    line(`${label.padEnd(10)} (${f.length} pages): extracted ${mean(e).toFixed(4)}, cleaned ${mean(f.map((p) => p.f1)).toFixed(4)} (lowest ${Math.min(...f.map((p) => p.f1)).toFixed(4)}), titles ${f.filter((p) => p.titleRight).length}/${f.length}`);
  }
  line('baseline (before issue 16, same pages): cleaned 0.9970, titles 19/20');
  line();
}

if (existsSync(sharedPath('data', 'news-events'))) {
  line('# Text that has no furniture: share of words cleaning removes');
  for (const f of scoreLeaveAlone()) {
    line(`${f.set.padEnd(12)} ${String(f.articles).padStart(4)} articles  ${(f.removedShare * 100).toFixed(3).padStart(6)} % removed  ${String(f.touched).padStart(3)} touched  ${JSON.stringify(f.rules)}`);
  }
  line();
}

line('# Hostile pages through extractPage (bounded), beside Readability unbounded');
const SENTENCE = 'The council agreed on Monday to rebuild the old harbour wall, which storms broke last winter, before the autumn.';
const nested = (n: number) => `<html><head><title>t</title></head><body>${'<div>'.repeat(n)}<p>${SENTENCE}</p>${'</div>'.repeat(n)}</body></html>`;
const time = (fn: () => unknown): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const unbounded = (html: string) => new Readability(parseHTML(html).document as unknown as Document).parse();
line(`baseline: Readability without the bound, 300 nested divs: ${time(() => unbounded(nested(300))).toFixed(0)} ms (issue 14: 1,000 took 16 s, 100,000 overflowed the stack)`);
for (const n of [300, 1_000, 2_000, 100_000]) line(`bounded: ${n.toLocaleString('en')} nested divs: ${time(() => extractPage(nested(n))).toFixed(0)} ms`);
// The slowest page the bounds let through: 10,000 elements, each chain 64 deep, too little text (Readability retries).
const chain = '<div>'.repeat(63) + `<p>${SENTENCE}</p>` + '</div>'.repeat(63);
const worst = `<html><head><title>t</title></head><body>${chain.repeat(Math.floor(9_990 / 64))}</body></html>`;
line(`bounded: the worst page within the bounds (10,000 elements, 64 deep): ${time(() => extractPage(worst)).toFixed(0)} ms`);
const p = `<p>${SENTENCE} ${SENTENCE}</p>\n`;
const huge = `<html><head><title>Long</title></head><body><article>${p.repeat(Math.ceil(20e6 / p.length))}</article></body></html>`;
let outcome = '';
const ms = time(() => {
  try {
    outcome = `extracted ${extractPage(huge)?.text.length ?? 0} characters`;
  } catch (err) {
    outcome = `refused: ${(err as Error).message}`;
  }
});
line(`bounded: a 20 MB page: ${ms.toFixed(0)} ms, ${outcome}`);
