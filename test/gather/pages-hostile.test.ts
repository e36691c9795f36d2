// Pages built to stall the reader view: nesting far past any real page, and a
// 20 MB page. Each must be gathered without blocking the process, and either
// give its article or a problem that names the file and says why. (Speed is
// measured in `npm run bench`, not asserted here.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contentFolderSource, gatherArticles } from '../../src/gather/index.js';
import { extractPage, htmlFragmentToText } from '../../src/gather/html.js';
import { boundHtml, MAX_DEPTH } from '../../src/gather/pages/bound.js';
import { readPage } from '../../src/gather/pages/source.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startFeedServer, type FeedServer } from './feeds-server.js';

const SENTENCE = 'The council agreed on Monday to rebuild the old harbour wall, which storms broke last winter, before the autumn.';

/** A page whose one paragraph sits inside `depth` nested divs. */
function nested(depth: number): string {
  return `<!doctype html><html><head><title>Harbour wall to be rebuilt</title></head><body>${'<div>'.repeat(depth)}<p>${SENTENCE}</p>${'</div>'.repeat(depth)}</body></html>`;
}

/** A 20 MB page of real-looking paragraphs (and a large script). */
function huge(): string {
  const p = `<p>${SENTENCE} ${SENTENCE} ${SENTENCE}</p>\n`;
  return `<!doctype html><html><head><title>Long page</title><script>${'var x = 1;'.repeat(50_000)}</script></head><body><article>${p.repeat(Math.ceil(20e6 / p.length))}</article></body></html>`;
}

let server: FeedServer;
beforeAll(async () => { server = await startFeedServer(); });
afterAll(async () => { await server.close(); });
afterEach(cleanupTmp);

describe('hostile pages', () => {
  it('flattens nesting past the bound, keeping every word in order', () => {
    const bounded = boundHtml(`<html><body><div><div><section><p>one <b>two</b></p><ul><li>three<li>four</ul></section></div></div><!-- note --><script>var a = "</div>";</script></body></html>`, { maxDepth: 4 });
    expect(bounded.depth).toBe(7);
    expect(bounded.html).toBe('<html><body><div><div>one twothreefour</div></div></body></html>');
    expect(bounded.unwrapped).toBe(6);
  });

  it('reads 100,000 nested divs from the content folder, and a 20 MB page is refused by name with the reason', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'deep.html'), nested(100_000));
    writeFileSync(join(dir, 'huge.html'), huge());
    writeFileSync(join(dir, 'fine.html'), nested(MAX_DEPTH - 5));
    const { articles, problems } = await gatherArticles([contentFolderSource(dir)]);
    expect(articles.map((a) => a.source.split('/').pop()).sort()).toEqual(['deep.html', 'fine.html']);
    for (const a of articles) expect(a.text).toBe(SENTENCE);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe(join(dir, 'huge.html'));
    expect(problems[0]!.message).toMatch(/MB of markup .* up to 2\.0 MB/);
  }, 120_000);

  it('refuses a page of too many elements, and flattens a deeply nested feed body', () => {
    const many = `<html><head><title>Many</title></head><body>${'<div><p>A line.</p></div>'.repeat(6_000)}</body></html>`;
    expect(() => extractPage(many)).toThrow(/has 12,004 elements; Gazette reads pages of up to 10,000/);
    expect(htmlFragmentToText(`${'<div>'.repeat(100_000)}<p>${SENTENCE}</p>${'</div>'.repeat(100_000)}`)).toBe(SENTENCE);
  });

  it('reads 100,000 nested divs over HTTP', async () => {
    server.set('/deep', { body: Buffer.from(nested(100_000)), type: 'text/html; charset=utf-8' });
    const { articles, problems } = await readPage({ url: server.url('/deep') });
    expect(problems).toEqual([]);
    expect(articles[0]!.text).toBe(SENTENCE);
  }, 120_000);
});
