// Run reports on PostgreSQL: the RunStore of runs.ts over the same columns.
import type { PostgresEngine } from './engine.js';
import { readyPool } from './postgres.js';
import { asSeen, FINAL, fromRow, type RunRecord, type RunReport, type RunRow, type RunStore } from './runs.js';

/** The run reports in PostgreSQL (table from PG_MODULES). */
export class PgRunStore implements RunStore {
  constructor(private readonly engine: PostgresEngine) {}

  async start(issueDate: string, owner: string, startedAt: Date, scheduledAt?: Date): Promise<number> {
    await this.closeOrphans(startedAt);
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<{ id: number }>(`INSERT INTO runs (issue_date, scheduled_at, started_at, owner, outcome)
      VALUES ($1, $2, $3, $4, 'running') RETURNING id`, [issueDate, scheduledAt?.toISOString() ?? null, startedAt.toISOString(), owner]);
    return rows[0]!.id;
  }

  async finish(id: number, r: RunReport, finishedAt: Date): Promise<void> {
    const pool = await readyPool(this.engine);
    await pool.query(`UPDATE runs SET finished_at = $1::text,
        duration_ms = ROUND(EXTRACT(EPOCH FROM ($1::text::timestamptz - started_at::timestamptz)) * 1000)::integer,
        outcome = $2, reason = $3, sources_fetched = $4, sources_failed = $5, articles = $6, stories = $7,
        recipients = $8, sent = $9, skipped = $10, failed = $11
      WHERE id = $12`, [finishedAt.toISOString(), r.outcome, r.reason ?? null, r.sourcesFetched, r.sourcesFailed, r.articles, r.stories,
      r.recipients, r.sent, r.skipped, r.failed, id]);
  }

  async record(issueDate: string, owner: string, at: Date, report: RunReport, scheduledAt?: Date): Promise<number> {
    const id = await this.start(issueDate, owner, at, scheduledAt);
    await this.finish(id, report, at);
    return id;
  }

  async settled(issueDate: string): Promise<RunRecord | null> {
    const rows = await this.rows('SELECT * FROM runs WHERE issue_date = $1 AND outcome = ANY($2) ORDER BY id DESC LIMIT 1', [issueDate, [...FINAL]]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async forIssue(issueDate: string): Promise<RunRecord[]> {
    return (await this.rows('SELECT * FROM runs WHERE issue_date = $1 ORDER BY id', [issueDate])).map(fromRow).map(asSeen);
  }

  async recent(limit = 10): Promise<RunRecord[]> {
    return (await this.rows('SELECT * FROM runs ORDER BY id DESC LIMIT $1', [limit])).map(fromRow).map(asSeen);
  }

  // Only runs of this host can be judged (asSeen asks the process table); the
  // UPDATE's `outcome = 'running'` keeps two hosts' closes from fighting.
  async closeOrphans(now: Date): Promise<number> {
    const running = (await this.rows(`SELECT * FROM runs WHERE outcome = 'running'`, [])).map(fromRow);
    const pool = await readyPool(this.engine);
    let closed = 0;
    for (const run of running) {
      const seen = asSeen(run);
      if (seen.outcome === 'running') continue;
      const res = await pool.query(`UPDATE runs SET outcome = 'failed', reason = $1, finished_at = $2 WHERE id = $3 AND outcome = 'running'`,
        [seen.reason ?? null, now.toISOString(), run.id]);
      closed += res.rowCount ?? 0;
    }
    return closed;
  }

  async lastSuccess(): Promise<RunRecord | null> {
    const rows = await this.rows(`SELECT * FROM runs WHERE outcome IN ('sent', 'empty') ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1`, []);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  private async rows(sql: string, params: unknown[]): Promise<RunRow[]> {
    const pool = await readyPool(this.engine);
    return (await pool.query<RunRow>(sql, params)).rows;
  }
}
