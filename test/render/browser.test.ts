// Opens the built issue in headless Chromium at phone and desktop widths: no
// horizontal overflow, and the screenshots the README shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';

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
      // The tracked screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1), not by every test run.
      await page.screenshot({ fullPage: true, ...(process.env.UPDATE_SCREENSHOTS === '1' ? { path: join(SCREENSHOTS, `issue-${name}.png`) } : {}) });
      await page.close();
    });
  }
});
