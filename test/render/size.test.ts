// A full-size issue: 30 stories from the BBC News Summary set, built by the
// real `gazette build`, stays under Gmail's clipping limit, and build prints
// the size and client-support checks after its summary (stderr with --json).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { hasShared } from '../helpers/shared.js';
import { GMAIL_CLIP_BYTES } from '../../src/render/checks.js';
import { BBC, writeBbcContent } from '../preview/bbc-content.js';

describe.skipIf(!hasShared('the 30-story size test', ...BBC))('a 30-story issue from bbc-news-summary', () => {
  let env: Record<string, string>;
  beforeAll(() => {
    const dir = tmpDir();
    writeBbcContent(join(dir, 'content'), 14);
    env = isolatedEnv(dir, { GAZETTE_MAX_STORIES: '30', PUBLIC_URL: 'https://news.example.org' });
  });
  afterAll(cleanupTmp);

  it('is under 102 KB of HTML, and build prints the size and client warnings after its summary', async () => {
    const r = await runCli(['build', '--date', '2026-11-22'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Built the issue of 2026-11-22: 30 stories from \d+ articles( \(\d+ articles of stories over GAZETTE_MAX_STORIES left out, listed above\))?\.$/);
    const size = lines.find((l) => l.startsWith('check: size: '));
    expect(size).toMatch(/^check: size: [\d.]+ KB of HTML, \d+% of Gmail's 102 KB clipping limit$/);
    expect(lines.indexOf(size!)).toBeGreaterThan(lines.findIndex((l) => l.includes('wrote ')));
    expect(lines.some((l) => /^warning: client support: no .+ in (Gmail|Outlook|Apple Mail)/.test(l))).toBe(true);
    // An https PUBLIC_URL and https article links: nothing to say about links.
    expect(r.stdout).not.toMatch(/not absolute https/);

    const json = await runCli(['build', '--json', '--date', '2026-11-22'], env);
    const issue = JSON.parse(json.stdout);
    expect(issue.stories).toHaveLength(30);
    expect(issue.htmlBytes).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(issue.htmlBytes).toBeLessThan(102_000); // under either reading of "102 KB"
    expect(json.stderr).toMatch(/^check: size: /m);
    expect(json.stderr).toMatch(/^warning: client support: /m);
    console.log(`30-story bbc-news-summary issue: ${issue.htmlBytes} bytes of HTML (${(issue.htmlBytes / 1024).toFixed(1)} KB, ${Math.round((issue.htmlBytes / GMAIL_CLIP_BYTES) * 100)}% of the clipping limit)`);
  });
});

describe.skipIf(!hasShared('the 30-story sectioned size test', ...BBC))('a 30-story issue from bbc-news-summary in 4 sections with an intro', () => {
  afterAll(cleanupTmp);

  it('is under 102 KB of HTML', async () => {
    const dir = tmpDir();
    writeBbcContent(join(dir, 'content'), 14, { tags: true });
    writeFileSync(join(dir, 'content', 'issue.md'), [
      '---',
      'sections:',
      '  - name: Politics',
      '    tags: [politics]',
      '  - name: Business',
      '    tags: [business]',
      '  - name: Entertainment',
      '    tags: [entertainment]',
      'default: More news',
      '---',
      'Good morning. Today\'s issue brings thirty stories from politics, business and entertainment, with a few more at the end. '.repeat(3),
      '',
      'As always, reply to this email to tell us what you think.',
    ].join('\n'));
    const env = isolatedEnv(dir, { GAZETTE_MAX_STORIES: '30', PUBLIC_URL: 'https://news.example.org' });
    const json = await runCli(['build', '--json', '--date', '2026-11-22'], env);
    expect(json.code).toBe(0);
    const issue = JSON.parse(json.stdout);
    expect(issue.stories).toHaveLength(30);
    expect(issue.sections).toEqual(['Politics', 'Business', 'Entertainment', 'More news']);
    expect(issue.intro).toHaveLength(2);
    expect(issue.htmlBytes).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(issue.htmlBytes).toBeLessThan(102_000);
    console.log(`30-story bbc-news-summary issue in 4 sections with an intro: ${issue.htmlBytes} bytes of HTML (${(issue.htmlBytes / 1024).toFixed(1)} KB, ${Math.round((issue.htmlBytes / GMAIL_CLIP_BYTES) * 100)}% of the clipping limit)`);
  });
});
