// One upsertMany batch on PostgreSQL, set-wise: the addresses already on the
// list are read and locked in one statement; the new addresses are written
// with COPY (pg-copy-streams) straight into the list, with ids drawn from its
// sequence beforehand so no row has to come back; the SQLite store's per-row
// rules are applied in memory; the changes are written back in one UPDATE and
// one INSERT of history. The result is what the SQLite store gives for the
// same rows in the same order.
//
// Why straight into the list: COPY into a staging table and then
// INSERT … SELECT … ON CONFLICT wrote every new row twice, and together with
// a history row per subscriber (now on the row itself: creation.ts) it cost
// the server more than twice what the rows alone do. COPY cannot skip a
// conflict, though: when another process adds one of the same addresses
// between the lookup and the COPY, the COPY fails on the unique key, the
// batch goes back to a savepoint, and the staged path with ON CONFLICT does
// it instead (the ids drawn are left unused: gaps, never collisions).
import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { addressKey } from './address.js';
import { DEPARTED, nextStatus, type UpsertOptions, type UpsertOutcome, type UpsertRow } from './store.js';
import type { Subscriber, SubscriberStatus } from './types.js';
import { toSubscriber, type SubscriberRow } from './row.js';
import { DEFAULT_PREFERENCES, applyPreferences, toColumns, type PreferenceColumns, type Preferences } from './preferences.js';

// The rows that create subscribers, staged for one INSERT … SELECT. ON COMMIT
// DELETE ROWS: each batch starts empty, and a rolled-back batch leaves nothing behind.
const STAGING = `CREATE TEMP TABLE IF NOT EXISTS subscriber_import (
  ord INTEGER NOT NULL, email TEXT NOT NULL, email_key TEXT NOT NULL, name TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL,
  import_run TEXT, import_line INTEGER, timezone TEXT NOT NULL, send_hour INTEGER NOT NULL, frequency TEXT NOT NULL, topics TEXT NOT NULL,
  created_status TEXT NOT NULL, created_source TEXT NOT NULL, created_reason TEXT NOT NULL
) ON COMMIT DELETE ROWS`;

// The subscribers named by a batch, locked until it commits, with when a
// departed one left (for 'refused'). One index probe per address, however long
// the list: asked for "email_key = ANY(…)" or a join, the planner prefers to
// read the whole list once a batch names a few thousand addresses, which on a
// list of a million costs half a second a batch. LIMIT 1 keeps each LATERAL
// lookup a probe. The caller passes the addresses sorted, so two batches lock
// shared addresses in the same order.
const LOCK_EXISTING = `
  SELECT s.*, CASE WHEN s.status IN ('unsubscribed', 'bounced', 'complained')
      THEN COALESCE((SELECT e.at FROM subscriber_events e WHERE e.subscriber_id = s.id ORDER BY e.id DESC LIMIT 1), s.created_at) END AS since
  FROM unnest($1::text[]) AS k (email_key)
  CROSS JOIN LATERAL (
    SELECT id, email, email_key, name, status, created_at, updated_at, import_run, import_line, timezone, send_hour, frequency, topics
    FROM subscribers WHERE subscribers.email_key = k.email_key LIMIT 1 FOR UPDATE
  ) s`;

/** A subscriber as the batch sees it: read (or created) once, changed in memory, written back once. */
interface State extends SubscriberRow {
  /** When its status last changed (for 'refused'); null when unknown. */
  since: string | null;
  dirty: boolean;
}

/** One value in COPY's text format: backslash, tab and line breaks escaped, \N for null. */
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** A new subscriber's preferences: the row's, the defaults for the rest. */
const newPreferences = (r: UpsertRow): Preferences => (r.preferences ? { ...DEFAULT_PREFERENCES, ...r.preferences } : DEFAULT_PREFERENCES);
const newColumns = (r: UpsertRow): PreferenceColumns => toColumns(newPreferences(r));

/** Streams `lines` (each a COPY text line, in chunks of a few hundred: few writes, no string the size of the batch) into `sql`. */
async function copyLines(client: pg.PoolClient, sql: string, count: number, line: (n: number) => string): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = once(stream, 'finish');
  // A COPY that fails while a write waits for 'drain' (the server stopped
  // reading: blocked on another writer's row, then a unique violation) rejects
  // that wait and this one alike; the wait's rejection is what this function
  // throws, and this one left unobserved would end the process.
  done.catch(() => {});
  for (let start = 0; start < count; start += 500) {
    let chunk = '';
    for (let n = start; n < Math.min(count, start + 500); n++) chunk += line(n);
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await done;
}

/** What a batch knows of the rows it creates. */
interface Creating {
  rows: readonly UpsertRow[];
  keys: string[];
  names: (string | null)[];
  /** Indexes in `rows` of the rows that create a subscriber, in file order. */
  create: number[];
  options: UpsertOptions;
  at: string;
  run: string | null;
}

/**
 * The NEW_COLUMNS of one new subscriber after `head` (its id, or its place in
 * the batch), as one COPY text line; with `updatedAt`, created_at twice (the
 * second for updated_at, which the list has and the staging table does not).
 */
function newRowLine(c: Creating, i: number, head: string, updatedAt: boolean): string {
  const r = c.rows[i]!;
  const p = newColumns(r);
  const at = updatedAt ? `${c.at}\t${c.at}` : c.at;
  return `${head}\t${copyText(r.email)}\t${copyText(c.keys[i]!)}\t${copyText(c.names[i]!)}\t${r.status}\t${at}\t${copyText(c.run)}\t${r.line ?? '\\N'}\t`
    + `${copyText(p.timezone)}\t${p.send_hour}\t${copyText(p.frequency)}\t${copyText(p.topics)}\t${r.status}\t${copyText(c.options.source)}\t${copyText(c.options.reason)}\n`;
}

const NEW_COLUMNS = 'email, email_key, name, status, created_at, import_run, import_line, timezone, send_hour, frequency, topics, created_status, created_source, created_reason';
/** The same in the list, where updated_at follows created_at. */
const LIST_COLUMNS = NEW_COLUMNS.replace('created_at', 'created_at, updated_at');

/**
 * Writes the new rows straight into the list with COPY, under ids drawn from
 * its sequence first (ascending, so ids follow the file as on SQLite).
 * Returns null, with nothing written, when another process has added one of
 * the addresses meanwhile.
 */
async function createDirect(client: pg.PoolClient, c: Creating): Promise<{ id: number; email_key: string }[] | null> {
  // One string of ids rather than a row each: a third of the cost on both sides.
  const drawn = (await client.query<{ ids: string }>(
    `SELECT string_agg(nextval(q.seq)::text, ',') AS ids FROM (SELECT pg_get_serial_sequence('subscribers', 'id')::regclass AS seq) q, generate_series(1, $1)`, [c.create.length],
  )).rows[0]!.ids;
  const ids = drawn.split(',').map(Number).sort((a, b) => a - b);
  await client.query('SAVEPOINT gazette_create');
  try {
    await copyLines(client, `COPY subscribers (id, ${LIST_COLUMNS}) FROM STDIN`, c.create.length, (n) => newRowLine(c, c.create[n]!, String(ids[n]), true));
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await client.query('ROLLBACK TO SAVEPOINT gazette_create');
    return null;
  }
  await client.query('RELEASE SAVEPOINT gazette_create');
  return c.create.map((i, n) => ({ id: ids[n]!, email_key: c.keys[i]! }));
}

/** The path for a batch that raced another writer: staged, inserted with ON CONFLICT DO NOTHING; returns the rows it created. */
async function createStaged(client: pg.PoolClient, c: Creating): Promise<{ id: number; email_key: string }[]> {
  await client.query(STAGING);
  await copyLines(client, `COPY subscriber_import (ord, ${NEW_COLUMNS}) FROM STDIN`, c.create.length, (n) => newRowLine(c, c.create[n]!, String(c.create[n]), false));
  return (await client.query<{ id: number; email_key: string }>(`
    INSERT INTO subscribers (${LIST_COLUMNS})
    SELECT ${NEW_COLUMNS.replace('created_at', 'created_at, created_at')} FROM subscriber_import ORDER BY ord
    ON CONFLICT (email_key) DO NOTHING
    RETURNING id, email_key`)).rows;
}

/** Upserts `rows` on `client` (inside the caller's transaction), with the SQLite store's outcomes. */
export async function upsertBatch(client: pg.PoolClient, rows: readonly UpsertRow[], options: UpsertOptions, at: string): Promise<UpsertOutcome[]> {
  const run = options.runId ?? null;
  const keys = rows.map((r) => addressKey(r.email));
  const names = rows.map((r) => (r.name?.trim() ? r.name.trim() : null));
  const firstRow = new Map<string, number>();
  keys.forEach((k, i) => { if (!firstRow.has(k)) firstRow.set(k, i); });

  const states = new Map<string, State>();
  const lockExisting = async (wanted: string[]) => {
    for (const e of (await client.query<SubscriberRow & { since: string | null }>(LOCK_EXISTING, [wanted.sort()])).rows) {
      states.set(e.email_key, { ...e, dirty: false });
    }
  };
  await lockExisting([...firstRow.keys()]);

  // New addresses, from the first row naming each, in file order (so ids follow
  // the file as on SQLite). One another process inserts meanwhile is skipped
  // here (ON CONFLICT waits for its transaction) and locked as an existing one.
  const create = [...firstRow.entries()].filter(([key]) => !states.has(key)).map(([, i]) => i);
  const createdBy = new Map<string, number>();
  if (create.length > 0) {
    const creating: Creating = { rows, keys, names, create, options, at, run };
    const created = (await createDirect(client, creating)) ?? (await createStaged(client, creating));
    for (const c of created) {
      const i = firstRow.get(c.email_key)!;
      const r = rows[i]!;
      createdBy.set(c.email_key, i);
      states.set(c.email_key, {
        id: c.id, email: r.email, email_key: c.email_key, name: names[i]!, status: r.status, created_at: at, updated_at: at,
        import_run: run, import_line: r.line ?? null, ...newColumns(r), since: at, dirty: false,
      });
    }
    if (created.length < create.length) await lockExisting(create.map((i) => keys[i]!).filter((k) => !states.has(k)));
  }

  // The SQLite store's rules, row by row in file order (sqlite-store.ts upsertOne).
  const events: { id: number; from: SubscriberStatus; to: SubscriberStatus; reason: string }[] = [];
  const change = (s: State, to: SubscriberStatus) => {
    events.push({ id: s.id, from: s.status, to, reason: options.reason });
    s.status = to;
    s.since = at;
  };
  const outcomes = rows.map((row, i): UpsertOutcome => {
    const key = keys[i]!;
    const s = states.get(key);
    if (!s) throw new Error(`the subscriber ${row.email} disappeared while it was being imported; run the import again`);
    const line = row.line ?? null;
    if (createdBy.get(key) === i) {
      const subscriber: Subscriber = { id: s.id, email: row.email, name: names[i]!, status: row.status, createdAt: at, updatedAt: at, preferences: newPreferences(row) };
      return { kind: 'created', subscriber };
    }
    if (run !== null && s.import_run === run) {
      const firstLine = s.import_line ?? 0;
      // The unsubscribe wins over an earlier line of the same file (in any case).
      if (DEPARTED.includes(row.status) && !DEPARTED.includes(s.status)) {
        change(s, row.status);
        s.updated_at = at;
        s.dirty = true;
        return { kind: 'duplicate', firstLine, applied: row.status };
      }
      return { kind: 'duplicate', firstLine };
    }
    const next = nextStatus(s.status, row.status);
    const stamp = () => {
      if (run === null) return;
      s.import_run = run;
      s.import_line = line;
      s.dirty = true;
    };
    if (next === 'refused') {
      const subscriber = toSubscriber(s);
      stamp();
      return { kind: 'refused', subscriber, since: s.since ?? s.updated_at };
    }
    const name = names[i]!;
    const newName = name !== null && name !== s.name ? name : s.name;
    const prefs = applyPreferences(s, row.preferences);
    if (next === null && newName === s.name && !prefs) {
      const subscriber = toSubscriber(s);
      stamp();
      return { kind: 'unchanged', subscriber };
    }
    if (next !== null) change(s, next);
    if (prefs) {
      Object.assign(s, prefs.columns);
      events.push({ id: s.id, from: s.status, to: s.status, reason: `${options.reason}: ${prefs.change}` });
    }
    s.name = newName;
    s.updated_at = at;
    if (run !== null) { s.import_run = run; s.import_line = line; }
    s.dirty = true;
    return { kind: 'updated', subscriber: toSubscriber(s), statusChanged: next !== null };
  });

  const dirty = [...states.values()].filter((s) => s.dirty);
  if (dirty.length > 0) {
    await client.query(`UPDATE subscribers s SET name = u.name, status = u.status, updated_at = u.updated_at, import_run = u.import_run, import_line = u.import_line,
        timezone = u.timezone, send_hour = u.send_hour, frequency = u.frequency, topics = u.topics
      FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[], $9::text[], $10::text[])
        AS u (id, name, status, updated_at, import_run, import_line, timezone, send_hour, frequency, topics)
      WHERE s.id = u.id`, [
      dirty.map((s) => s.id), dirty.map((s) => s.name), dirty.map((s) => s.status), dirty.map((s) => s.updated_at),
      dirty.map((s) => s.import_run), dirty.map((s) => s.import_line),
      dirty.map((s) => s.timezone), dirty.map((s) => s.send_hour), dirty.map((s) => s.frequency), dirty.map((s) => s.topics),
    ]);
  }
  if (events.length > 0) {
    // unnest yields the arrays in order, so history ids follow the rows.
    await client.query(`INSERT INTO subscriber_events (subscriber_id, at, from_status, to_status, source, reason)
      SELECT e.id, $5, e.from_status, e.to_status, $6, e.reason FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e (id, from_status, to_status, reason, n)
      ORDER BY e.n`, [events.map((e) => e.id), events.map((e) => e.from), events.map((e) => e.to), events.map((e) => e.reason), at, options.source]);
  }
  return outcomes;
}
