// Bounce events in SQLite: one table, migrated when the store is made.
import { migrate, type Db } from '../store/sqlite.js';
import { addCount, type BounceStore, type IssueBounceCounts } from './store.js';

const STEPS = [
  `CREATE TABLE bounce_events (
     id INTEGER PRIMARY KEY,
     report_id TEXT NOT NULL,
     subscriber_id INTEGER NOT NULL,
     issue_date TEXT,
     kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint', 'unsubscribe')),
     status TEXT,
     diagnostic TEXT,
     at TEXT NOT NULL,
     UNIQUE (report_id, subscriber_id)
   );
   CREATE INDEX bounce_events_subscriber ON bounce_events (subscriber_id, kind, at);
   CREATE INDEX bounce_events_issue ON bounce_events (issue_date, kind);`,
];

/** The bounce store on an open SQLite database. */
export function createSqliteBounceStore(db: Db): BounceStore {
  migrate(db, 'bounces', STEPS);
  const insert = db.prepare(`INSERT INTO bounce_events (report_id, subscriber_id, issue_date, kind, status, diagnostic, at)
    VALUES (@reportId, @subscriberId, @issueDate, @kind, @status, @diagnostic, @at) ON CONFLICT (report_id, subscriber_id) DO NOTHING`);
  const soft = db.prepare(`SELECT count(*) AS n FROM bounce_events WHERE subscriber_id = ? AND kind = 'soft' AND at >= ?`);
  return {
    async record(event) {
      return insert.run(event).changes === 1;
    },
    async softSince(subscriberId, since) {
      return (soft.get(subscriberId, since) as { n: number }).n;
    },
    async hardBouncedIssues(subscriberId) {
      return db.prepare(`SELECT DISTINCT issue_date FROM bounce_events WHERE subscriber_id = ? AND kind = 'hard' AND issue_date IS NOT NULL`).pluck().all(subscriberId) as string[];
    },
    async countsByIssue(dates) {
      const out = new Map<string, IssueBounceCounts>();
      if (dates.length === 0) return out;
      const rows = db.prepare(`SELECT issue_date AS date, kind, count(*) AS n FROM bounce_events
        WHERE issue_date IN (${dates.map(() => '?').join(', ')}) GROUP BY issue_date, kind`).all(...dates) as { date: string; kind: string; n: number }[];
      for (const r of rows) addCount(out, r.date, r.kind, r.n);
      return out;
    },
  };
}
