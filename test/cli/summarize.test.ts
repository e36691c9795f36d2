import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { harbourText } from '../summarize/stories.js';

afterAll(cleanupTmp);

const MARKDOWN = `---
title: Library gets a new wing
outlet: Town Crier
---
The central library will add a children's wing with 40,000 books, the council said on Monday.

Construction starts in March and will cost $3.1 million, most of it from a private donor.

Readers can vote on the name of the wing until December, and the winning name will be painted over the door.

The library's director said the new wing would double the space for reading groups.
`;

const HTML = `<!doctype html><html><head><title>Ferry timetable changes</title></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Ferry timetable changes</h1>
<p>Ferries to the islands will leave every forty minutes from Monday, the operator announced on Thursday.</p>
<p>The operator blamed a shortage of trained crew for the change, which it said would last until the summer.</p>
<p>Commuters called the new timetable a disappointment and asked the council to step in.</p>
<p>The council said it would meet the operator next week to discuss extra crossings at rush hour.</p>
</article></body></html>`;

function workspace() {
  const dir = tmpDir();
  mkdirSync(join(dir, 'articles'), { recursive: true });
  const files = {
    md: join(dir, 'articles', 'library.md'),
    txt: join(dir, 'articles', 'bridge.txt'),
    html: join(dir, 'articles', 'ferry.html'),
    binary: join(dir, 'articles', 'photo.txt'),
    empty: join(dir, 'articles', 'empty.md'),
    missing: join(dir, 'articles', 'nowhere.md'),
  };
  writeFileSync(files.md, MARKDOWN);
  writeFileSync(files.txt, `Harbour bridge to close for six months of repairs\n\n${harbourText}`);
  writeFileSync(files.html, HTML);
  writeFileSync(files.binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  writeFileSync(files.empty, '');
  return { dir, env: isolatedEnv(dir), files };
}

describe('gazette summarize', () => {
  it('prints JSON summaries of files in every format build reads', async () => {
    const { env, files } = workspace();
    const r = await runCli(['summarize', '--json', files.md, files.txt, files.html], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { file: string; title: string; summary: string[] }[];
    expect(out.map((o) => o.file)).toEqual([files.md, files.txt, files.html]);
    expect(out.map((o) => o.title)).toEqual(['Library gets a new wing', 'Harbour bridge to close for six months of repairs', 'Ferry timetable changes']);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['file', 'summary', 'title']);
      expect(o.summary.length).toBe(3);
      for (const s of o.summary) expect(s).toMatch(/^[A-Z"“].*[.!?]["”]?$/);
    }
    expect(out[1]!.summary.join(' ')).not.toMatch(/Share this|FOLLOW US|Photo:|#bridge/);
    expect(out[2]!.summary.join(' ')).not.toContain('Home');
  });

  it('takes --sentences and prints readable text without --json', async () => {
    const { env, files } = workspace();
    const r = await runCli(['summarize', '--sentences', '2', files.md], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Library gets a new wing');
    expect(lines[1]).toBe(`  (${files.md})`);
    expect(lines.slice(2)).toHaveLength(2);
    for (const line of lines.slice(2)) expect(MARKDOWN).toContain(line.trim());
  });

  it('reads the sentence count from the environment when no flag is given', async () => {
    const { dir, files } = workspace();
    const r = await runCli(['summarize', '--json', files.txt], isolatedEnv(dir, { GAZETTE_SUMMARY_SENTENCES: '1' }));
    expect(JSON.parse(r.stdout)[0].summary).toHaveLength(1);
  });

  it('reports bad files on stderr with path and reason, summarizes the rest, and exits non-zero', async () => {
    const { env, files } = workspace();
    const r = await runCli(['summarize', '--json', files.missing, files.md, files.binary, files.empty], env);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { file: string }[];
    expect(out.map((o) => o.file)).toEqual([files.md]);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe(`gazette: ${files.missing}: no such file; check the path`);
    expect(errors[1]).toContain(files.binary);
    expect(errors[1]).toMatch(/binary file/);
    expect(errors[2]).toContain(files.empty);
    expect(errors[2]).toMatch(/empty/);
  });

  it('refuses a file of a type build does not read instead of summarizing it as scraped text', async () => {
    const { dir, env } = workspace();
    const json = join(dir, 'articles', 'article.json');
    writeFileSync(json, '{"title": "Harbour bridge to close", "body": "The bridge closes for six months of repairs from Monday."}');
    const r = await runCli(['summarize', json], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`gazette: ${json}: Gazette does not read .json files; save the article as .md, .txt or .html, or move the file out of the content folder`);
  });

  it('rejects a sentence count out of range', async () => {
    const { env, files } = workspace();
    const r = await runCli(['summarize', '--sentences', '0', files.md], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/whole number from 1 to 20/);
  });

  it('uses the OpenAI-compatible summarizer when SUMMARIZER=openai, falling back on errors', async () => {
    let answer = '{"sentences": [4]}';
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (answer === '500') {
          res.writeHead(500).end('down');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: answer } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { dir, files } = workspace();
      const env = isolatedEnv(dir, {
        SUMMARIZER: 'openai',
        OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        OPENAI_MODEL: 'local',
      });
      const picked = await runCli(['summarize', '--json', files.md], env);
      expect(JSON.parse(picked.stdout)[0].summary).toEqual(['The library\'s director said the new wing would double the space for reading groups.']);
      answer = '500';
      const fallback = await runCli(['summarize', '--json', files.md], env);
      const extractive = await runCli(['summarize', '--json', files.md], isolatedEnv(dir));
      expect(fallback.code).toBe(0);
      expect(JSON.parse(fallback.stdout)).toEqual(JSON.parse(extractive.stdout));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('gazette summarize --story', () => {
  it('summarizes each folder as one story and prints [{ story, title, summary }]', async () => {
    const { dir, env } = workspace();
    const harbour = join(dir, 'harbour');
    const library = join(dir, 'library');
    mkdirSync(harbour);
    mkdirSync(library);
    writeFileSync(join(harbour, 'coast-daily--bridge.txt'), `Harbour bridge to close for six months of repairs\n\n${harbourText}`);
    writeFileSync(
      join(harbour, 'town-crier--bridge.md'),
      '---\ntitle: Harbour Bridge closure approved\n---\nThe city council voted on Tuesday to close the Harbour Bridge for six months so that its corroded cables can be replaced.\n\nA petition against the closure has gathered 3,000 signatures from shop owners near the bridge.\n',
    );
    writeFileSync(join(library, 'library.md'), MARKDOWN);
    const r = await runCli(['summarize', '--story', '--json', harbour, library, join(dir, 'nowhere')], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nowhere: /);
    const out = JSON.parse(r.stdout) as { story: string; title: string; summary: string[] }[];
    expect(out.map((o) => o.story)).toEqual([harbour, library]);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['story', 'summary', 'title']);
      expect(o.summary.length).toBeGreaterThanOrEqual(1);
      expect(o.summary.length).toBeLessThanOrEqual(3);
      expect(new Set(o.summary).size).toBe(o.summary.length);
    }
    expect(out[0]!.title).toMatch(/Harbour [Bb]ridge/);
    expect(out[0]!.summary[0]).toMatch(/voted on Tuesday to close the Harbour Bridge/);
    expect(out[1]!.title).toBe('Library gets a new wing');
  });

  it('a file given to --story is refused in words, pointing to plain `summarize FILE`; a missing folder is named one', async () => {
    const { dir, env, files } = workspace();
    const r = await runCli(['summarize', '--story', files.md, join(dir, 'nowhere')], env);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`gazette: ${files.md}: this is a file, but --story takes folders (each holding the article files of one story); to summarize one file, run \`gazette summarize FILE\` without --story`);
    expect(lines[1]).toBe(`gazette: ${join(dir, 'nowhere')}: no such folder; check the path`);
    expect(r.stderr).not.toMatch(/ENOTDIR|scandir/);
  });
});

const seeds = resolve('..', 'shared', 'seeds');
if (!existsSync(seeds)) console.log(`summarize CLI seeds test skipped: ${seeds} is missing`);

describe.skipIf(!existsSync(seeds))('gazette summarize on the seeds', () => {
  it('summarizes both scraped pages without their furniture', async () => {
    const dir = tmpDir();
    const files = ['000_53142c9a06c61052.txt', '002_a82f7b581be31684.txt'].map((f) => join(seeds, f));
    const r = await runCli(['summarize', '--json', ...files], isolatedEnv(dir));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: string[] }[];
    expect(out).toHaveLength(2);
    for (const o of out) {
      expect(o.summary).toHaveLength(3);
      expect(o.summary.join(' ')).not.toMatch(/subscribe|comment|donation|#North|Photo:/i);
    }
  });

  it('summarizes the seeds as one story that states the $400 million theft and names Chainalysis', async () => {
    const dir = tmpDir();
    const story = join(dir, 'seeds');
    mkdirSync(story);
    for (const f of ['000_53142c9a06c61052.txt', '002_a82f7b581be31684.txt']) writeFileSync(join(story, f), readFileSync(join(seeds, f)));
    const r = await runCli(['summarize', '--story', '--json', story], isolatedEnv(dir));
    expect(r.code).toBe(0);
    const [out] = JSON.parse(r.stdout) as { summary: string[] }[];
    const text = out!.summary.join(' ');
    expect(text).toMatch(/\$400 million/);
    expect(text).toMatch(/Chainalysis/);
  });
});
