// Issue 14, item 2: one over-long file or feed item must not take the daily
// issue down. The cap is tested here on its own and through `gazette articles`
// on a real file of 20 MB (no timing assertion: the build's time and memory
// on such input are in docs/RELIABILITY.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capArticleLength, MAX_ARTICLE_CHARS } from '../../src/gather/cap-length.js';
import type { Article } from '../../src/types.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const article = (text: string): Article => ({ id: 'a', title: 'Council reviews housing plans', url: null, outlet: 'Coast Daily', published: null, text, source: 'content/long.txt', tags: [] });
const paragraph = 'The council said on Tuesday that it would review the plans for new housing near the river. Residents had raised concerns about flooding and traffic.';

describe('article length cap', () => {
  it('keeps an article of ordinary length as it is, with no warning', () => {
    const a = article(Array(50).fill(paragraph).join('\n\n'));
    const r = capArticleLength([a]);
    expect(r.articles[0]).toBe(a);
    expect(r.problems).toEqual([]);
  });

  it('cuts an over-long one at a paragraph break and says so, naming the file', () => {
    const text = Array(5000).fill(paragraph).join('\n\n');
    const r = capArticleLength([article(text)]);
    const cut = r.articles[0]!.text;
    expect(cut.length).toBeLessThanOrEqual(MAX_ARTICLE_CHARS);
    expect(cut.length).toBeGreaterThan(MAX_ARTICLE_CHARS / 2);
    expect(cut.endsWith('traffic.')).toBe(true);
    expect(text.startsWith(cut)).toBe(true);
    expect(r.problems).toEqual([{ where: 'content/long.txt', code: 'ARTICLE_CUT', message: expect.stringMatching(/^"Council reviews housing plans" has [\d,]+ characters of text; only the first [\d,]+ are read/) }]);
  });

  it('a 20 MB text file is built into the issue (cut, with a warning), not left to stall the run', async () => {
    const dir = tmpDir();
    const content = join(dir, 'content');
    mkdirSync(content);
    const body = Array(Math.ceil(20e6 / (paragraph.length + 2))).fill(paragraph).join('\n\n');
    writeFileSync(join(content, 'long.txt'), `Council reviews housing plans\n\n${body}`);
    const r = await runCli(['articles', '--json'], isolatedEnv(dir));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { articles: { text: string }[]; dropped: unknown[]; warnings: { where: string; reason: string }[] };
    expect(out.articles).toHaveLength(1);
    expect(out.articles[0]!.text.length).toBeLessThanOrEqual(MAX_ARTICLE_CHARS);
    expect(out.dropped).toEqual([]);
    expect(out.warnings).toEqual([{ where: 'long.txt', reason: expect.stringContaining('characters of text; only the first') }]);
  }, 60_000);
});
