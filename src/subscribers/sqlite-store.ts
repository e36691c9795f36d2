// The subscriber list in SQLite (better-sqlite3). Owns two tables: the list
// itself and the status history, which is append-only so an operator can
// always answer "why did this person stop getting it" (its first entry, how
// the subscriber came to be, is kept on the subscriber's row: creation.ts).
import type { Clock } from '../clock.js';
import { migrate, type Db } from '../store/sqlite.js';
import { addressKey, checkAddress } from './address.js';
import {
  DEPARTED,
  LEFT_SINCE_LAST_CONFIRMATION,
  nextStatus,
  type ChangeNote,
  type ListOptions,
  type StatusResult,
  type SubscriberKey,
  type SubscriberStore,
  type UpsertOptions,
  type UpsertOutcome,
  type UpsertRow,
} from './store.js';
import type { SubscriberStatus } from './types.js';
import { toSubscriber, type SubscriberRow } from './row.js';
import { CREATION_STEP, historySql, toStatusChange, type HistoryRow } from './creation.js';
import { DEFAULT_PREFERENCES, applyPreferences, fromColumns, toColumns, type Preferences } from './preferences.js';
import { MAIL_SOURCE_SQLITE, PREFERENCE_STEP } from './preference-schema.js';

/** The list's migrations, in order (exported for the test that upgrades an older file). */
export const STEPS = [
  `CREATE TABLE subscribers (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL,
     email_key TEXT NOT NULL UNIQUE,
     name TEXT,
     status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     confirm_sent_at TEXT,
     import_run TEXT,
     import_line INTEGER
   );
   CREATE INDEX subscribers_status_id ON subscribers (status, id);
   CREATE TABLE subscriber_events (
     id INTEGER PRIMARY KEY,
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
     at TEXT NOT NULL,
     from_status TEXT,
     to_status TEXT NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('cli', 'import', 'web', 'delivery')),
     reason TEXT NOT NULL
   );
   CREATE INDEX subscriber_events_subscriber ON subscriber_events (subscriber_id, id);`,
  // Confirmation mails per address per 24 hours (the form's per-address cap).
  `ALTER TABLE subscribers ADD COLUMN confirm_window_start TEXT;
   ALTER TABLE subscribers ADD COLUMN confirm_window_count INTEGER NOT NULL DEFAULT 0;`,
  PREFERENCE_STEP,
  MAIL_SOURCE_SQLITE,
  CREATION_STEP,
];

/** Opens the subscriber list in `db`, applying its migrations first. */
export function createSqliteSubscriberStore(db: Db, clock: Clock): SubscriberStore {
  migrate(db, 'subscribers', STEPS);
  // SQLite's default page cache is 2 MiB; a list of 100,000 addresses with its
  // indexes is about ten times that, and an import then spends most of its time
  // re-reading index pages. 16 MiB keeps them in memory (a fixed ceiling, so
  // memory still does not grow with the file).
  // cache_size is in KiB when negative, in pages when positive.
  const cache = Number(db.pragma('cache_size', { simple: true }));
  const cacheKiB = cache < 0 ? -cache : (cache * Number(db.pragma('page_size', { simple: true }))) / 1024;
  if (cacheKiB < 16_384) db.pragma('cache_size = -16384');
  const q = {
    byId: db.prepare('SELECT * FROM subscribers WHERE id = ?'),
    byKey: db.prepare('SELECT * FROM subscribers WHERE email_key = ?'),
    confirmedAfter: db.prepare("SELECT * FROM subscribers WHERE status = 'confirmed' AND id > ? ORDER BY id LIMIT ?"),
    countConfirmed: db.prepare("SELECT count(*) AS n FROM subscribers WHERE status = 'confirmed'").pluck(),
    page: db.prepare('SELECT * FROM subscribers WHERE id > ? ORDER BY id LIMIT ?'),
    pageByStatus: db.prepare('SELECT * FROM subscribers WHERE status = ? AND id > ? ORDER BY id LIMIT ?'),
    // Positional parameters and no RETURNING: this runs once per imported row, and both cost about double.
    insert: db.prepare(`INSERT INTO subscribers (email, email_key, name, status, created_at, updated_at, import_run, import_line, timezone, send_hour, frequency, topics,
        created_status, created_source, created_reason)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    update: db.prepare(`UPDATE subscribers SET name = @name, status = @status, updated_at = @at, import_run = @run, import_line = @line
      WHERE id = @id RETURNING *`),
    // An import row's name, status and preferences at once (upsertOne).
    updateAll: db.prepare(`UPDATE subscribers SET name = @name, status = @status, updated_at = @at, import_run = @run, import_line = @line,
      timezone = @timezone, send_hour = @send_hour, frequency = @frequency, topics = @topics
      WHERE id = @id RETURNING *`),
    stamp: db.prepare('UPDATE subscribers SET import_run = ?, import_line = ? WHERE id = ?'),
    event: db.prepare(`INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason)
      VALUES (?, ?, ?, ?, ?, ?)`),
    history: db.prepare(historySql('?', '?')),
    lastChange: db.prepare('SELECT at FROM subscriber_events WHERE subscriber_id = ? ORDER BY id DESC LIMIT 1').pluck(),
    // One statement, so two requests at once cannot both pass the checks. A window
    // older than a day starts over at this mail.
    claim: db.prepare(`UPDATE subscribers SET confirm_sent_at = @at,
        confirm_window_count = CASE WHEN confirm_window_start IS NULL OR confirm_window_start <= @dayAgo THEN 1 ELSE confirm_window_count + 1 END,
        confirm_window_start = CASE WHEN confirm_window_start IS NULL OR confirm_window_start <= @dayAgo THEN @at ELSE confirm_window_start END
      WHERE id = @id AND (confirm_sent_at IS NULL OR confirm_sent_at <= @notAfter OR ${LEFT_SINCE_LAST_CONFIRMATION})
        AND (confirm_window_start IS NULL OR confirm_window_start <= @dayAgo OR confirm_window_count < @max)`),
  };

  const now = () => clock.now().toISOString();

  const lookup = (key: SubscriberKey): SubscriberRow | undefined => {
    if (typeof key === 'number') return q.byId.get(key) as SubscriberRow | undefined;
    if (/^\d+$/.test(key)) return q.byId.get(Number(key)) as SubscriberRow | undefined;
    const checked = checkAddress(key);
    return q.byKey.get(checked.ok ? checked.key : addressKey(key.trim())) as SubscriberRow | undefined;
  };

  const upsertOne = (row: UpsertRow, options: UpsertOptions, at: string): UpsertOutcome => {
    const run = options.runId ?? null;
    const line = row.line ?? null;
    const name = row.name?.trim() ? row.name.trim() : null;
    const key = addressKey(row.email);
    const existing = q.byKey.get(key) as SubscriberRow | undefined;
    if (!existing) {
      const preferences: Preferences = row.preferences ? { ...DEFAULT_PREFERENCES, ...row.preferences } : DEFAULT_PREFERENCES;
      const c = toColumns(preferences);
      // The creation entry of its history is on the row (creation.ts).
      const id = Number(q.insert.run(row.email, key, name, row.status, at, at, run, line, c.timezone, c.send_hour, c.frequency, c.topics,
        row.status, options.source, options.reason).lastInsertRowid);
      return { kind: 'created', subscriber: { id, email: row.email, name, status: row.status, createdAt: at, updatedAt: at, preferences } };
    }
    if (run !== null && existing.import_run === run) {
      const firstLine = existing.import_line ?? 0;
      // The unsubscribe wins over an earlier line of the same file (in any case).
      if (DEPARTED.includes(row.status) && !DEPARTED.includes(existing.status)) {
        q.update.get({ id: existing.id, name: existing.name, status: row.status, at, run, line: firstLine });
        q.event.run(existing.id, at, existing.status, row.status, options.source, options.reason);
        return { kind: 'duplicate', firstLine, applied: row.status };
      }
      return { kind: 'duplicate', firstLine };
    }
    const next = nextStatus(existing.status, row.status);
    if (next === 'refused') {
      if (run !== null) q.stamp.run(run, line, existing.id);
      return { kind: 'refused', subscriber: toSubscriber(existing), since: (q.lastChange.get(existing.id) as string | undefined) ?? existing.created_at };
    }
    const newName = name !== null && name !== existing.name ? name : existing.name;
    const prefs = applyPreferences(existing, row.preferences);
    if (next === null && newName === existing.name && !prefs) {
      if (run !== null) q.stamp.run(run, line, existing.id);
      return { kind: 'unchanged', subscriber: toSubscriber(existing) };
    }
    const status = next ?? existing.status;
    const updated = q.updateAll.get({
      id: existing.id, name: newName, status, at, run: run ?? existing.import_run, line: run !== null ? line : existing.import_line,
      ...(prefs?.columns ?? toColumns(fromColumns(existing))),
    }) as SubscriberRow;
    if (next !== null) q.event.run(existing.id, at, existing.status, next, options.source, options.reason);
    if (prefs) q.event.run(existing.id, at, status, status, options.source, `${options.reason}: ${prefs.change}`);
    return { kind: 'updated', subscriber: toSubscriber(updated), statusChanged: next !== null };
  };

  // One timestamp per batch: the rows of one transaction change at one moment.
  const upsertMany = db.transaction((rows: readonly UpsertRow[], options: UpsertOptions) => {
    const at = now();
    return rows.map((r) => upsertOne(r, options, at));
  });

  const setStatus = db.transaction((key: SubscriberKey, to: SubscriberStatus, note: ChangeNote & { onlyFrom?: readonly SubscriberStatus[] }): StatusResult | null => {
    const existing = lookup(key);
    if (!existing) return null;
    if (existing.status === to || (note.onlyFrom && !note.onlyFrom.includes(existing.status))) {
      return { subscriber: toSubscriber(existing), changed: false };
    }
    const at = now();
    const updated = q.update.get({ id: existing.id, name: existing.name, status: to, at, run: existing.import_run, line: existing.import_line }) as SubscriberRow;
    q.event.run(existing.id, at, existing.status, to, note.source, note.reason);
    return { subscriber: toSubscriber(updated), changed: true };
  });

  const setPrefs = db.prepare(`UPDATE subscribers SET timezone = @timezone, send_hour = @send_hour, frequency = @frequency, topics = @topics, updated_at = @at
    WHERE id = @id RETURNING *`);
  const setPreferences = db.transaction((key: SubscriberKey, patch: Partial<Preferences>, note: ChangeNote): StatusResult | null => {
    const existing = lookup(key);
    if (!existing) return null;
    const prefs = applyPreferences(existing, patch);
    if (!prefs) return { subscriber: toSubscriber(existing), changed: false };
    const at = now();
    const updated = setPrefs.get({ ...prefs.columns, at, id: existing.id }) as SubscriberRow;
    q.event.run(existing.id, at, existing.status, existing.status, note.source, `${note.reason}: ${prefs.change}`);
    return { subscriber: toSubscriber(updated), changed: true };
  });

  return {
    async confirmedAfter(afterId, limit) {
      return (q.confirmedAfter.all(afterId, limit) as SubscriberRow[]).map(toSubscriber);
    },
    async countConfirmed() {
      return q.countConfirmed.get() as number;
    },
    async find(key) {
      const row = lookup(key);
      return row ? toSubscriber(row) : null;
    },
    async history(id) {
      return (q.history.all(id, id) as HistoryRow[]).map(toStatusChange);
    },
    async list(options: ListOptions) {
      const after = options.afterId ?? 0;
      const rows = options.status ? q.pageByStatus.all(options.status, after, options.limit) : q.page.all(after, options.limit);
      return (rows as SubscriberRow[]).map(toSubscriber);
    },
    async upsertMany(rows, options) {
      return upsertMany.immediate(rows, options);
    },
    async setStatus(key, to, note) {
      return setStatus.immediate(key, to, note);
    },
    async setPreferences(key, patch, note) {
      return setPreferences.immediate(key, patch, note);
    },
    async markBounced(key, reason) {
      const result = setStatus.immediate(key, 'bounced', { source: 'delivery', reason, onlyFrom: ['pending', 'confirmed'] });
      return result?.changed ?? false;
    },
    async claimConfirmation(id, minGapMs, maxPerDay = Number.MAX_SAFE_INTEGER) {
      const at = clock.now();
      const notAfter = new Date(at.getTime() - minGapMs).toISOString();
      const dayAgo = new Date(at.getTime() - 24 * 3600_000).toISOString();
      return q.claim.run({ at: at.toISOString(), id, notAfter, dayAgo, max: maxPerDay }).changes === 1;
    },
  };
}
