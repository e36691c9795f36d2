// The preview over real HTTP on 127.0.0.1, with real files and a real
// watcher: server-sent events on change, build errors and broken files shown
// instead of crashing, and the production issues table left alone.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startPreview, type RunningPreview } from '../../src/preview/index.js';
import { nextIssueDate } from '../../src/preview/snapshot.js';
import { markupKey } from '../../src/preview/session.js';
import type { App } from '../../src/app.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { hasShared } from '../helpers/shared.js';
import { BBC, writeBbcContent } from './bbc-content.js';
import { BRIDGE, LIBRARY, workspace } from './workspace.js';

afterAll(cleanupTmp);

const running: { preview: RunningPreview; app: App }[] = [];
afterEach(async () => {
  for (const { preview, app } of running.splice(0)) {
    await preview.close();
    await app.close();
  }
});

async function start(ws: ReturnType<typeof workspace>, options: { date?: string } = { date: '2026-11-22' }) {
  const app = ws.app();
  const preview = await startPreview(app, { port: 0, date: options.date, debounceMs: 50 });
  running.push({ preview, app });
  return { app, preview };
}

const fragments = async (url: string) => (await fetch(`${url}fragments`)).json() as Promise<{ version: number; issueVersion: number; error: string | null; top: string; stories: string; text: string }>;

/** Reads the preview's server-sent events into an array as they arrive. */
async function listen(url: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}events`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: string; data: { version?: number } }[] = [];
  void (async () => {
    let buffer = '';
    try {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        buffer += r.value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return { events, close: () => controller.abort() };
}

describe('gazette preview over HTTP', () => {
  it('serves the issue as sent to a sample reader, and pushes a rebuild over SSE when an article changes', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE], 'library.md': ['Library gets a new wing', LIBRARY] });
    const { preview } = await start(ws);
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const page = await fetch(preview.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<span class="subject">Gazette, 22 Nov: ');
    expect(html).toMatch(/<span class="from">The Daily Tram<\/span>/);
    expect(html).toContain('Cleaned full text (32 words)');
    expect(html).toContain('Engineers replaced the steel deck and repainted the arches.');

    const email = await (await fetch(`${preview.url}issue.html`)).text();
    expect(email).toContain('reader@example.com');
    expect(email).toContain('https://news.example.org/unsubscribe?token=sample-token');
    expect(email).not.toMatch(/GZ[A-Z]+GZ/);
    expect(await (await fetch(`${preview.url}issue.txt`)).text()).toMatch(/^1\. (The bridge reopens|Library gets a new wing)$/m);

    const sse = await listen(preview.url);
    await vi.waitFor(() => expect(sse.events.length).toBeGreaterThan(0));
    const before = (await fragments(preview.url)).issueVersion;
    ws.article('bridge.md', 'The bridge reopens to cyclists', BRIDGE);
    await vi.waitFor(async () => {
      const f = await fragments(preview.url);
      expect(f.issueVersion).toBeGreaterThan(before);
      expect(f.stories).toContain('The bridge reopens to cyclists');
    }, { timeout: 20_000, interval: 100 });
    expect(sse.events.map((e) => e.event)).toContain('building');
    const lastUpdate = sse.events.filter((e) => e.event === 'update').at(-1)!;
    expect(lastUpdate.data.version).toBeGreaterThan(0);
    expect(await (await fetch(`${preview.url}issue.html`)).text()).toContain('The bridge reopens to cyclists');
    sse.close();
  });

  it('shows a template error and a broken article in the page, keeps the last good issue, and recovers', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE] });
    const { preview } = await start(ws);
    const story = join(ws.templates, 'partials', 'story.hbs');
    const good = (await import('node:fs')).readFileSync(story, 'utf8');

    writeFileSync(story, '<mj-text>{{title}}</mj-text><mj-bogus-tag />');
    await vi.waitFor(async () => expect((await fragments(preview.url)).error).toMatch(/mj-bogus-tag/), { timeout: 20_000, interval: 100 });
    const broken = await fragments(preview.url);
    expect(broken.top).toContain('The issue could not be built');
    expect(broken.top).toContain('Below is the last version that built.');
    expect(await (await fetch(`${preview.url}issue.html`)).text()).toContain('The bridge reopens');

    writeFileSync(join(ws.content, 'broken.md'), '---\ntitle: [oops\n---\ntext');
    writeFileSync(story, good);
    await vi.waitFor(async () => {
      const f = await fragments(preview.url);
      expect(f.error).toBeNull();
      expect(f.top).toMatch(/Left out, and why \(1\)[\s\S]*broken\.md<\/code>: the front matter is not valid YAML/);
    }, { timeout: 20_000, interval: 100 });
  });

  it('never writes the issues table or out/, and previews the day after an issue already being sent', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE] });
    const setup = ws.app();
    const today = setup.today();
    // Today's issue went out already: build it for real and freeze it, as `send` does.
    const { buildIssue } = await import('../../src/pipeline/build-issue.js');
    await buildIssue(setup.buildParts(), setup.buildSettings(today));
    setup.issues().freeze(today, new Date());
    await setup.close();
    ws.article('library.md', 'Library gets a new wing', LIBRARY);

    const { app, preview } = await start(ws, {});
    const tomorrow = await nextIssueDate(app.issues(), today);
    expect(tomorrow).not.toBe(today);
    const f = await fragments(preview.url);
    expect(f.top).toContain(`issue of ${tomorrow}`);
    // "Latest" selection sees the real history: the sent article is not offered again.
    expect(f.stories).toContain('Library gets a new wing');
    expect(f.stories).not.toContain('The bridge reopens');
    expect(await app.issues().get(tomorrow)).toBeNull();
    expect((await app.issues().listFrozen()).map((i) => i.date)).toEqual([today]);
    expect(existsSync(join(ws.dir, 'out', tomorrow))).toBe(false);
  });

  it('answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE] });
    const { preview } = await start(ws);
    const port = new URL(preview.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => { res.resume(); resolve(res.statusCode!); }).on('error', reject).end();
    });
    expect(status).toBe(421);
    expect((await fetch(preview.url.replace('127.0.0.1', 'localhost'))).status).toBe(200);
  });

  it('keys the client-support cache on markup, not words', () => {
    const a = '<style>p{color:red}</style><p class="x">One story</p><a href="https://a.example/1">A</a>';
    const b = '<style>p{color:red}</style><p class="x">Another story, longer</p><p class="x">x</p><a href="https://b.example/2">B</a>';
    expect(markupKey(a)).toBe(markupKey(b));
    expect(markupKey(a)).not.toBe(markupKey(a.replace('color:red', 'display:flex')));
  });
});

describe.skipIf(!hasShared('the 30-story preview test', ...BBC))('the preview of a 30-story issue from bbc-news-summary', () => {
  it('shows the size and the client-support warnings', async () => {
    const ws = workspace();
    writeBbcContent(ws.content, 14);
    ws.env.GAZETTE_MAX_STORIES = '30';
    const { preview } = await start(ws);
    await vi.waitFor(async () => expect((await fragments(preview.url)).top).toContain('client support: no '), { timeout: 30_000, interval: 200 });
    const { top, stories } = await fragments(preview.url);
    expect(top).toMatch(/<li class="info">size: [\d.]+ KB of HTML, \d+% of Gmail&#x27;s 102 KB clipping limit<\/li>/);
    expect(top).toMatch(/<li class="warning">client support: no .+ in (Gmail|Outlook|Apple Mail)/);
    expect(top).toContain('Client support in detail');
    expect(stories.match(/<article>/g)).toHaveLength(30);
  });
});
