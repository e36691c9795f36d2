// Issue 14 item 8, the server's part: a full database or disk, and a write lock
// held longer than SQLite's busy_timeout, on a real SQLite file. "Full" is made
// with PRAGMA max_page_count, which fails writes with the same SQLITE_FULL a
// full disk gives; the lock is held by another process.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { unsubscribeLink } from '../../src/subscribers/links.js';
import { storageCheck } from '../../src/server/storage.js';
import { postForm, startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

/** Makes the database refuse every write that needs a new page. */
const fill = (harness: Harness) => {
  const pages = Number(harness.db.pragma('page_count', { simple: true }));
  harness.db.pragma(`max_page_count = ${pages}`);
};

describe('a full database', () => {
  it('subscribe answers 503 "not saved", never "check your inbox", and stores nothing', async () => {
    h = await startHarness({ subscribeRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    fill(h);
    let stored = 0;
    for (let i = 0; i < 200; i++) {
      const res = await postForm(`${h.url}/subscribe`, { email: `reader${i}-${'x'.repeat(40)}@example.org` });
      const body = await res.text();
      if (res.status === 200) { stored += 1; expect(body).toContain('Check your inbox'); continue; }
      expect(res.status).toBe(503);
      expect(body).toContain('could not be saved');
      expect(body).not.toContain('Check your inbox');
    }
    await h.settle();
    // Exactly those answered "check your inbox" are on the list.
    expect((await h.store.list({ limit: 1000 })).length).toBe(stored);
    expect(stored).toBeLessThan(200);
  });

  it('the storage check throws when the database takes no write', async () => {
    h = await startHarness();
    const check = storageCheck(h.db, h.db.name, { maxAgeMs: 0 });
    expect(check()).toBe('ok');
    fill(h);
    expect(() => check()).toThrow(/full/);
  });

  it('the storage check keeps its answer for a while, so /healthz cannot be used to queue writes', async () => {
    h = await startHarness();
    let t = 0;
    const check = storageCheck(h.db, h.db.name, { maxAgeMs: 10_000, now: () => t });
    expect(check()).toBe('ok');
    fill(h);
    t = 9_999;
    expect(check()).toBe('ok');
    t = 10_000;
    expect(() => check()).toThrow(/full/);
  });

  it('/healthz over HTTP: 200 with room, 503 when full', async () => {
    let check: (() => string) | undefined;
    h = await startHarness({ health: { storage: () => check!() } });
    check = storageCheck(h.db, h.db.name, { maxAgeMs: 0 });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    fill(h);
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'failing', storage: 'failing' });
  });
});

describe('a write lock held longer than busy_timeout', () => {
  it('one-click unsubscribe waits for it and is recorded, not answered 500 and lost', async () => {
    h = await startHarness();
    await h.store.upsertMany([{ email: 'leaving@example.org', status: 'confirmed' }], { source: 'cli', reason: 'test' });
    const file = h.db.name;
    // Another process takes the write lock and keeps it 6.5 s (busy_timeout is 5 s).
    const holder = spawn(process.execPath, ['-e', `
      const Database = require(${JSON.stringify(join(process.cwd(), 'node_modules', 'better-sqlite3'))});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('busy_timeout = 5000');
      db.exec('BEGIN IMMEDIATE');
      console.log('locked');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6500);
      db.exec('COMMIT');
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(holder.stdout, 'data');
    const res = await fetch(unsubscribeLink(h.url, h.tokens, 1), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('will not receive');
    expect((await h.store.find('leaving@example.org'))?.status).toBe('unsubscribed');
    expect(h.logs()).toContain('the database is locked; waiting');
    await once(holder, 'exit');
  });
});
