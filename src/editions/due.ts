// When a reader is due an edition. Pure: every instant is computed from the
// edition's key, its cut-off (when it was frozen) and the reader's group
// (frequency, zone, hour), so the scheduler, `send --at` and `status` agree,
// and a restart recomputes the same moments. DST is handled by asking Intl
// what the wall clock shows, never by adding fixed offsets.
import { addDays, datesOfWeek, editionKind } from './edition.js';
import { WEEKDAYS, type Weekday } from '../subscribers/preferences.js';

/** Subscribers sharing frequency, zone and hour: the unit delivery queues at once. */
export interface DeliveryGroup {
  frequency: string;
  /** '' = the list's zone (GAZETTE_TZ). */
  timezone: string;
  /** -1 = as soon as the edition is out. */
  sendHour: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** What the wall clock in `zone` shows at `ms`, read as if it were UTC (ms). */
function wallAt(ms: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/**
 * The instant the clock in `zone` shows `hour`:00 on `date`. An hour skipped
 * by a spring change gives the instant the clocks jump (the first valid one
 * after); an hour that happens twice in autumn gives its first occurrence.
 */
export function localInstant(date: string, hour: number, zone: string): Date {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour);
  // Offsets are at most ±14 h; the ones in force half a day either side cover both sides of a change.
  const offsets = [...new Set([wallAt(wall - 14 * HOUR, zone) - (wall - 14 * HOUR), wallAt(wall + 14 * HOUR, zone) - (wall + 14 * HOUR), wallAt(wall, zone) - wall])];
  const exact = offsets.map((o) => wall - o).filter((t) => wallAt(t, zone) === wall).sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]!);
  // Skipped: with the offset from before the change, the instant lands just past the gap.
  const before = wallAt(wall - 14 * HOUR, zone) - (wall - 14 * HOUR);
  return new Date(wall - before);
}

function knownZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const clamp = (t: number, lo: number, hi: number) => Math.min(Math.max(t, lo), hi);

/**
 * When a group is due `edition` (frozen at `cutoff`), or null when the group
 * never gets it (daily readers get no weekly edition and the other way round).
 * Daily: the reader's hour on the edition's date, kept within the 24 h after
 * the cut-off (a moment already past when the edition came out means at once;
 * one past the 24 h means the same hour the day before, see withinWindow).
 * Weekly (built at the first cut-off of the following week): the reader's day
 * of that following week at their hour (midnight when unset), within 7 days
 * (past them: that day a week earlier).
 */
export function dueAt(edition: string, cutoff: Date, group: DeliveryGroup, listZone: string): Date | null {
  // A zone this runtime's Intl does not know (stored by a process with a newer
  // zone database, or by hand) is read as the list's: one such row must not
  // stop every reader's delivery with a RangeError on each tick.
  const zone = group.timezone && knownZone(group.timezone) ? group.timezone : listZone;
  const c = cutoff.getTime();
  if (editionKind(edition) === 'daily') {
    if (group.frequency !== 'daily') return null;
    if (group.sendHour < 0) return new Date(c);
    return new Date(clamp(withinWindow(edition, group.sendHour, zone, c, 1), c, c + DAY));
  }
  const day = /^weekly:(\w{3})$/.exec(group.frequency)?.[1] as Weekday | undefined;
  if (!day || !WEEKDAYS.includes(day)) return null;
  const nextMonday = addDays(datesOfWeek(edition)[0]!, 7);
  const date = addDays(nextMonday, WEEKDAYS.indexOf(day));
  return new Date(clamp(withinWindow(date, Math.max(0, group.sendHour), zone, c, 7), c, c + 7 * DAY));
}

/**
 * The reader's hour on `date`, or, when that lies past the window (a zone far
 * west of the list's), the same hour `days` earlier: the time their clock
 * reaches their hour within the window. Clamping the later moment instead
 * would send every late hour at the window's end: with a list in Auckland a
 * Honolulu reader of 08:00 or of 23:00 would both get the issue at 07:00.
 */
function withinWindow(date: string, hour: number, zone: string, cutoff: number, days: number): number {
  const t = localInstant(date, hour, zone).getTime();
  return t > cutoff + days * DAY ? localInstant(addDays(date, -days), hour, zone).getTime() : t;
}

/** Groups split by whether they are due at `at`: due now, and later ones with when. Groups that never get the edition are left out. */
export function splitDue<G extends DeliveryGroup>(edition: string, cutoff: Date, groups: readonly G[], at: Date, listZone: string): { due: G[]; later: { group: G; at: Date }[] } {
  const due: G[] = [];
  const later: { group: G; at: Date }[] = [];
  for (const group of groups) {
    const when = dueAt(edition, cutoff, group, listZone);
    if (!when) continue;
    if (when.getTime() <= at.getTime()) due.push(group);
    else later.push({ group, at: when });
  }
  later.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { due, later };
}
