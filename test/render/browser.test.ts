// Opens the built issue in headless Chromium at phone and desktop widths: no
// horizontal overflow, and the screenshots the README shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { personalize, renderIssue } from '../../src/render/index.js';
import type { Page } from 'playwright-core';
import type { SummarizedStory } from '../../src/types.js';

const SCREENSHOTS = resolve('docs', 'screenshots');

describe.skipIf(!hasChromium('issue in the browser'))('the issue in a browser', () => {
  let browser: Browser;
  let htmlFile: string;

  beforeAll(async () => {
    const dir = tmpDir();
    // The sample content shipped with the project: the README's pictures show what a new user gets.
    const r = await runCli(['build', '--date', '2026-11-22'], { ...isolatedEnv(dir), GAZETTE_CONTENT_DIR: resolve('content') });
    expect(r.code).toBe(0);
    htmlFile = join(dir, 'out', '2026-11-22', 'email.html');
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    cleanupTmp();
  });

  for (const [name, width] of [['phone', 375], ['desktop', 600]] as const) {
    it(`has no horizontal overflow at ${width} px (${name})`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(htmlFile).href);
      const size = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        widest: Math.max(...[...document.querySelectorAll('body *')].map((el) => el.getBoundingClientRect().right)),
      }));
      expect(size.scroll).toBeLessThanOrEqual(size.client);
      expect(size.widest).toBeLessThanOrEqual(width + 0.5);
      const stories = await page.locator('h2').count();
      expect(stories).toBeGreaterThan(0);
      // The sample content/issue.md arranges the issue: the pictures show its sections and contents line.
      expect(await page.locator('h2.section-title').count()).toBeGreaterThan(1);
      expect(await page.locator('p.toc a').count()).toBe(await page.locator('h2.section-title').count());
      // The tracked screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1), not by every test run.
      await page.screenshot({ fullPage: true, ...(process.env.UPDATE_SCREENSHOTS === '1' ? { path: join(SCREENSHOTS, `issue-${name}.png`) } : {}) });
      await page.close();
    });
  }
});

/** Scroll width against the viewport, and the right edge of the widest element. */
async function overflow(page: Page) {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    widest: Math.max(...[...document.querySelectorAll('body *')].map((el) => el.getBoundingClientRect().right)),
  }));
}

describe.skipIf(!hasChromium('sectioned issue in the browser'))('a 30-story issue in 4 sections with an intro, at 375 px', () => {
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
    cleanupTmp();
  });

  it('has no horizontal overflow, with long section names, headlines and unbroken words', async () => {
    const long = 'Supercalifragilisticexpialidociousandthensomemoreunbrokentext';
    const stories: SummarizedStory[] = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      title: `Story ${i}: a headline long enough to wrap twice on a phone ${i % 5 === 0 ? long : ''}`,
      sentences: [`The first sentence of story ${i} says what happened on Friday.`, `A second one with https://www.example.org/a/very/long/address/that/does/not/break/${i} in it.`],
      articles: [{ id: `a${i}`, title: `Story ${i}`, url: `https://www.example.org/news/${i}`, outlet: `Outlet with a long name ${i % 3}`, published: null, text: 'x', source: `a${i}.md`, tags: [['world', 'science', 'sport'][i % 4] ?? 'none'] }],
    }));
    const plan = {
      sections: [{ name: 'World affairs and international diplomacy', tags: ['world'] }, { name: 'Science', tags: ['science'] }, { name: 'Sport', tags: ['sport'] }],
      defaultSection: `More news ${long}`,
      intro: [`Good morning. ${long} `.repeat(4).trim(), 'A second paragraph.'],
    };
    const r = await renderIssue(stories, { date: '2026-11-22', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates'), plan });
    expect(r.issue.sections).toHaveLength(4);
    const file = join(tmpDir(), 'sectioned.html');
    writeFileSync(file, personalize(r.html, { email: 'reader@example.com', unsubscribeUrl: 'https://news.example.org/unsubscribe?token=t', preferencesUrl: 'https://news.example.org/preferences?token=t' }, { html: true }));
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(file).href);
    const size = await overflow(page);
    expect(size.scroll).toBeLessThanOrEqual(size.client);
    expect(size.widest).toBeLessThanOrEqual(375 + 0.5);
    expect(await page.locator('h2.section-title').count()).toBe(4);
    expect(await page.locator('h3.story-title').count()).toBe(30);
    // The table of contents jumps to each section.
    await page.locator('p.toc a').nth(2).click();
    expect(await page.evaluate(() => location.hash)).toBe('#section-3');
    await page.close();
  });
});
