// The preview in headless Chromium: the page follows a content change by
// itself (no reload: a marker set on the page survives), switches views, opens
// an article's full text, and has no horizontal overflow at 375 and 600 px
// (screenshots saved to docs/screenshots/preview-*.png for the README).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../src/preview/index.js';
import type { App } from '../../src/app.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { BRIDGE, LIBRARY, workspace } from './workspace.js';

const SCREENSHOTS = resolve('docs', 'screenshots');

describe.skipIf(!hasChromium('preview in the browser'))('the preview in a browser', () => {
  const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE], 'library.md': ['Library gets a new wing', LIBRARY] });
  let app: App;
  let preview: RunningPreview;
  let browser: Browser;

  beforeAll(async () => {
    app = ws.app();
    preview = await startPreview(app, { port: 0, date: '2026-11-22', debounceMs: 50 });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await app?.close();
    cleanupTmp();
  });

  /** The headline texts inside one of the email frames. */
  const headlines = (page: Page, id: 'view-desktop' | 'view-phone') =>
    page.evaluate((frameId) => {
      const doc = (document.getElementById(frameId) as HTMLIFrameElement).contentDocument;
      return [...(doc?.querySelectorAll('h2') ?? [])].map((h) => h.textContent?.trim());
    }, id);

  it('updates the email, the stories and the text when an article changes, with no page reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(preview.url);
    await page.waitForFunction(() => {
      const doc = (document.getElementById('view-desktop') as HTMLIFrameElement).contentDocument;
      return Boolean(doc?.querySelector('h2'));
    });
    expect(await headlines(page, 'view-desktop')).toContain('The bridge reopens');
    await page.evaluate(() => { (window as unknown as { marker: string }).marker = 'same page'; });

    ws.article('bridge.md', 'The bridge reopens to cyclists', BRIDGE);
    await page.waitForFunction(() => {
      const doc = (document.getElementById('view-desktop') as HTMLIFrameElement).contentDocument;
      return [...(doc?.querySelectorAll('h2') ?? [])].some((h) => h.textContent?.trim() === 'The bridge reopens to cyclists');
    }, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    await page.waitForFunction(() => document.querySelector('#stories')?.textContent?.includes('The bridge reopens to cyclists'));
    expect(await page.locator('#view-text').textContent()).toMatch(/^\d\. The bridge reopens to cyclists$/m);
    expect(await page.locator('.inbox .subject').textContent()).toMatch(/^Gazette, 22 Nov: /);
    await page.close();
  });

  it('switches between desktop, phone and plain text, and shows an article\'s full text on demand', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(preview.url);
    await page.getByRole('button', { name: 'Phone (375 px)' }).click();
    expect(await page.locator('#view-phone').isVisible()).toBe(true);
    expect(await page.locator('#view-desktop').isVisible()).toBe(false);
    expect((await page.locator('#view-phone').boundingBox())!.width).toBe(375);
    await page.getByRole('button', { name: 'Plain text' }).click();
    expect(await page.locator('#view-text').isVisible()).toBe(true);
    expect(await page.locator('#view-text').textContent()).toContain('Unsubscribe with one click: https://news.example.org/unsubscribe?token=sample-token');
    await page.getByRole('button', { name: 'Desktop (600 px)' }).click();
    expect((await page.locator('#view-desktop').boundingBox())!.width).toBe(600);

    const fullText = page.locator('#stories details').first();
    expect(await fullText.locator('.fulltext').isVisible()).toBe(false);
    await fullText.locator('summary').click();
    expect(await fullText.locator('.fulltext').isVisible()).toBe(true);
    expect(await fullText.locator('.fulltext').textContent()).toMatch(/Elm Street bridge|central library/);
    await page.close();
  });

  for (const [name, width, view] of [['phone', 375, 'Phone (375 px)'], ['desktop', 600, 'Desktop (600 px)']] as const) {
    it(`has no horizontal overflow at ${width} px, page or email (${name})`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      await page.goto(preview.url);
      await page.getByRole('button', { name: view }).click();
      const id = name === 'phone' ? 'view-phone' : 'view-desktop';
      await page.waitForFunction((frameId) => {
        const frame = document.getElementById(frameId) as HTMLIFrameElement;
        return Boolean(frame.contentDocument?.querySelector('h2')) && frame.dataset.fitted === frame.getAttribute('src');
      }, id);
      const size = await page.evaluate((frameId) => {
        const frame = document.getElementById(frameId) as HTMLIFrameElement;
        const inner = frame.contentDocument!.documentElement;
        return {
          page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
          email: [inner.scrollWidth, inner.clientWidth],
          frame: frame.getBoundingClientRect().width,
        };
      }, id);
      expect(size.page[0]).toBeLessThanOrEqual(size.page[1]!);
      expect(size.email[0]).toBeLessThanOrEqual(size.email[1]!);
      expect(size.frame).toBeLessThanOrEqual(width);
      expect(await headlines(page, id)).toHaveLength(2);
      // The tracked screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1), not by every test run.
      await page.screenshot({ fullPage: true, ...(process.env.UPDATE_SCREENSHOTS === '1' ? { path: join(SCREENSHOTS, `preview-${name}.png`) } : {}) });
      await page.close();
    });
  }
});
