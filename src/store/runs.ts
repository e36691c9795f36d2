// Run reports, kept in the database: one row per attempt to run an issue (a
// scheduled tick, a catch-up at start, a resumed send), with what it gathered,
// built and delivered, how long it took and how it ended. `gazette status`
// lists them and /healthz reports the last success. One interface, one
// implementation per engine (this file: SQLite; PostgreSQL in pg-runs.ts).
import { ownerIsGone } from '../process-owner.js';
import type { Db } from './sqlite.js';
import { migrate } from './sqlite.js';
import type { Engine } from './engine.js';
import { PgRunStore } from './pg-runs.js';

const MIGRATIONS = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     issue_date TEXT NOT NULL,
     scheduled_at TEXT,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     duration_ms INTEGER,
     owner TEXT NOT NULL,
     outcome TEXT NOT NULL,
     reason TEXT,
     sources_fetched INTEGER NOT NULL DEFAULT 0,
     sources_failed INTEGER NOT NULL DEFAULT 0,
     articles INTEGER NOT NULL DEFAULT 0,
     stories INTEGER NOT NULL DEFAULT 0,
     recipients INTEGER NOT NULL DEFAULT 0,
     sent INTEGER NOT NULL DEFAULT 0,
     skipped INTEGER NOT NULL DEFAULT 0,
     failed INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX runs_issue ON runs(issue_date);`,
];

/**
 * How a run ended. sent: every recipient delivered or permanently failed;
 * empty: nothing new, skipped on purpose; missed: the process was down past the
 * grace window; interrupted: stopped by a signal, the next run resumes;
 * failed: an error; running: not finished (or the process died).
 */
export type RunOutcome = 'running' | 'sent' | 'empty' | 'missed' | 'interrupted' | 'failed';

/** What one run did, as the job reports it. */
export interface RunReport {
  outcome: Exclude<RunOutcome, 'running'>;
  reason?: string;
  sourcesFetched: number;
  sourcesFailed: number;
  articles: number;
  stories: number;
  recipients: number;
  sent: number;
  skipped: number;
  failed: number;
}

/** A stored run. */
export interface RunRecord extends Omit<RunReport, 'outcome'> {
  id: number;
  issueDate: string;
  scheduledAt: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  owner: string;
  outcome: RunOutcome;
}

/** A report with every count at zero. */
export function emptyReport(outcome: RunReport['outcome'], reason?: string): RunReport {
  return { outcome, reason, sourcesFetched: 0, sourcesFailed: 0, articles: 0, stories: 0, recipients: 0, sent: 0, skipped: 0, failed: 0 };
}

// Outcomes after which the issue of that date is not run again.
export const FINAL: readonly RunOutcome[] = ['sent', 'empty', 'missed'];

export interface RunRow {
  id: number; issue_date: string; scheduled_at: string | null; started_at: string; finished_at: string | null; duration_ms: number | null;
  owner: string; outcome: RunOutcome; reason: string | null; sources_fetched: number; sources_failed: number; articles: number;
  stories: number; recipients: number; sent: number; skipped: number; failed: number;
}

/** The run reports. */
export interface RunStore {
  /** Records that a run of `issueDate` started; returns its id. Runs left "running" by dead processes of this host are closed first. */
  start(issueDate: string, owner: string, startedAt: Date, scheduledAt?: Date): Promise<number>;
  /** Records how run `id` ended. */
  finish(id: number, report: RunReport, finishedAt: Date): Promise<void>;
  /** Records a run that was decided without running (e.g. missed past the grace window). */
  record(issueDate: string, owner: string, at: Date, report: RunReport, scheduledAt?: Date): Promise<number>;
  /** The run that settled `issueDate` (sent, empty or missed), or null while it still has to run. */
  settled(issueDate: string): Promise<RunRecord | null>;
  /** Every run of `issueDate`, oldest first. */
  forIssue(issueDate: string): Promise<RunRecord[]>;
  /** The latest runs, newest first. A run whose process died before recording its end shows as failed. */
  recent(limit?: number): Promise<RunRecord[]>;
  /** Records as failed the runs still "running" whose process (on this host) is gone. Returns how many. */
  closeOrphans(now: Date): Promise<number>;
  /** The latest run that ended well (sent, or nothing new to send), or null. */
  lastSuccess(): Promise<RunRecord | null>;
}

/** The run store of `engine`. */
export function createRunStore(engine: Engine): RunStore {
  return engine.kind === 'sqlite' ? new SqliteRunStore(engine.db) : new PgRunStore(engine);
}

/** The run reports in the SQLite database (table migrated when constructed). */
export class SqliteRunStore implements RunStore {
  constructor(private readonly db: Db) {
    migrate(db, 'runs', MIGRATIONS);
  }

  async start(issueDate: string, owner: string, startedAt: Date, scheduledAt?: Date): Promise<number> {
    await this.closeOrphans(startedAt);
    const res = this.db.prepare(`INSERT INTO runs (issue_date, scheduled_at, started_at, owner, outcome) VALUES (?, ?, ?, ?, 'running')`)
      .run(issueDate, scheduledAt?.toISOString() ?? null, startedAt.toISOString(), owner);
    return Number(res.lastInsertRowid);
  }

  async finish(id: number, report: RunReport, finishedAt: Date): Promise<void> {
    this.db.prepare(`UPDATE runs SET finished_at = @finishedAt,
        duration_ms = CAST(ROUND((julianday(@finishedAt) - julianday(started_at)) * 86400000) AS INTEGER),
        outcome = @outcome, reason = @reason, sources_fetched = @sourcesFetched, sources_failed = @sourcesFailed,
        articles = @articles, stories = @stories, recipients = @recipients, sent = @sent, skipped = @skipped, failed = @failed
      WHERE id = @id`).run({ ...report, reason: report.reason ?? null, finishedAt: finishedAt.toISOString(), id });
  }

  async record(issueDate: string, owner: string, at: Date, report: RunReport, scheduledAt?: Date): Promise<number> {
    const id = await this.start(issueDate, owner, at, scheduledAt);
    await this.finish(id, report, at);
    return id;
  }

  async settled(issueDate: string): Promise<RunRecord | null> {
    const row = this.db.prepare(`SELECT * FROM runs WHERE issue_date = ? AND outcome IN (${FINAL.map(() => '?').join(',')}) ORDER BY id DESC LIMIT 1`)
      .get(issueDate, ...FINAL) as RunRow | undefined;
    return row ? fromRow(row) : null;
  }

  async forIssue(issueDate: string): Promise<RunRecord[]> {
    return (this.db.prepare('SELECT * FROM runs WHERE issue_date = ? ORDER BY id').all(issueDate) as RunRow[]).map(fromRow).map(asSeen);
  }

  async recent(limit = 10): Promise<RunRecord[]> {
    return (this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(fromRow).map(asSeen);
  }

  // Gone: killed, or it could not write its end (a full disk).
  async closeOrphans(now: Date): Promise<number> {
    const running = (this.db.prepare(`SELECT * FROM runs WHERE outcome = 'running'`).all() as RunRow[]).map(fromRow);
    let closed = 0;
    for (const run of running) {
      const seen = asSeen(run);
      if (seen.outcome === 'running') continue;
      this.db.prepare(`UPDATE runs SET outcome = 'failed', reason = ?, finished_at = ? WHERE id = ? AND outcome = 'running'`)
        .run(seen.reason ?? null, now.toISOString(), run.id);
      closed++;
    }
    return closed;
  }

  async lastSuccess(): Promise<RunRecord | null> {
    const row = this.db.prepare(`SELECT * FROM runs WHERE outcome IN ('sent', 'empty') ORDER BY finished_at DESC, id DESC LIMIT 1`).get() as RunRow | undefined;
    return row ? fromRow(row) : null;
  }
}

/** The scheduler's last successful run (for /healthz): issue date and when it finished, or null. */
export async function lastSuccess(runs: RunStore): Promise<{ issue: string; finishedAt: string; outcome: RunOutcome } | null> {
  const run = await runs.lastSuccess();
  return run && run.finishedAt ? { issue: run.issueDate, finishedAt: run.finishedAt, outcome: run.outcome } : null;
}

/**
 * A "running" run as it really is: when its owner ("host:pid…") is a process of
 * this host that no longer exists, it ended without recording how, so it shows
 * as failed, never as running forever.
 */
export function asSeen(run: RunRecord): RunRecord {
  if (run.outcome !== 'running' || !ownerIsGone(run.owner)) return run;
  return { ...run, outcome: 'failed', reason: `the process (${run.owner}) ended without recording how this run ended (killed, or the database refused the write); run \`gazette send --date ${run.issueDate}\` to resume` };
}

/** A stored row as a RunRecord (both engines store the same columns). */
export function fromRow(r: RunRow): RunRecord {
  return {
    id: r.id, issueDate: r.issue_date, scheduledAt: r.scheduled_at, startedAt: r.started_at, finishedAt: r.finished_at,
    durationMs: r.duration_ms, owner: r.owner, outcome: r.outcome, reason: r.reason ?? undefined,
    sourcesFetched: r.sources_fetched, sourcesFailed: r.sources_failed, articles: r.articles, stories: r.stories,
    recipients: r.recipients, sent: r.sent, skipped: r.skipped, failed: r.failed,
  };
}
