// Built issues on PostgreSQL: the IssueStore of issues.ts, with the same rules
// (a frozen issue is never replaced) kept by a row lock instead of SQLite's
// single writer.
import type { PostgresEngine } from './engine.js';
import { inTransaction, readyPool } from './postgres.js';
import { DAILY_KEY_SQL, fromRow, type FrozenSummary, type IssueRow, type IssueStore, type StoredIssue } from './issues.js';
import type { RenderedIssue } from '../render/types.js';

/** The issues in PostgreSQL (tables from PG_MODULES). */
export class PgIssueStore implements IssueStore {
  constructor(private readonly engine: PostgresEngine) {}

  async includedBefore(date: string): Promise<Set<string>> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<{ article_id: string }>(`SELECT DISTINCT a.article_id FROM issue_articles a JOIN issues i ON i.date = a.issue_date
      WHERE a.issue_date < $1 AND i.frozen_at IS NOT NULL AND ${DAILY_KEY_SQL('a.issue_date')}`, [date]);
    return new Set(rows.map((r) => r.article_id));
  }

  async get(date: string): Promise<StoredIssue | null> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<IssueRow>('SELECT * FROM issues WHERE date = $1', [date]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async save(rendered: RenderedIssue, articleIds: readonly string[], builtAt: Date): Promise<StoredIssue> {
    const pool = await readyPool(this.engine);
    const date = rendered.issue.date;
    return inTransaction(pool, async (client) => {
      // The upsert takes the row lock; a frozen row is left as it is (WHERE), so
      // a build racing the start of delivery cannot change what is being sent.
      const saved = await client.query(`INSERT INTO issues (date, subject, preheader, issue_json, html, text, built_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (date) DO UPDATE SET subject = excluded.subject, preheader = excluded.preheader,
          issue_json = excluded.issue_json, html = excluded.html, text = excluded.text, built_at = excluded.built_at
        WHERE issues.frozen_at IS NULL`,
      [date, rendered.subject, rendered.preheader, JSON.stringify(rendered.issue), rendered.html, rendered.text, builtAt.toISOString()]);
      if (saved.rowCount === 1) {
        await client.query('DELETE FROM issue_articles WHERE issue_date = $1', [date]);
        await client.query(`INSERT INTO issue_articles (issue_date, article_id) SELECT $1, unnest($2::text[])
          ON CONFLICT DO NOTHING`, [date, [...articleIds]]);
      }
      const { rows } = await client.query<IssueRow>('SELECT * FROM issues WHERE date = $1', [date]);
      return fromRow(rows[0]!);
    });
  }

  async freeze(date: string, at: Date): Promise<void> {
    const pool = await readyPool(this.engine);
    await pool.query('UPDATE issues SET frozen_at = COALESCE(frozen_at, $1) WHERE date = $2', [at.toISOString(), date]);
  }

  async frozenSince(since: Date): Promise<{ date: string; frozenAt: string }[]> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<{ date: string; frozenAt: string }>('SELECT date, frozen_at AS "frozenAt" FROM issues WHERE frozen_at >= $1 ORDER BY frozen_at, date', [since.toISOString()]);
    return rows;
  }

  async listFrozen(limit = 100): Promise<FrozenSummary[]> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<FrozenSummary>(`SELECT date, subject, preheader, frozen_at AS "frozenAt" FROM issues WHERE frozen_at IS NOT NULL
      ORDER BY frozen_at DESC, date DESC LIMIT $1`, [limit]);
    return rows;
  }

  async frozenDailies(first: string, last: string): Promise<StoredIssue[]> {
    const pool = await readyPool(this.engine);
    const { rows } = await pool.query<IssueRow>(`SELECT * FROM issues WHERE date >= $1 AND date <= $2 AND frozen_at IS NOT NULL AND ${DAILY_KEY_SQL('date')}
      ORDER BY date`, [first, last]);
    return rows.map(fromRow);
  }
}
