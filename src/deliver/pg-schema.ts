// The send ledger's tables on PostgreSQL: the columns and meanings of the
// SQLite ones (ledger.ts), so `gazette db copy` moves rows as they are.
// claim_expires_at is epoch milliseconds (int8, read back as a number).
import type { PgModule } from '../store/postgres.js';

export const DELIVER_PG: PgModule = {
  module: 'deliver',
  steps: [
    `CREATE TABLE delivery_issues (
       issue_date TEXT PRIMARY KEY,
       started_at TEXT NOT NULL
     );
     CREATE TABLE deliveries (
       issue_date TEXT NOT NULL,
       subscriber_id INTEGER NOT NULL,
       email TEXT NOT NULL,
       message_id TEXT NOT NULL,
       state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'temp_failed', 'failed', 'dropped')),
       attempts INTEGER NOT NULL DEFAULT 0,
       last_code INTEGER,
       last_response TEXT,
       claimed_by TEXT,
       claim_expires_at BIGINT,
       queued_at TEXT NOT NULL,
       updated_at TEXT NOT NULL,
       sent_at TEXT,
       PRIMARY KEY (issue_date, subscriber_id)
     );
     CREATE INDEX deliveries_state ON deliveries (issue_date, state, subscriber_id);`,
    // The relay (host:port) that gave the latest answer, when SMTP_URL lists several.
    'ALTER TABLE deliveries ADD COLUMN relay TEXT;',
    // Per-reader digests (see sqlite-ledger.ts): the reader's topics when queued, and each variant's rendering stored once.
    `ALTER TABLE deliveries ADD COLUMN variant TEXT NOT NULL DEFAULT '';
     CREATE TABLE issue_variants (
       edition TEXT NOT NULL,
       variant TEXT NOT NULL,
       subject TEXT NOT NULL,
       preheader TEXT NOT NULL,
       html TEXT NOT NULL,
       text TEXT NOT NULL,
       issue_json TEXT NOT NULL,
       rendered_at TEXT NOT NULL,
       PRIMARY KEY (edition, variant)
     );`,
  ],
};
