// The feed cache on PostgreSQL: the FeedCache of cache.ts over the same columns.
import type { PostgresEngine } from '../../store/engine.js';
import { readyPool } from '../../store/postgres.js';
import { fromRow, type FeedCache, type Row } from './cache.js';

/** The feed cache in PostgreSQL (table `feed_cache`, module `feeds`). */
export function pgFeedCache(engine: PostgresEngine, now: () => Date = () => new Date()): FeedCache {
  return {
    async get(url) {
      const pool = await readyPool(engine);
      const { rows } = await pool.query<Row>('SELECT etag, last_modified, body, content_type, final_url FROM feed_cache WHERE url = $1', [url]);
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async put(url, a) {
      const pool = await readyPool(engine);
      if (!a.etag && !a.lastModified) {
        await pool.query('DELETE FROM feed_cache WHERE url = $1', [url]);
        return;
      }
      await pool.query(`INSERT INTO feed_cache (url, etag, last_modified, body, content_type, final_url, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, body = excluded.body,
          content_type = excluded.content_type, final_url = excluded.final_url, updated_at = excluded.updated_at`,
      [url, a.etag ?? null, a.lastModified ?? null, Buffer.from(a.body), a.contentType, a.url, now().toISOString()]);
    },
  };
}
