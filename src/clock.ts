// Time behind an interface, so that the scheduler, the "latest" window and the
// ledger's timestamps can be driven by tests without waiting for wall time.

/** Where the current time comes from. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export function manualClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (next) => { t = new Date(next).getTime(); },
    advance: (ms) => { t += ms; },
  };
}

/**
 * `base`'s time moved to start at `at`: for `send --at`, which replays a
 * moment "as if it were now" while claims and retries still see time pass.
 */
export function shiftedClock(base: Clock, at: Date): Clock {
  const offset = at.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

/** The calendar date (YYYY-MM-DD) of `at` in time zone `tz`. */
export function localDate(at: Date, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** True when `text` starts with YYYY-MM-DD naming a real calendar day (Date rolls 2026-02-30 over to March; this does not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return false;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString().slice(0, 10) === m[0];
}
