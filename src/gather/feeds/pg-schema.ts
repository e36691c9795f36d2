// The feed cache's table on PostgreSQL: the columns of the SQLite one
// (cache.ts), the body as bytea.
import type { PgModule } from '../../store/postgres.js';

export const FEEDS_PG: PgModule = {
  module: 'feeds',
  steps: [
    `CREATE TABLE feed_cache (
       url TEXT PRIMARY KEY,
       etag TEXT,
       last_modified TEXT,
       body BYTEA NOT NULL,
       content_type TEXT,
       final_url TEXT NOT NULL,
       updated_at TEXT NOT NULL
     );`,
  ],
};
