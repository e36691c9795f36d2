// What a conditional request needs to remember between runs: the validators
// (ETag, Last-Modified) of each feed's last good answer. Behind a two-method
// interface so that the SQLite store can be swapped (PostgreSQL later) and a
// run without a database can keep them in memory.
import { migrate, type Db } from '../../store/sqlite.js';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** Remembers the validators of each feed URL. */
export interface FeedCache {
  get(url: string): Validators | null;
  /** Replaces what is remembered for `url`; empty validators forget it. */
  put(url: string, validators: Validators): void;
}

/** A cache that lives as long as the process (a one-off build, or a test). */
export function memoryFeedCache(): FeedCache {
  const map = new Map<string, Validators>();
  return {
    get: (url) => map.get(url) ?? null,
    put: (url, v) => {
      if (v.etag || v.lastModified) map.set(url, { ...v });
      else map.delete(url);
    },
  };
}

const MIGRATIONS = [
  `CREATE TABLE feed_validators (
     url TEXT PRIMARY KEY,
     etag TEXT,
     last_modified TEXT,
     updated_at TEXT NOT NULL
   )`,
];

/** The feed cache in the app's SQLite database (table `feed_validators`, module `feeds`). */
export function sqliteFeedCache(db: Db, now: () => Date = () => new Date()): FeedCache {
  migrate(db, 'feeds', MIGRATIONS);
  const select = db.prepare('SELECT etag, last_modified FROM feed_validators WHERE url = ?');
  const upsert = db.prepare(`INSERT INTO feed_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`);
  const remove = db.prepare('DELETE FROM feed_validators WHERE url = ?');
  return {
    get(url) {
      const row = select.get(url) as { etag: string | null; last_modified: string | null } | undefined;
      if (!row) return null;
      return { ...(row.etag ? { etag: row.etag } : {}), ...(row.last_modified ? { lastModified: row.last_modified } : {}) };
    },
    put(url, v) {
      if (v.etag || v.lastModified) upsert.run(url, v.etag ?? null, v.lastModified ?? null, now().toISOString());
      else remove.run(url);
    },
  };
}
