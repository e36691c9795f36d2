// Issue 13's "done when", as a reader does it: in headless Chromium set to
// Tokyo, subscribe (the script fills the time zone), confirm through the mailed
// link, get an issue by `gazette send` through a real SMTP server, open the
// preferences link in its footer, choose weekly on Friday and one topic, and
// see it in `gazette subscribers show`; then the same form with JavaScript off.
// Every part is the real one: `gazette serve`, `send` and `subscribers show`
// are child processes on one SQLite database.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { isolatedEnv, spawnGazette } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startServeChild } from './support/serve-child.js';
import { confirmLinkIn, startInbox, type Inbox } from './support/smtp-inbox.js';

const DATE = '2026-11-20';
const PUBLIC = 'https://news.example.org';
const article = (name: string, title: string, body: string, tags: string) => [name, `---
title: ${title}
outlet: River Post
url: https://riverpost.example/${name}
published: ${DATE}T06:00:00Z
tags: [${tags}]
---
${body}
`] as const;
const CONTENT = Object.fromEntries([
  article('tram.md', 'The Harbour Line opens', 'The Harbour Line tram carried its first passengers on Friday. The line links the station with the ferry pier in eleven minutes.', 'city'),
  article('comet.md', 'A comet visits', 'A comet will be visible from the hills on Tuesday night. Astronomers suggest binoculars and a dark sky.', 'space'),
  ['issue.md', '---\nsections:\n  - name: Around town\n    tags: [city]\n  - name: Science\n    tags: [space]\n---\n'],
]);

/** Runs `gazette ...args` as a child process to its end. */
async function gazette(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnGazette(args, env);
  const { code } = await child.exit;
  return { code, out: child.out(), err: child.err() };
}

describe.skipIf(!hasChromium('preferences in the browser'))('a reader sets their preferences in a browser', () => {
  let browser: Browser;
  let inbox: Inbox;
  let serve: ChildProcess | undefined;
  let url: string;
  let env: Record<string, string>;
  /** A link from a mail (made with PUBLIC_URL) on the server this test started. */
  const local = (link: string) => { const u = new URL(link); return `${url}${u.pathname}${u.search}`; };

  beforeAll(async () => {
    inbox = await startInbox();
    const dir = tmpDir();
    mkdirSync(join(dir, 'content'), { recursive: true });
    for (const [name, body] of Object.entries(CONTENT)) writeFileSync(join(dir, 'content', name), body);
    env = isolatedEnv(dir, {
      SMTP_URL: inbox.url, PUBLIC_URL: PUBLIC, MAIL_FROM: 'Gazette <news@example.org>',
      GAZETTE_SECRET: 'browser-preferences-secret-0123456789', GAZETTE_TZ: 'Europe/Berlin', LOG_LEVEL: 'warn',
    });
    const started = await startServeChild(dir, env);
    serve = started.child;
    url = started.url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    await inbox?.close();
    cleanupTmp();
  });

  it('subscribes in Tokyo, opens the link in the mailed issue, and changes frequency and topics (JavaScript on), then the hour (JavaScript off)', async () => {
    // Subscribe with JavaScript on: the page's script picks the browser's zone.
    const tokyo = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
    const page = await tokyo.newPage();
    await page.goto(`${url}/subscribe`);
    expect(await page.locator('#timezone').inputValue()).toBe('Asia/Tokyo');
    await page.getByLabel('Your email address').fill('tokyo.reader@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await page.goto(local(confirmLinkIn(await inbox.nth(1))));
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();

    // The issue, delivered by the real send path to the real SMTP server.
    const sent = await gazette(['send', '--date', DATE, '--json'], env);
    expect(sent.code, sent.err).toBe(0);
    expect(JSON.parse(sent.out)).toMatchObject({ recipients: 1, sent: 1 });
    const issue = await inbox.nth(2);
    expect(issue.to && 'text' in issue.to ? issue.to.text : '').toBe('tokyo.reader@example.org');
    const fromText = /Your preferences \(time, frequency, topics\): (\S+)/.exec(issue.text ?? '')?.[1];
    expect(fromText).toMatch(new RegExp(`^${PUBLIC}/preferences\\?token=[\\w.-]+$`));
    // The HTML part's footer carries the same personal link.
    expect(issue.html).toContain(`href="${fromText}"`);

    await page.goto(local(fromText!));
    await page.getByRole('heading', { name: 'Your preferences' }).waitFor();
    expect(await page.locator('#timezone').inputValue()).toBe('Asia/Tokyo');
    await page.getByLabel("Once a week, the week's most important stories").check();
    await page.getByLabel('Day of the weekly issue').selectOption({ label: 'Friday' });
    await page.getByLabel('Science').check();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toBe('Saved. You now get it weekly on Friday, as soon as it is out, Asia/Tokyo; topics: Science.');

    let shown = await gazette(['subscribers', 'show', 'tokyo.reader@example.org'], env);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('\n  preferences: weekly on Friday, as soon as it is out, Asia/Tokyo; topics: Science\n');
    expect(shown.out).toMatch(/web +subscribe form: timezone unset → Asia\/Tokyo\n/);
    expect(shown.out).toMatch(/web +preferences page: frequency daily → weekly:fri; topics all → Science\n/);
    await tokyo.close();

    // The same form with JavaScript off: the subscribe page leaves the zone to the reader…
    const noScript = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'Asia/Tokyo', viewport: { width: 375, height: 800 } });
    const plain = await noScript.newPage();
    await plain.goto(`${url}/subscribe`);
    expect(await plain.locator('#timezone').inputValue()).toBe('');
    // …and the preferences page works as a plain HTML form.
    await plain.goto(local(fromText!));
    // A phone's width, and nothing to scroll sideways.
    expect(await plain.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await plain.getByLabel('Delivery hour').selectOption({ label: '07:00' });
    await plain.getByRole('button', { name: 'Save preferences' }).click();
    await plain.getByRole('status').waitFor();
    expect(await plain.getByRole('status').textContent()).toBe('Saved. You now get it weekly on Friday, at 07:00, Asia/Tokyo; topics: Science.');
    // The README's picture of the page, rewritten only when asked (UPDATE_SCREENSHOTS=1).
    if (process.env.UPDATE_SCREENSHOTS === '1') await plain.screenshot({ fullPage: true, path: resolve('docs', 'screenshots', 'preferences-phone.png') });
    await noScript.close();

    shown = await gazette(['subscribers', 'show', 'tokyo.reader@example.org', '--json'], env);
    expect(JSON.parse(shown.out).preferences).toEqual({ timezone: 'Asia/Tokyo', hour: 7, frequency: 'weekly:fri', topics: ['Science'] });
  });
});
