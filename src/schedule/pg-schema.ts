// The scheduler's lease table on PostgreSQL: the columns of the SQLite one
// (lease.ts); expires_at is epoch milliseconds (int8, read back as a number).
import type { PgModule } from '../store/postgres.js';

export const LEASES_PG: PgModule = {
  module: 'leases',
  steps: [
    `CREATE TABLE leases (
       name TEXT PRIMARY KEY,
       owner TEXT NOT NULL,
       acquired_at TEXT NOT NULL,
       heartbeat_at TEXT NOT NULL,
       expires_at BIGINT NOT NULL
     );`,
  ],
};
