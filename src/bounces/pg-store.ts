// Bounce events in PostgreSQL (tables from pg-schema.ts, applied by engine.ready()).
import type { PostgresEngine } from '../store/engine.js';
import { addCount, type BounceStore, type IssueBounceCounts } from './store.js';

/** The bounce store on a PostgreSQL engine. */
export function createPgBounceStore(engine: PostgresEngine): BounceStore {
  const query = async <R extends object>(sql: string, values: unknown[]) => {
    await engine.ready();
    return engine.pool.query<R>(sql, values);
  };
  return {
    async record(e) {
      const result = await query(`INSERT INTO bounce_events (report_id, subscriber_id, issue_date, kind, status, diagnostic, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (report_id, subscriber_id) DO NOTHING`,
      [e.reportId, e.subscriberId, e.issueDate, e.kind, e.status, e.diagnostic, e.at]);
      return result.rowCount === 1;
    },
    async softSince(subscriberId, since) {
      const result = await query<{ n: number }>(`SELECT count(*) AS n FROM bounce_events WHERE subscriber_id = $1 AND kind = 'soft' AND at >= $2`, [subscriberId, since]);
      return result.rows[0]?.n ?? 0;
    },
    async hardBouncedIssues(subscriberId) {
      const result = await query<{ issue_date: string }>(`SELECT DISTINCT issue_date FROM bounce_events WHERE subscriber_id = $1 AND kind = 'hard' AND issue_date IS NOT NULL`, [subscriberId]);
      return result.rows.map((r) => r.issue_date);
    },
    async countsByIssue(dates) {
      const out = new Map<string, IssueBounceCounts>();
      if (dates.length === 0) return out;
      const result = await query<{ date: string; kind: string; n: number }>(
        'SELECT issue_date AS date, kind, count(*) AS n FROM bounce_events WHERE issue_date = ANY($1) GROUP BY issue_date, kind', [dates]);
      for (const r of result.rows) addCount(out, r.date, r.kind, r.n);
      return out;
    },
  };
}
