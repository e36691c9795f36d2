// The email's colours in a real browser, light and dark (Chromium honours
// prefers-color-scheme as Apple Mail and Outlook for Mac do): every piece of
// text keeps WCAG AA contrast against what is actually behind it, so nothing
// turns unreadable (or looks hidden to a spam filter) in either scheme.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { personalize, renderIssue } from '../../src/render/index.js';
import type { SummarizedStory } from '../../src/types.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';

const story = (n: number, outlets: string[]): SummarizedStory => ({
  id: `s${n}`, title: `Headline number ${n}`, sentences: [`The first sentence of story ${n}.`, 'A second sentence.'],
  articles: outlets.map((outlet, i) => ({ id: `a${n}${i}`, title: `Headline ${n}`, url: i === 1 ? null : `https://news.example/${n}/${i}`, outlet, published: null, text: 'x', source: 'x.md', tags: [] })),
});

describe.skipIf(!hasChromium('email colours'))('the email in light and dark mode', () => {
  let browser: Browser;
  let html: string;
  beforeAll(async () => {
    const r = await renderIssue([story(1, ['River Post', 'Town Crier', 'Quay News']), story(2, ['River Post']), story(3, ['Town Crier'])], {
      date: '2026-11-22', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates'),
    });
    html = personalize(r.html, { email: 'reader@example.com', unsubscribeUrl: 'https://news.example.org/unsubscribe?token=t', preferencesUrl: 'https://news.example.org/preferences?token=t' }, { html: true });
    browser = await launchChromium();
  });
  afterAll(async () => { await browser?.close(); });

  for (const scheme of ['light', 'dark'] as const) {
    it(`keeps every text at AA contrast in ${scheme} mode`, async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 800 }, colorScheme: scheme });
      await page.setContent(html);
      const report = await page.evaluate(() => {
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
        };
        const background = (el: Element | null): string => {
          for (let e = el; e; e = e.parentElement) {
            const bg = getComputedStyle(e).backgroundColor;
            const parts = rgb(bg);
            if (parts.length === 3 || (parts.length === 4 && parts[3]! > 0)) return bg;
          }
          return 'rgb(255, 255, 255)';
        };
        const out: { text: string; ratio: number; color: string; bg: string }[] = [];
        let texts = 0;
        for (const el of document.body.querySelectorAll('*')) {
          const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
          if (!own) continue;
          texts++;
          const style = getComputedStyle(el);
          const [a, b] = [lum(rgb(style.color)), lum(rgb(background(el)))];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          if (ratio < (large ? 3 : 4.5) || size < 12) out.push({ text: own.slice(0, 40), ratio: Math.round(ratio * 100) / 100, color: style.color, bg: background(el) });
        }
        return { texts, failures: out, bodyBg: background(document.querySelector('h1')) };
      });
      expect(report.texts).toBeGreaterThan(10);
      expect(report.failures).toEqual([]);
      // The scheme really switched: a dark page behind the masthead in dark mode.
      expect(lumOf(report.bodyBg) < 0.1).toBe(scheme === 'dark');
      await page.close();
    });
  }
});

function lumOf(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).map(Number) as [number, number, number];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
