// `gazette articles` through raw arguments, on a real content folder: what the
// next build will use, as cleaned with the removals counted, and everything
// left out with the reason.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';

afterAll(cleanupTmp);

const BODY = 'The harbour board voted on Tuesday to dredge the eastern channel before the winter storms, at a cost of 4 million euros. Fishing crews had asked for the work for three years.';

function workspace(files: Record<string, string>) {
  const dir = tmpDir();
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'content', name), body);
  return { dir, env: isolatedEnv(dir) };
}

interface Listed {
  articles: { file: string; url: string | null; title: string; outlet: string; published: string | null; text: string; removed: Record<string, number> }[];
  dropped: { where: string; reason: string }[];
}

describe('gazette articles', () => {
  it('--json lists the cleaned articles with removals per rule, and every input left out with why', async () => {
    const { env } = workspace({
      'a.md': `---\ntitle: Channel to be dredged\noutlet: Harbour Times\nurl: https://harbour.example/dredge?item&utm_source=x\npublished: 2026-11-20\n---\n${BODY}\n`,
      'b.txt': `Ferry fares rise\n\nHome › Travel › Ferries\n\n${BODY.replace('harbour board', 'ferry company')}\n\nShare on Facebook Share on X Email\n\n#ferry #fares`,
      'c.txt': `Same text again\n\n${BODY}`,
      'd.md': `---\ntitle: Not this one\nexclude: true\n---\nThe editor left this out on purpose, for a reason of her own.\n`,
      'empty.txt': '',
      'title-only.txt': 'Just a headline\n',
      'feeds.txt': 'this is not a url\n',
    });
    const r = await runCli(['articles', '--json'], env);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as Listed;
    expect(listed.articles.map((a) => a.file).sort()).toEqual(['a.md', 'b.txt']);
    const a = listed.articles.find((x) => x.file === 'a.md')!;
    expect(a).toMatchObject({ url: 'https://harbour.example/dredge?item', title: 'Channel to be dredged', outlet: 'Harbour Times', text: BODY, removed: {} });
    expect(a.published).toMatch(/^2026-11-20/);
    const b = listed.articles.find((x) => x.file === 'b.txt')!;
    expect(b.text).toBe(BODY.replace('harbour board', 'ferry company'));
    expect(b.removed).toEqual({ breadcrumb: 1, 'share-row': 1, hashtags: 1 });
    const why = Object.fromEntries(listed.dropped.map((d) => [d.where, d.reason]));
    expect(why['c.txt']).toMatch(/^"Same text again" has the same text as "Channel to be dredged" \(https:\/\/harbour\.example\/dredge\?item\), which is kept$/);
    expect(why['d.md']).toBe('"Not this one" is marked exclude: true');
    expect(why['empty.txt']).toMatch(/empty/);
    expect(why['title-only.txt']).toMatch(/only a headline/);
    expect(listed.dropped.some((d) => /this is not a url|feeds\.txt/.test(`${d.where} ${d.reason}`))).toBe(true);
  });

  it('once today\'s issue is going out, lists what tomorrow\'s will draw from: today\'s articles are spoken for', async () => {
    const { env } = workspace({
      'a.md': `---\ntitle: Channel to be dredged\noutlet: Harbour Times\n---\n${BODY}\n`,
      'b.md': `---\ntitle: Ferry fares rise\noutlet: Coast News\n---\n${BODY.replace('harbour board', 'ferry company')}\n`,
    });
    const before = JSON.parse((await runCli(['articles', '--json'], env)).stdout) as Listed & { issue: string };
    expect(before.articles).toHaveLength(2);
    const sent = await runCli(['send'], env);
    expect(sent.code, sent.stderr).toBe(0);
    const after = JSON.parse((await runCli(['articles', '--json'], env)).stdout) as Listed & { issue: string };
    expect(after.issue > before.issue).toBe(true);
    expect(after.articles).toEqual([]);
    expect(after.dropped.map((d) => d.reason).sort()).toEqual(['"Channel to be dredged" was already in an earlier issue', '"Ferry fares rise" was already in an earlier issue']);
    const text = (await runCli(['articles'], env)).stdout;
    expect(text).toContain(`0 articles for the next issue (${after.issue}; the issue of ${before.issue} is already going out):`);
  });

  it('lists a file of a type Gazette does not read as left out, in articles and in build; the sample folder\'s own files are not', async () => {
    const { env } = workspace({
      'a.md': `---\ntitle: Channel to be dredged\n---\n${BODY}\n`,
      'article.json': '{}',
      'subscribers.csv': 'email\nreader@example.org\n',
      'issue.md': '---\nsubject: Dredging\n---\n',
      '.hidden.json': '{}',
    });
    const listed = JSON.parse((await runCli(['articles', '--json'], env)).stdout) as Listed;
    expect(listed.dropped).toEqual([{ where: 'article.json', reason: expect.stringMatching(/^Gazette does not read \.json files; save the article as \.md, \.txt or \.html/) }]);
    const built = await runCli(['build', '--date', '2026-11-21'], env);
    expect(built.code).toBe(0);
    expect(built.stderr).toMatch(/warning: skipped .*article\.json: Gazette does not read \.json files/);
    expect(built.stderr).not.toMatch(/subscribers\.csv|issue\.md|hidden/);
    expect(built.stdout).toContain('(1 input skipped)');
  });

  it('keeps an article whose whole body is its headline, and prints a readable list', async () => {
    const { env } = workspace({ 'short.txt': 'Harbour reopens\n\nHarbour reopens' });
    const json = JSON.parse((await runCli(['articles', '--json'], env)).stdout) as Listed;
    expect(json.articles.map((a) => [a.title, a.text])).toEqual([['Harbour reopens', 'Harbour reopens']]);
    const r = await runCli(['articles', '--content', join(env.GAZETTE_CONTENT_DIR!)], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 article for the next issue \(\d{4}-\d\d-\d\d\):/);
    expect(r.stdout).toContain('Harbour reopens · Short');
    expect(r.stdout).toContain('Nothing left out.');
  });
});
