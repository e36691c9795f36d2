// A reader in headless Chromium finds the weekly edition in the archive, opens
// it, jumps to a section from its table of contents and goes back to the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { buildWeeklyEdition } from '../../src/editions/weekly.js';
import { renderIssue } from '../../src/render/index.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createIssueStore } from '../../src/store/issues.js';
import type { IssuePlan, SummarizedStory } from '../../src/types.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startArchive } from './support/archive-server.js';

const templatesDir = resolve('templates');
const plan: IssuePlan = { sections: [{ name: 'World', tags: ['world'] }, { name: 'Local', tags: ['local'] }], defaultSection: 'Local', intro: [] };
const story = (title: string, tag: string, outlets: string[]): SummarizedStory => ({
  id: title, title, sentences: [`${title} today.`],
  articles: outlets.map((o) => ({ id: `${title}-${o}`, title, url: `https://${o}.example/${encodeURIComponent(title)}`, outlet: o, published: null, text: 'x', source: 'x.md', tags: [tag] })),
});

describe.skipIf(!hasChromium('the weekly edition in a browser'))('the weekly edition in a browser', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let url: string;
  let db: ReturnType<typeof openSqlite>;

  beforeAll(async () => {
    db = openSqlite(join(tmpDir(), 'gazette.db'));
    const issues = createIssueStore({ kind: 'sqlite', db, path: 'gazette.db' });
    for (const [date, stories] of [['2026-12-01', [story('Talks begin', 'world', ['a', 'b']), story('A new library', 'local', ['c'])]], ['2026-12-03', [story('Talks end', 'world', ['d'])]]] as const) {
      await issues.save(await renderIssue([...stories], { date, listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir, plan }), [], new Date(`${date}T06:00:00Z`));
      await issues.freeze(date, new Date(`${date}T07:00:00Z`));
    }
    await buildWeeklyEdition({ issues, clock: manualClock('2026-12-07T06:00:00Z'), logger: silentLogger },
      { week: '2026-W49', maxStories: 5, templatesDir, outDir: tmpDir(), listName: 'Gazette', publicUrl: 'https://news.example.org' });
    await issues.freeze('2026-W49', new Date('2026-12-07T07:00:00Z'));
    ({ app, url } = await startArchive(issues, 'https://news.example.org'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    db?.close();
    cleanupTmp();
  });

  it('opens the weekly edition from the archive list, jumps to a section and comes back', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/archive`);
    const items = page.getByRole('listitem');
    expect(await items.count()).toBe(3);
    expect(await items.first().textContent()).toContain('Weekly edition, 30 Nov – 6 Dec 2026');
    await page.getByRole('link', { name: 'Gazette, week of 30 Nov: Talks begin' }).click();
    await page.waitForURL(`${url}/archive/2026-W49`);
    expect(await page.title()).toBe('Gazette, week of 30 Nov: Talks begin');
    const body = await page.textContent('body');
    expect(body).toContain('Week of 30 November 2026');
    expect(body).toContain('The week\'s most-covered stories, from 2 daily issues.');
    await page.getByRole('link', { name: 'Local', exact: true }).click();
    expect(page.url()).toBe(`${url}/archive/2026-W49#section-2`);
    expect(await page.locator('#section-2').textContent()).toBe('Local');
    await page.getByRole('link', { name: '← All issues of Gazette' }).click();
    await page.waitForURL(`${url}/archive`);
    await page.close();
  });
});
