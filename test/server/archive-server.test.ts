// The archive as `serve` runs it: registered through createServer's route
// modules, so it gets the public service's security headers, HTML error pages
// and base path, next to subscribe and unsubscribe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { renderIssue } from '../../src/render/index.js';
import { createIssueStore } from '../../src/store/issues.js';
import { archiveModule } from '../../src/server/routes/archive.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';
import { startHarness, type Harness } from './support/harness.js';

describeEngines('the archive inside the public server', (kind) => {
  let h: Harness;
  let t: TestEngine;
  beforeAll(async () => {
    t = await freshEngine(kind);
    const issues = createIssueStore(t.engine);
    const rendered = await renderIssue([{
      id: 's', title: 'Night trams return', sentences: ['Trams run again from December.'],
      articles: [{ id: 'a', title: 'Night trams return', url: 'https://riverpost.example/a', outlet: 'River Post', published: null, text: 'x', source: 'x.md', tags: [] }],
    }], { date: '2026-11-20', listName: 'The Test Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates') });
    await issues.save(rendered, ['a'], new Date('2026-11-20T06:00:00Z'));
    await issues.freeze('2026-11-20', new Date('2026-11-20T07:00:00Z'));
    h = await startHarness({ routes: [archiveModule(issues)] });
  });
  afterAll(async () => {
    await h?.close();
    await t?.close();
    cleanupTmp();
  });

  it('serves /archive, /archive/<date> and /feed.xml with the server\'s security headers', async () => {
    for (const [path, type] of [['/archive', 'text/html'], ['/archive/2026-11-20', 'text/html'], ['/feed.xml', 'application/rss+xml']] as const) {
      const res = await fetch(`${h.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    }
    expect(await (await fetch(`${h.url}/archive`)).text()).toContain('<a href="/archive/2026-11-20">The Test Gazette, 20 Nov: Night trams return</a>');
  });

  it('answers an unknown issue with the server\'s HTML not-found page', async () => {
    const res = await fetch(`${h.url}/archive/2026-11-21`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('There is no sent issue of Saturday, 21 November 2026.');
  });
});
