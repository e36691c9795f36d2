// When the schedule fires, as instants: the next run after a time (for "the
// next three runs" and for tests that drive the scheduler with a manual clock)
// and the most recent run before a time (for runs missed while the process was
// down). node-cron decides what matches (its own `match`, in the zone, with its
// DST rules), so this file and the real node-cron timer never disagree; it is
// hand-written only because node-cron exposes neither "next after an arbitrary
// time" nor "previous" (its getNextRuns always starts from the wall clock).
import { createTask, parse, type ScheduledTask } from 'node-cron';
import { cronProblem } from '../config/cron.js';
import { GazetteError } from '../errors.js';

/** A validated cron expression in a time zone. */
export interface CronSpec {
  readonly expression: string;
  readonly tz: string;
  /** True for six fields: the schedule has a seconds field, so times are shown with seconds. */
  readonly hasSeconds: boolean;
  /** The first scheduled instant strictly after `after`, or null when none within years. */
  next(after: Date): Date | null;
  /** The last scheduled instant at or before `atOrBefore`, or null when none within years. */
  prev(atOrBefore: Date): Date | null;
}

const MINUTE = 60_000;
// Searches stop after this many days; a daily newsletter never gets close.
const HORIZON_DAYS = 366 * 8;

/** Checks `expression` (GAZETTE_SCHEDULE) and `tz` (GAZETTE_TZ); throws a GazetteError naming the variable. */
export function cronSpec(expression: string, tz: string): CronSpec {
  const expr = expression.trim();
  const fields = expr.split(/\s+/).length;
  const problem = cronProblem(expr);
  if (problem) throw new GazetteError('CONFIG', `GAZETTE_SCHEDULE ${problem} (got ${JSON.stringify(expression)}); e.g. "0 7 * * *" for 07:00 every day.`);
  if (!isTimeZone(tz)) {
    throw new GazetteError('CONFIG', `GAZETTE_TZ "${tz}" is not a time zone; use an IANA name such as Europe/Paris or America/New_York, or unset it for the machine's zone.`);
  }
  const task = createTask(expr, () => undefined, { timezone: tz });
  // Only its matcher is used: destroying it takes it out of node-cron's task
  // registry (which would otherwise keep every spec ever made), and match() still works.
  void task.destroy();
  const fieldsOf = parse(expr);
  const seconds = [...fieldsOf.second].sort((a, b) => a - b);
  const minutes = [...fieldsOf.minute].sort((a, b) => a - b);
  const hours = new Set(fieldsOf.hour);
  const local = localParts(tz);
  return {
    expression: expr,
    tz,
    hasSeconds: fields === 6,
    next: (after) => walk(task, local, { seconds, minutes, hours }, after, 1),
    prev: (atOrBefore) => walk(task, local, { seconds, minutes, hours }, atOrBefore, -1),
  };
}

/** True when `tz` is an IANA zone this Node knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

interface Fields { seconds: number[]; minutes: number[]; hours: Set<number> }

/**
 * Steps through UTC minutes (every zone's offset is a whole number of minutes),
 * jumping over local hours and minutes the expression cannot match, and asks
 * node-cron whether each candidate second matches. Forward finds the first
 * instant > from; backward the last instant <= from.
 */
function walk(task: ScheduledTask, local: (t: number) => { hour: number; minute: number }, f: Fields, from: Date, dir: 1 | -1): Date | null {
  const origin = Math.floor(from.getTime() / 1000) * 1000;
  const bound = origin + dir * HORIZON_DAYS * 24 * 60 * MINUTE;
  let minute = Math.floor(origin / MINUTE) * MINUTE;
  while (dir === 1 ? minute <= bound : minute >= bound) {
    const { hour, minute: m } = local(minute);
    if (!f.hours.has(hour)) {
      // To the first minute of the next local hour (forward) or the last of the previous one.
      minute += dir === 1 ? (60 - m) * MINUTE : -(m + 1) * MINUTE;
      continue;
    }
    if (f.minutes.includes(m)) {
      const secs = dir === 1 ? f.seconds : [...f.seconds].reverse();
      for (const s of secs) {
        const t = minute + s * 1000;
        if ((dir === 1 ? t > origin : t <= origin) && task.match(new Date(t)) && !repeatsEarlierWallTime(local, t)) return new Date(t);
      }
    }
    // To the next (or previous) listed minute within this hour, else across the hour edge.
    const step = dir === 1 ? (f.minutes.find((x) => x > m) ?? 60) - m : m - (findLast(f.minutes, (x) => x < m) ?? -1);
    minute += dir * step * MINUTE;
  }
  return null;
}

/**
 * True when the wall-clock time of `t` already happened an hour (or half an
 * hour, Lord Howe) earlier: the second pass through an hour repeated when
 * clocks go back. node-cron runs such a time once, at its first pass.
 */
function repeatsEarlierWallTime(local: (t: number) => { hour: number; minute: number }, t: number): boolean {
  const here = local(t);
  return [60, 30].some((m) => {
    const before = local(t - m * MINUTE);
    return before.hour === here.hour && before.minute === here.minute;
  });
}

function findLast(xs: number[], ok: (x: number) => boolean): number | undefined {
  for (let i = xs.length - 1; i >= 0; i--) if (ok(xs[i]!)) return xs[i];
  return undefined;
}

/** The local hour and minute of an instant in `tz` (one cached formatter). */
function localParts(tz: string): (t: number) => { hour: number; minute: number } {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (t) => {
    let hour = 0;
    let minute = 0;
    for (const p of fmt.formatToParts(t)) {
      if (p.type === 'hour') hour = Number(p.value) % 24;
      else if (p.type === 'minute') minute = Number(p.value);
    }
    return { hour, minute };
  };
}

/** `at` written in `tz` with its offset, e.g. "2026-03-29 07:00 (UTC+02:00)"; seconds when asked or not zero. */
export function formatInZone(at: Date, tz: string, seconds = false): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  const secs = parts.second === '00' && !seconds ? '' : `:${parts.second}`;
  const offset = String(parts.timeZoneName).replace('GMT', 'UTC') || 'UTC';
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${secs} (${offset === 'UTC' ? 'UTC+00:00' : offset})`;
}
