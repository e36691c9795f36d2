// Option parsers shared by commands: they throw GazetteError with the fix.
import { statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { isCalendarDate } from '../clock.js';
import { editionKind, isRealEditionKey, weekOf } from '../editions/edition.js';

/** Parses --date: a real calendar date written YYYY-MM-DD. */
export function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDate(value)) {
    throw new InvalidArgumentError(`"${value}" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22.`);
  }
  return value;
}

/** Parses --week: a real ISO week written YYYY-Www (2027-W53 does not exist: 2027 has 52 weeks). */
export function parseWeek(value: string): string {
  if (editionKind(value) !== 'weekly' || !isRealEditionKey(value)) {
    const hint = isCalendarDate(value) && /^\d{4}-\d{2}-\d{2}$/.test(value) ? ` (${value} is in ${weekOf(value)})` : '';
    throw new InvalidArgumentError(`"${value}" is not an ISO week; write it as YYYY-Www, e.g. 2026-W49${hint}.`);
  }
  return value;
}

/** Parses a positive whole number option. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a whole number of at least 1.`);
  return n;
}

/** Parses a TCP port (0 picks a free one). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535).`);
  return n;
}

/** Parses an ISO 8601 instant with a zone (2026-12-03T07:00:00Z, 2026-12-03T08:00+01:00) for `send --at`. */
export function parseInstant(value: string): Date {
  // `--at now` from cron: deliver whatever has fallen due by this moment, across every open edition.
  if (value.trim().toLowerCase() === 'now') return new Date();
  const at = new Date(value);
  // Date rolls 2026-02-30 over to 2 March and T24:00 to the next day: a day or hour that does not exist is refused, not moved.
  const shape = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!shape || !isCalendarDate(value) || Number(shape[1]) > 23 || Number(shape[2]) > 59 || Number(shape[4] ?? 0) > 59 || Number.isNaN(at.getTime())) {
    throw new InvalidArgumentError(`"${value}" is not an ISO time with a zone; write it as e.g. 2026-12-03T07:00:00Z or 2026-12-03T08:00+01:00, or "now".`);
  }
  return at;
}

/**
 * Parses --content: a folder given by hand must exist. Only the default
 * content/ may be missing (a fresh `npm start` builds without it); a typed
 * path that is not there is a typo, and building an empty issue from it, or
 * reusing today's, would hide that.
 */
export function parseContentDir(value: string): string {
  let isDir: boolean;
  try {
    isDir = statSync(value).isDirectory();
  } catch {
    throw new InvalidArgumentError(`the folder "${value}" does not exist; give the content folder that holds your articles.`);
  }
  if (!isDir) throw new InvalidArgumentError(`"${value}" is a file, not a folder; give the content folder that holds your articles.`);
  return value;
}
