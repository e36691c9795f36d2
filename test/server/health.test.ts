// /healthz, error pages, headers and logs, with the list on either engine.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { unsubscribeLink } from '../../src/subscribers/links.js';
import { engineStorageCheck } from '../../src/server/storage.js';
import type { Engine } from '../../src/store/engine.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { postForm, startHarness, type Harness } from './support/harness.js';

afterAll(cleanupTmp);

describeEngines('health, headers and errors', (kind) => {
  let h: Harness;
  let schedulerHealthy = true;
  beforeEach(async () => {
    schedulerHealthy = true;
    h = await startHarness({
      health: {
        scheduler: () => {
          if (!schedulerHealthy) throw new Error('lease lost');
          return { next: '2026-03-03T07:00:00Z' };
        },
      },
    }, kind);
  });
  afterEach(async () => { await h.close().catch(() => {}); });

  it('answers 200 with the database reachable, and extra fields from other parts', async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', scheduler: { next: '2026-03-03T07:00:00Z' } });
  });

  it('answers 503 when a check fails, without saying why to the caller', async () => {
    schedulerHealthy = false;
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'failing', db: 'ok', scheduler: 'failing' });
    expect(h.logs()).toContain('lease lost');
  });

  // The harness gives a test its SQLite file to close; the PostgreSQL probe losing its server is tested below.
  it.runIf(kind === 'sqlite')('answers 503 when the database is gone', async () => {
    h.db.close();
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'failing', db: 'failing' });
  });

  it('sends safe default headers on every page', async () => {
    for (const res of [await fetch(`${h.url}/`), await fetch(`${h.url}/nope`), await postForm(`${h.url}/subscribe`, { email: 'x' })]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers unknown paths with an HTML 404 page and oversized bodies with an error page', async () => {
    const res = await fetch(`${h.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('There is no page at this address.');
    const big = await postForm(`${h.url}/subscribe`, { email: 'a'.repeat(40_000) });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('<html lang="en">');
  });

  it('keeps tokens out of the request log', async () => {
    await h.store.upsertMany([{ email: 'r@example.org', status: 'confirmed' }], { source: 'cli', reason: 'setup' });
    const link = unsubscribeLink(h.url, h.tokens, 1);
    await fetch(link);
    await postForm(link, { 'List-Unsubscribe': 'One-Click' });
    const token = new URL(link).searchParams.get('token')!;
    expect(h.logs()).toContain('"route":"/unsubscribe"');
    expect(h.logs()).not.toContain(token);
    expect(h.logs()).not.toContain('token=');
  });
});

describeEngines('the /healthz storage check', (kind) => {
  let t: TestEngine;
  beforeEach(async () => { t = await freshEngine(kind); });
  afterEach(async () => { await t.close(); });

  /** The database connection closes under the check (a server gone, a file closed). */
  async function breakConnection(engine: Engine): Promise<void> {
    if (engine.kind === 'sqlite') engine.db.close();
    else await engine.pool.end();
  }

  it('says ok while the database answers, fails once it does not, and keeps its answer for maxAgeMs', async () => {
    const engine = t.another();
    let now = 0;
    const check = engineStorageCheck(engine, { maxAgeMs: 10_000, now: () => now });
    expect(await check()).toBe('ok');
    await breakConnection(engine);
    now = 9_999;
    // Still the kept answer: public requests cannot make it query the database each time.
    expect(await check()).toBe('ok');
    now = 10_000;
    await expect(async () => check()).rejects.toThrow();
    // A failure is kept too, and then asked again.
    now = 15_000;
    await expect(async () => check()).rejects.toThrow();
  });
});
