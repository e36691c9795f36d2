// The feed cache's store on both engines: what a conditional request needs
// next time comes back byte for byte, and an answer without validators is forgotten.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { createFeedCache } from '../../src/gather/feeds/cache.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

describeEngines('the feed cache', (kind) => {
  let t: TestEngine;
  beforeEach(async () => { t = await freshEngine(kind); });
  afterEach(async () => { await t.close(); });

  it('keeps the last good answer with its validators, replaces it, and forgets one without validators', async () => {
    const cache = createFeedCache(t.engine, () => new Date('2026-11-22T07:00:00Z'));
    const url = 'https://riverpost.example/feed.xml';
    // Bytes that are not valid UTF-8: the body is stored as bytes, not text.
    const body = new Uint8Array([0x3c, 0x72, 0x73, 0x73, 0xff, 0x00, 0xe9, 0x3e]);
    expect(await cache.get(url)).toBeNull();
    await cache.put(url, { etag: '"v1"', body, contentType: 'application/rss+xml', url: 'https://cdn.riverpost.example/feed.xml' });
    expect(await createFeedCache(t.another()).get(url)).toEqual({ etag: '"v1"', body, contentType: 'application/rss+xml', url: 'https://cdn.riverpost.example/feed.xml' });
    await cache.put(url, { lastModified: 'Mon, 02 Jun 2025 08:00:00 GMT', body: new Uint8Array([1]), contentType: null, url });
    expect(await cache.get(url)).toEqual({ lastModified: 'Mon, 02 Jun 2025 08:00:00 GMT', body: new Uint8Array([1]), contentType: null, url });
    await cache.put(url, { body, contentType: null, url });
    expect(await cache.get(url)).toBeNull();
  });
});
