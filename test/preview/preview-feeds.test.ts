// Issue 14 item 16: a running preview never re-read content/feeds.txt.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startPreview } from '../../src/preview/index.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { BRIDGE, workspace } from './workspace.js';

afterAll(cleanupTmp);

describe('preview and feeds.txt', () => {
  it('picks up a feed added to feeds.txt while it runs', async () => {
    const ws = workspace({ 'bridge.md': ['Bridge reopens', BRIDGE] });
    writeFileSync(join(ws.content, 'feeds.txt'), '# no feeds yet\n');
    const app = ws.app();
    const preview = await startPreview(app, { port: 0, date: '2026-11-22', debounceMs: 50 });
    try {
      const stories = async () => ((await (await fetch(`${preview.url}fragments`)).json()) as { stories: string }).stories;
      expect(await stories()).toContain('Bridge reopens');
      expect(await stories()).not.toContain('tidal flood barrier');
      writeFileSync(join(ws.content, 'feeds.txt'), `${resolve('test', 'fixtures', 'feeds', 'port-alder-herald.rss')}   Port Alder Herald\n`);
      await vi.waitFor(async () => expect(await stories()).toContain('tidal flood barrier'), { timeout: 20_000, interval: 100 });
    } finally {
      await preview.close();
      await app.close();
    }
  });
});
