// The server and a database that is locked or full. A write that meets a lock
// held longer than SQLite's busy_timeout (a long import, a send's batch) is
// tried again, waiting without blocking other requests, instead of answering
// 500 and losing the visitor's unsubscribe. A write that fails for want of
// space is told to the visitor (an error page, never "check your inbox" with
// nothing stored), and /healthz reports the database as not writable.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isBusy, type Db } from '../store/sqlite.js';
import type { Engine, PostgresEngine } from '../store/engine.js';
import { readyPool } from '../store/postgres.js';

/**
 * Runs `write`, and again after short waits while the database is locked, for
 * up to `totalMs` (default 60 s). Other errors, and a lock that outlasts it, throw.
 */
export async function retryWhileBusy<T>(write: () => T | Promise<T>, options: { totalMs?: number; onWait?: (attempt: number) => void } = {}): Promise<T> {
  const deadline = Date.now() + (options.totalMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      options.onWait?.(attempt);
      await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
    }
  }
}

/** Free bytes below which the database's folder counts as full (SQLite needs room for its WAL). */
const MIN_FREE_BYTES = 16 * 1024 * 1024;

/**
 * A /healthz check that the database takes writes: a write of a few pages in
 * a transaction that is rolled back (it fails when the disk or the database's
 * size limit is full), and enough free space in its folder. Throws when not.
 * The answer is kept for `maxAgeMs` (10 s): /healthz is public, and a write
 * probe per request would let anyone queue writes behind a send's commits
 * (and, while another process holds the lock, block the server up to the
 * busy timeout on each one).
 */
export function storageCheck(db: Db, path: string, options: { maxAgeMs?: number; now?: () => number } = {}): () => string {
  db.exec('CREATE TABLE IF NOT EXISTS health_probe (data BLOB)');
  const probe = db.prepare('INSERT INTO health_probe (data) VALUES (zeroblob(16384))');
  const maxAge = options.maxAgeMs ?? 10_000;
  const now = options.now ?? Date.now;
  let last: { at: number; error: unknown } | null = null;
  const check = probeOnce(db, path, probe);
  return () => {
    if (last === null || now() - last.at >= maxAge) {
      let error: unknown = null;
      try {
        check();
      } catch (err) {
        error = err;
      }
      last = { at: now(), error };
    }
    if (last.error !== null) throw last.error;
    return 'ok';
  };
}

/** The /healthz storage check of `engine`: SQLite's write probe, or PostgreSQL's cached `SELECT 1`. */
export function engineStorageCheck(engine: Engine, options: { maxAgeMs?: number; now?: () => number } = {}): () => string | Promise<string> {
  return engine.kind === 'sqlite' ? storageCheck(engine.db, engine.path, options) : pgStorageCheck(engine, options);
}

/**
 * The PostgreSQL /healthz check: `SELECT 1` answered, kept for `maxAgeMs`
 * (10 s) like the SQLite probe, so public requests cannot queue queries on the
 * pool. Disk space is the database server's to watch, not this host's.
 */
export function pgStorageCheck(engine: PostgresEngine, options: { maxAgeMs?: number; now?: () => number } = {}): () => Promise<string> {
  const maxAge = options.maxAgeMs ?? 10_000;
  const now = options.now ?? Date.now;
  // The promise itself is kept, so requests arriving while one check runs share it.
  let last: { at: number; result: Promise<unknown> } | null = null;
  return async () => {
    if (last === null || now() - last.at >= maxAge) {
      const at = now();
      last = { at, result: readyPool(engine).then((pool) => pool.query('SELECT 1')).then(() => null, (err: unknown) => err) };
    }
    const error = await last.result;
    if (error !== null) throw error;
    return 'ok';
  };
}

function probeOnce(db: Db, path: string, probe: { run(): unknown }): () => void {
  return () => {
    // Rolled back (by the throw): the probe leaves nothing behind.
    try {
      db.transaction(() => { probe.run(); throw new RolledBack(); })();
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
    }
    if (path !== ':memory:') {
      const fs = statfsSync(dirname(path));
      const free = fs.bavail * fs.bsize;
      if (free < MIN_FREE_BYTES) throw new Error(`only ${free} bytes free beside the database`);
    }
  };
}

class RolledBack extends Error {}
