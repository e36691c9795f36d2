// The archive end to end, as an operator runs Gazette: subscribers added,
// an issue sent for real (to the outbox, each message with its recipient's
// address and signed unsubscribe token), another only built; then `gazette
// serve` as a child process publishes the sent one, and nothing a subscriber
// received personally appears in the archive pages or the feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { parseFeed } from '../../src/gather/feeds/parse.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startServeChild } from './support/serve-child.js';

const SUBSCRIBERS = ['ann.reader@example.org', 'bob.reader@example.net'];
const article = (title: string, body: string) => `---\ntitle: ${title}\noutlet: River Post\nurl: https://riverpost.example/${title.toLowerCase().replace(/\W+/g, '-')}\npublished: 2026-11-19T08:00:00Z\n---\n${body}\n`;

describe('the archive of a really sent issue', () => {
  let dir: string;
  let env: Record<string, string>;
  let child: ChildProcess;
  let url: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    dir = tmpDir();
    env = isolatedEnv(dir, { PUBLIC_URL: 'https://news.example.org', GAZETTE_SECRET: 'archive-test-secret-long-enough' });
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'trams.md'), article('Night trams return', 'Night trams run again from December. The council voted nine to two for the plan. Riders had asked for years.'));
    for (const email of SUBSCRIBERS) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    const sent = await runCli(['send', '--date', '2026-11-20', '--json'], env);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ sent: 2, failed: [] });
    // What each subscriber got: their own address and unsubscribe token in the HTML.
    const files = readdirSync(join(dir, 'outbox'), { recursive: true }).map(String).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(2);
    for (const file of files) {
      const mail = await simpleParser(readFileSync(join(dir, 'outbox', file)));
      const token = /unsubscribe\?token=([^"&\s]+)/.exec(String(mail.html))?.[1];
      expect(token).toBeTruthy();
      tokens.push(decodeURIComponent(token!));
    }
    // The next day's issue is only built: a draft, not public.
    writeFileSync(join(dir, 'content', 'library.md'), article('Library gets a new wing', 'The library adds a children\'s wing. Work starts in March. Readers can vote on its name.'));
    expect((await runCli(['build', '--date', '2026-11-21'], env)).code).toBe(0);

    ({ child, url } = await startServeChild(dir, env));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    cleanupTmp();
  });

  const personal = (text: string) => [...SUBSCRIBERS, ...tokens, 'token=', 'GZRECIPIENTEMAILGZ', 'GZUNSUBSCRIBEURLGZ'].filter((s) => text.includes(s));

  it('lists and shows the sent issue, with no subscriber address or token in it', async () => {
    const list = await (await fetch(`${url}/archive`)).text();
    expect(list).toContain('href="/archive/2026-11-20"');
    expect(list).not.toContain('/archive/2026-11-21');
    const page = await fetch(`${url}/archive/2026-11-20`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Night trams return');
    expect(personal(list + html)).toEqual([]);
    expect((await fetch(`${url}/archive/2026-11-21`)).status).toBe(404);
  });

  it('publishes a feed the project\'s reader parses, with no personal data', async () => {
    const xml = await (await fetch(`${url}/feed.xml`)).text();
    expect(personal(xml)).toEqual([]);
    const feed = await parseFeed(xml, `${url}/feed.xml`);
    expect(feed.entries.map((e) => [e.title, e.link])).toEqual([['Gazette, 20 Nov: Night trams return', 'https://news.example.org/archive/2026-11-20']]);
  });
});
