// Built issues, kept in the database: the archive reads them, delivery sends
// exactly the stored bytes, and "latest" selection asks which articles earlier
// issues already carried. Once delivery of an issue starts it is frozen: a
// rebuild never changes what some subscribers already received.
// One interface, one implementation per engine (this file: SQLite; PostgreSQL
// in pg-issues.ts); `createIssueStore` picks by the engine.
import type { Db } from './sqlite.js';
import { migrate } from './sqlite.js';
import type { RenderedIssue } from '../render/types.js';
import type { Issue } from '../types.js';
import type { Engine } from './engine.js';
import { PgIssueStore } from './pg-issues.js';

const MIGRATIONS = [
  `CREATE TABLE issues (
     date TEXT PRIMARY KEY,
     subject TEXT NOT NULL,
     preheader TEXT NOT NULL,
     issue_json TEXT NOT NULL,
     html TEXT NOT NULL,
     text TEXT NOT NULL,
     built_at TEXT NOT NULL,
     frozen_at TEXT
   );
   CREATE TABLE issue_articles (
     issue_date TEXT NOT NULL REFERENCES issues(date) ON DELETE CASCADE,
     article_id TEXT NOT NULL,
     PRIMARY KEY (issue_date, article_id)
   );
   CREATE INDEX issue_articles_article ON issue_articles(article_id);`,
];

export interface StoredIssue extends RenderedIssue {
  builtAt: string;
  /** When delivery started; null while the issue may still be rebuilt. */
  frozenAt: string | null;
}

export interface IssueRow {
  date: string; subject: string; preheader: string; issue_json: string; html: string; text: string; built_at: string; frozen_at: string | null;
}

/** Built issues and the articles they carried. */
export interface IssueStore {
  /**
   * Article ids carried by issues dated before `date` that went out (delivery
   * started). A draft that was only built or previewed takes nothing away
   * from the next issue.
   */
  includedBefore(date: string): Promise<Set<string>>;
  /** The stored issue of `date`, or null. */
  get(date: string): Promise<StoredIssue | null>;
  /** Saves (or replaces, unless frozen) the issue of its date with the ids of its articles. Returns the stored issue. */
  save(rendered: RenderedIssue, articleIds: readonly string[], builtAt: Date): Promise<StoredIssue>;
  /** Marks the issue as being delivered: from now on it is never rebuilt. */
  freeze(date: string, at: Date): Promise<void>;
  /** Editions (daily and weekly) frozen at or after `since`, oldest first: the ones delivery may still owe readers. */
  frozenSince(since: Date): Promise<{ date: string; frozenAt: string }[]>;
  /**
   * Frozen (sent or being sent) editions, daily and weekly, newest first by
   * when delivery started (not by key: "2026-W49" sorts after "2026-12-31"
   * as a string): the public archive.
   */
  listFrozen(limit?: number): Promise<FrozenSummary[]>;
  /** The frozen daily issues dated `first` to `last` (inclusive, YYYY-MM-DD), oldest first: what a weekly edition gathers. */
  frozenDailies(first: string, last: string): Promise<StoredIssue[]>;
}

/** One line of the archive list. */
export interface FrozenSummary {
  /** The edition key: YYYY-MM-DD or YYYY-Www (editions/edition.ts). */
  date: string;
  subject: string;
  preheader: string;
  frozenAt: string;
}

/**
 * SQL true for a daily key (YYYY-MM-DD, ten characters) in `column`; weekly
 * keys (YYYY-Www, eight) are left out of what only daily issues mean. The
 * same text on both engines.
 */
export const DAILY_KEY_SQL = (column: string) => `length(${column}) = 10`;

/** The issue store of `engine`. */
export function createIssueStore(engine: Engine): IssueStore {
  return engine.kind === 'sqlite' ? new SqliteIssueStore(engine.db) : new PgIssueStore(engine);
}

/** The issues in the SQLite database (tables migrated when constructed). */
export class SqliteIssueStore implements IssueStore {
  constructor(private readonly db: Db) {
    migrate(db, 'issues', MIGRATIONS);
  }

  async includedBefore(date: string): Promise<Set<string>> {
    const rows = this.db.prepare(`SELECT DISTINCT a.article_id FROM issue_articles a JOIN issues i ON i.date = a.issue_date
      WHERE a.issue_date < ? AND i.frozen_at IS NOT NULL AND ${DAILY_KEY_SQL('a.issue_date')}`).all(date) as { article_id: string }[];
    return new Set(rows.map((r) => r.article_id));
  }

  async get(date: string): Promise<StoredIssue | null> {
    return this.getSync(date);
  }

  private getSync(date: string): StoredIssue | null {
    const row = this.db.prepare('SELECT * FROM issues WHERE date = ?').get(date) as IssueRow | undefined;
    return row ? fromRow(row) : null;
  }

  async save(rendered: RenderedIssue, articleIds: readonly string[], builtAt: Date): Promise<StoredIssue> {
    const date = rendered.issue.date;
    return this.db.transaction(() => {
      const existing = this.getSync(date);
      if (existing?.frozenAt) return existing;
      this.db.prepare(`INSERT INTO issues (date, subject, preheader, issue_json, html, text, built_at)
        VALUES (@date, @subject, @preheader, @json, @html, @text, @builtAt)
        ON CONFLICT(date) DO UPDATE SET subject = excluded.subject, preheader = excluded.preheader,
          issue_json = excluded.issue_json, html = excluded.html, text = excluded.text, built_at = excluded.built_at`).run({
        date, subject: rendered.subject, preheader: rendered.preheader, json: JSON.stringify(rendered.issue),
        html: rendered.html, text: rendered.text, builtAt: builtAt.toISOString(),
      });
      this.db.prepare('DELETE FROM issue_articles WHERE issue_date = ?').run(date);
      const add = this.db.prepare('INSERT OR IGNORE INTO issue_articles (issue_date, article_id) VALUES (?, ?)');
      for (const id of articleIds) add.run(date, id);
      return this.getSync(date)!;
    }).immediate();
  }

  async freeze(date: string, at: Date): Promise<void> {
    this.db.prepare('UPDATE issues SET frozen_at = COALESCE(frozen_at, ?) WHERE date = ?').run(at.toISOString(), date);
  }

  async frozenSince(since: Date): Promise<{ date: string; frozenAt: string }[]> {
    return this.db.prepare('SELECT date, frozen_at AS frozenAt FROM issues WHERE frozen_at >= ? ORDER BY frozen_at, date').all(since.toISOString()) as { date: string; frozenAt: string }[];
  }

  async listFrozen(limit = 100): Promise<FrozenSummary[]> {
    return this.db.prepare(`SELECT date, subject, preheader, frozen_at AS "frozenAt" FROM issues WHERE frozen_at IS NOT NULL
      ORDER BY frozen_at DESC, date DESC LIMIT ?`).all(limit) as FrozenSummary[];
  }

  async frozenDailies(first: string, last: string): Promise<StoredIssue[]> {
    const rows = this.db.prepare(`SELECT * FROM issues WHERE date >= ? AND date <= ? AND frozen_at IS NOT NULL AND ${DAILY_KEY_SQL('date')}
      ORDER BY date`).all(first, last) as IssueRow[];
    return rows.map(fromRow);
  }
}

/** A stored row as a StoredIssue (both engines store the same columns). */
export function fromRow(row: IssueRow): StoredIssue {
  return {
    issue: JSON.parse(row.issue_json) as Issue,
    subject: row.subject,
    preheader: row.preheader,
    html: row.html,
    text: row.text,
    builtAt: row.built_at,
    frozenAt: row.frozen_at,
  };
}
