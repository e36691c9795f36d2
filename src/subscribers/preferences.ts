// A reader's own digest: when it arrives (time zone and hour), how often
// (daily, or weekly on one day) and what it carries (topics: the issue's
// sections). Stored as four columns on the subscriber row with non-null
// "unset" values ('' and -1), so the delivery queries can group and compare
// them with plain equality and one index on both engines.
//
// Every way in (CSV import, the preferences page, the CLI) parses with the
// functions here, so a value is checked once and stored in one form.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** 'daily', or 'weekly:<day>' with the day as three lower-case letters. */
export type Frequency = 'daily' | `weekly:${Weekday}`;

export interface Preferences {
  /** IANA zone the reader's hour is in; null: the list's GAZETTE_TZ. */
  timezone: string | null;
  /** Local hour 0-23 the issue should arrive; null: as soon as it is out. */
  hour: number | null;
  frequency: Frequency;
  /** Section names the reader wants, in a canonical order; empty: every section. */
  topics: string[];
}

export const DEFAULT_PREFERENCES: Preferences = { timezone: null, hour: null, frequency: 'daily', topics: [] };

/** The stored form of each field (the "unset" values are '' and -1). */
export interface PreferenceColumns {
  timezone: string;
  send_hour: number;
  frequency: string;
  topics: string;
}

export const toColumns = (p: Preferences): PreferenceColumns => ({
  timezone: p.timezone ?? '',
  send_hour: p.hour ?? -1,
  frequency: p.frequency,
  topics: p.topics.join(';'),
});

export const fromColumns = (c: Partial<PreferenceColumns>): Preferences => ({
  timezone: c.timezone ? c.timezone : null,
  hour: c.send_hour === undefined || c.send_hour === null || Number(c.send_hour) < 0 ? null : Number(c.send_hour),
  frequency: (c.frequency as Frequency | undefined) ?? 'daily',
  topics: c.topics ? c.topics.split(';') : [],
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

// Asking Intl about a zone costs about a tenth of a millisecond; a CSV import
// asks once per line about a handful of zones. Answers are remembered per name
// as written, and forgotten all at once when full, so memory stays bounded.
const ZONE_CACHE_SIZE = 1024;
const zoneAnswers = new Map<string, Parsed<string | null>>();

/** An IANA zone name as the runtime knows it ('europe/berlin' becomes 'Europe/Berlin'); '' means unset. */
export function parseTimezone(raw: string): Parsed<string | null> {
  let answer = zoneAnswers.get(raw);
  if (answer === undefined) {
    if (zoneAnswers.size >= ZONE_CACHE_SIZE) zoneAnswers.clear();
    answer = askTimezone(raw);
    zoneAnswers.set(raw, answer);
  }
  return answer;
}

function askTimezone(raw: string): Parsed<string | null> {
  const value = raw.trim();
  if (value === '') return { ok: true, value: null };
  if (value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return { ok: false, error: `"${clip(raw)}" is not a time zone name; use an IANA name such as Europe/Berlin or America/Los_Angeles` };
  try {
    // The runtime's own spelling, so one zone is stored one way.
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    return { ok: true, value: canonical };
  } catch {
    return { ok: false, error: `"${clip(raw)}" is not a time zone this system knows; use an IANA name such as Europe/Berlin or America/Los_Angeles` };
  }
}

/** An hour 0-23; '' means unset (as soon as the issue is out). */
export function parseHour(raw: string): Parsed<number | null> {
  const value = raw.trim();
  if (value === '') return { ok: true, value: null };
  if (!/^\d{1,2}$/.test(value) || Number(value) > 23) return { ok: false, error: `"${clip(raw)}" is not an hour; use a whole number from 0 to 23` };
  return { ok: true, value: Number(value) };
}

/** 'daily' or 'weekly:<day>' ('weekly' alone means Monday); '' means daily. */
export function parseFrequency(raw: string): Parsed<Frequency> {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'daily') return { ok: true, value: 'daily' };
  if (value === 'weekly') return { ok: true, value: 'weekly:mon' };
  const m = /^weekly:([a-z]{3})[a-z]*$/.exec(value);
  if (m && (WEEKDAYS as readonly string[]).includes(m[1]!)) return { ok: true, value: `weekly:${m[1] as Weekday}` };
  return { ok: false, error: `"${clip(raw)}" is not a frequency; use daily or weekly:<day> such as weekly:mon` };
}

/**
 * Section names separated by ';' (or a list), trimmed, without repeats (any
 * case), sorted case-insensitively so one set of topics has one stored form.
 * Names are checked only for shape: the sections of an issue change with the
 * editor's plan, so a topic no issue has yet is kept, not refused.
 */
export function parseTopics(raw: string | readonly string[]): Parsed<string[]> {
  if (typeof raw !== 'string') return askTopics(raw);
  // A list names a few topic sets over and over (an import parses one per line):
  // remembered like zones, and each caller gets its own copy of the array.
  let answer = topicAnswers.get(raw);
  if (answer === undefined) {
    if (topicAnswers.size >= ZONE_CACHE_SIZE) topicAnswers.clear();
    answer = askTopics(raw);
    topicAnswers.set(raw, answer);
  }
  return answer.ok ? { ok: true, value: [...answer.value] } : answer;
}

const topicAnswers = new Map<string, Parsed<string[]>>();

function askTopics(raw: string | readonly string[]): Parsed<string[]> {
  const parts = (typeof raw === 'string' ? raw.split(';') : raw).map((s) => s.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const seen = new Map<string, string>();
  for (const p of parts) {
    if (p.length > 60 || /[\u0000-\u001f\u007f]/.test(p)) return { ok: false, error: `"${clip(p)}" is not a section name; use the names of the issue's sections separated by ;` };
    if (!seen.has(p.toLowerCase())) seen.set(p.toLowerCase(), p);
  }
  if (seen.size > 20) return { ok: false, error: `${seen.size} topics is more than an issue has sections (at most 20)` };
  return { ok: true, value: [...seen.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())) };
}

/** The key of a topic set: delivery renders one variant per distinct key ('' is the whole issue). */
export const topicsKey = (topics: readonly string[]): string => topics.map((t) => t.toLowerCase()).join(';');

/** One line for people: "daily at 07:00 Europe/Berlin; topics: Science, World". */
export function describePreferences(p: Preferences, defaultZone: string): string {
  const when = p.frequency === 'daily' ? 'daily' : `weekly on ${dayName(p.frequency.slice(7) as Weekday)}`;
  const at = p.hour === null ? 'as soon as it is out' : `at ${String(p.hour).padStart(2, '0')}:00`;
  const zone = p.timezone ?? `${defaultZone} (the list's)`;
  const topics = p.topics.length ? p.topics.join(', ') : 'all sections';
  return `${when}, ${at}, ${zone}; topics: ${topics}`;
}

/** What changed between two sets of preferences, for the subscriber's history ("frequency daily → weekly:mon"). */
export function describeChange(before: Preferences, after: Preferences): string {
  const out: string[] = [];
  const show = (v: string | number | null) => (v === null || v === '' ? 'unset' : String(v));
  if (before.timezone !== after.timezone) out.push(`timezone ${show(before.timezone)} → ${show(after.timezone)}`);
  if (before.hour !== after.hour) out.push(`hour ${show(before.hour)} → ${show(after.hour)}`);
  if (before.frequency !== after.frequency) out.push(`frequency ${before.frequency} → ${after.frequency}`);
  if (before.topics.join(';') !== after.topics.join(';')) out.push(`topics ${before.topics.length ? before.topics.join(';') : 'all'} → ${after.topics.length ? after.topics.join(';') : 'all'}`);
  return out.join('; ');
}

/**
 * A patch applied to stored preferences: the columns to write and the history
 * line ("hour 7 → 8"), or null when it changes nothing. The one rule every
 * store and the importer follow, so a change is recorded the same way however
 * it arrives.
 */
export function applyPreferences(stored: Partial<PreferenceColumns>, patch: Partial<Preferences> | undefined): { columns: PreferenceColumns; change: string } | null {
  if (!patch) return null;
  const before = fromColumns(stored);
  const after: Preferences = { ...before, ...patch };
  const change = describeChange(before, after);
  return change ? { columns: toColumns(after), change } : null;
}

export function dayName(day: Weekday): string {
  return { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' }[day];
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
