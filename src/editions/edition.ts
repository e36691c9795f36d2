// Editions: what one ledger key stands for. The daily issue of a date is keyed
// by the date (YYYY-MM-DD, as before); the weekly edition gathered from the
// daily issues of one ISO week is keyed by the week (YYYY-Www, e.g. 2026-W49).
// Every key is a plain string, so the issues table, the ledger and the archive
// treat both kinds alike; these helpers tell them apart and do the week
// arithmetic (ISO 8601: weeks start on Monday, week 1 holds the first Thursday).

export type EditionKind = 'daily' | 'weekly';

const DAILY = /^\d{4}-\d{2}-\d{2}$/;
const WEEKLY = /^(\d{4})-W(\d{2})$/;

/** True for a key of either kind (the shape only; see isCalendarDate for the date's validity). */
export const isEditionKey = (key: string): boolean => DAILY.test(key) || WEEKLY.test(key);

export const editionKind = (key: string): EditionKind => (WEEKLY.test(key) ? 'weekly' : 'daily');

/**
 * True for a key naming a real day or a real ISO week: 2026-02-30 is not one,
 * nor 2027-W53 (2027 has 52 weeks), so a URL or option can be refused up front.
 */
export function isRealEditionKey(key: string): boolean {
  if (WEEKLY.test(key)) return Number(key.slice(6)) >= 1 && weekOf(datesOfWeek(key)[0]!) === key;
  if (!DAILY.test(key)) return false;
  // Month 13 or day 99 makes an Invalid Date, whose toISOString throws; a
  // question about a URL must answer no, not crash the request.
  const d = utc(key);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === key;
}

/** The ISO week (YYYY-Www) a date (YYYY-MM-DD) falls in. */
export function weekOf(date: string): string {
  const d = utc(date);
  // The Thursday of this week decides the week's year.
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(d.getTime() + (3 - dow) * DAY);
  const year = thursday.getUTCFullYear();
  const jan4 = utc(`${year}-01-04`);
  const week1Monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
  const week = Math.floor((thursday.getTime() - week1Monday) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The seven dates (Monday first) of an ISO week. */
export function datesOfWeek(week: string): string[] {
  const m = WEEKLY.exec(week);
  if (!m) throw new Error(`not a week key: ${week}`);
  const jan4 = utc(`${m[1]}-01-04`);
  const monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY + (Number(m[2]) - 1) * 7 * DAY;
  return Array.from({ length: 7 }, (_, i) => new Date(monday + i * DAY).toISOString().slice(0, 10));
}

/** The date `days` after `date` (negative: before). */
export const addDays = (date: string, days: number): string => new Date(utc(date).getTime() + days * DAY).toISOString().slice(0, 10);

/** Monday 0 … Sunday 6 of a date. */
export const weekdayIndex = (date: string): number => (utc(date).getUTCDay() + 6) % 7;

const DAY = 86_400_000;
const utc = (date: string) => new Date(`${date}T00:00:00Z`);
