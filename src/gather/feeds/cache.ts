// What a conditional request needs between runs: the validators (ETag,
// Last-Modified) of each feed's last good answer, and that answer itself. A 304
// then costs no download yet still yields the feed's items, so rebuilding an
// issue of the same day (build, then send; or a preview) never loses a feed's
// items to "not modified": which items are new is decided by the issue
// history, not by the server. Behind a two-method interface with one store per
// engine (SQLite here, PostgreSQL in pg-cache.ts), and a run without a database
// can keep them in memory.
import { migrate, type Db } from '../../store/sqlite.js';
import type { Engine } from '../../store/engine.js';
import { pgFeedCache } from './pg-cache.js';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The last good answer of a feed URL. */
export interface CachedFeed extends Validators {
  body: Uint8Array;
  contentType: string | null;
  /** The address the answer came from after redirects (resolves relative links). */
  url: string;
}

/** Remembers the last good answer of each feed URL. */
export interface FeedCache {
  get(url: string): Promise<CachedFeed | null>;
  /** Replaces what is remembered for `url`; an answer without validators is forgotten (it cannot be asked for conditionally). */
  put(url: string, answer: CachedFeed): Promise<void>;
}

/** The feed cache in `engine`'s database. */
export function createFeedCache(engine: Engine, now: () => Date = () => new Date()): FeedCache {
  return engine.kind === 'sqlite' ? sqliteFeedCache(engine.db, now) : pgFeedCache(engine, now);
}

/** A cache that lives as long as the process (a one-off build, or a test). */
export function memoryFeedCache(): FeedCache {
  const map = new Map<string, CachedFeed>();
  return {
    get: async (url) => map.get(url) ?? null,
    put: async (url, answer) => {
      if (answer.etag || answer.lastModified) map.set(url, { ...answer });
      else map.delete(url);
    },
  };
}

const MIGRATIONS = [
  `CREATE TABLE feed_cache (
     url TEXT PRIMARY KEY,
     etag TEXT,
     last_modified TEXT,
     body BLOB NOT NULL,
     content_type TEXT,
     final_url TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
];

export interface Row { etag: string | null; last_modified: string | null; body: Buffer; content_type: string | null; final_url: string }

/** The feed cache in the app's SQLite database (table `feed_cache`, module `feeds`). */
export function sqliteFeedCache(db: Db, now: () => Date = () => new Date()): FeedCache {
  migrate(db, 'feeds', MIGRATIONS);
  const select = db.prepare('SELECT etag, last_modified, body, content_type, final_url FROM feed_cache WHERE url = ?');
  const upsert = db.prepare(`INSERT INTO feed_cache (url, etag, last_modified, body, content_type, final_url, updated_at)
    VALUES (@url, @etag, @lastModified, @body, @contentType, @finalUrl, @updatedAt)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, body = excluded.body,
      content_type = excluded.content_type, final_url = excluded.final_url, updated_at = excluded.updated_at`);
  const remove = db.prepare('DELETE FROM feed_cache WHERE url = ?');
  return {
    async get(url) {
      const row = select.get(url) as Row | undefined;
      return row ? fromRow(row) : null;
    },
    async put(url, a) {
      if (!a.etag && !a.lastModified) {
        remove.run(url);
        return;
      }
      upsert.run({ url, etag: a.etag ?? null, lastModified: a.lastModified ?? null, body: Buffer.from(a.body), contentType: a.contentType, finalUrl: a.url, updatedAt: now().toISOString() });
    },
  };
}

/** A stored row as a CachedFeed (both engines store the same columns). */
export function fromRow(row: Row): CachedFeed {
  return {
    ...(row.etag ? { etag: row.etag } : {}),
    ...(row.last_modified ? { lastModified: row.last_modified } : {}),
    body: new Uint8Array(row.body),
    contentType: row.content_type,
    url: row.final_url,
  };
}
