// The feed date reader on strings written for this project: RFC 822 with zone
// names and offsets, W3C-DTF/ISO 8601 and its partial forms, month names of
// common European languages, two-digit years, zoneless times (UTC, flagged)
// and strings that must be rejected rather than guessed.
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/gather/feeds/dates.js';

const now = new Date('2026-06-15T00:00:00Z');
const read = (s: string) => parseFeedDate(s, now);

describe('parseFeedDate', () => {
  it.each([
    // RFC 822 / 1123 with named zones
    ['Mon, 02 Jun 2025 08:00:00 GMT', '2025-06-02T08:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00:00 UT', '2025-06-02T08:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00:00 Z', '2025-06-02T08:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00:00 UTC', '2025-06-02T08:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 EST', '2025-06-02T13:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 EDT', '2025-06-02T12:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 CST', '2025-06-02T14:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 CDT', '2025-06-02T13:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 MST', '2025-06-02T15:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 PDT', '2025-06-02T15:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 PST', '2025-06-02T16:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 MET', '2025-06-02T07:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 MEST', '2025-06-02T06:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 CEST', '2025-06-02T06:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 BST', '2025-06-02T07:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00 JST', '2025-06-01T23:00:00.000Z'],
    ['2 Jun 2025 08:00 Etc/GMT+5', '2025-06-02T13:00:00.000Z'],
    ['2 Jun 2025 08:00 Etc/GMT-3', '2025-06-02T05:00:00.000Z'],
    ['2 Jun 2025 08:00 GMT+2', '2025-06-02T06:00:00.000Z'],
    ['2 Jun 2025 08:00:00 +0530', '2025-06-02T02:30:00.000Z'],
    ['2 Jun 2025 08:00:00 -03:00', '2025-06-02T11:00:00.000Z'],
    ['Mon, 2 Jun 2025 08:00:00 +0000 (UTC)', '2025-06-02T08:00:00.000Z'],
    ['Mon Jun 02 2025 08:00:00 GMT+0200 (Central European Summer Time)', '2025-06-02T06:00:00.000Z'],
    ['June 2, 2025 8:05 PM EDT', '2025-06-03T00:05:00.000Z'],
    ['Jun 2 2025 12:00 AM GMT', '2025-06-02T00:00:00.000Z'],
    // W3C-DTF / ISO 8601, whole and partial
    ['2025-06-02T08:00:00Z', '2025-06-02T08:00:00.000Z'],
    ['2025-06-02T08:00:00.250+02:00', '2025-06-02T06:00:00.250Z'],
    ['2025-06-02T08:00+0100', '2025-06-02T07:00:00.000Z'],
    ['2025-06-02 08:00:00 -05', '2025-06-02T13:00:00.000Z'],
    ['20250602T080000Z', '2025-06-02T08:00:00.000Z'],
    ['2025-06-02', '2025-06-02T00:00:00.000Z'],
    ['2025-06', '2025-06-01T00:00:00.000Z'],
    ['2025', '2025-01-01T00:00:00.000Z'],
    ['2025-06-30T24:00:00Z', '2025-07-01T00:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.000Z'],
    // Month and day names of other languages
    ['Lun, 02 Juin 2025 08:00:00 +0200', '2025-06-02T06:00:00.000Z'],
    ['mar., 3 juin 2025 08:00 +0200', '2025-06-03T06:00:00.000Z'],
    ['Di, 03 Mär 2025 08:00:00 MEZ', '2025-03-03T07:00:00.000Z'],
    ['Mittwoch, 1. Oktober 2025 10:00 MESZ', '2025-10-01T08:00:00.000Z'],
    ['3 de marzo de 2025 10:00 +0100', '2025-03-03T09:00:00.000Z'],
    ['Mié, 05 Feb 2025 10:00:00 GMT', '2025-02-05T10:00:00.000Z'],
    ['Seg, 15 Set 2025 10:00:00 -0300', '2025-09-15T13:00:00.000Z'],
    ['Sex, 19 Dez 2025 10:00:00 -0300', '2025-12-19T13:00:00.000Z'],
    ['gio, 04 dic 2025 10:00:00 +0100', '2025-12-04T09:00:00.000Z'],
    ['Wo, 01 okt 2025 10:00:00 +0200', '2025-10-01T08:00:00.000Z'],
    ['12 maja 2025 10:00 +0200', '2025-05-12T08:00:00.000Z'],
    // Two-digit years: never in the future
    ['03-12-31', '2003-12-31T00:00:00.000Z'],
    ['Wed, 31 Dec 03 23:00:00 GMT', '2003-12-31T23:00:00.000Z'],
    ['Sat, 01 Jan 99 10:00:00 GMT', '1999-01-01T10:00:00.000Z'],
    ['Mon, 01 Jun 26 10:00:00 GMT', '2026-06-01T10:00:00.000Z'],
    ['Tue, 01 Jun 27 10:00:00 GMT', '1927-06-01T10:00:00.000Z'],
    // Numeric day-first and month-first forms, where they cannot be confused
    ['31.12.2025 23:59 +0100', '2025-12-31T22:59:00.000Z'],
    ['2025/06/02 08:00:00 GMT', '2025-06-02T08:00:00.000Z'],
    ['12/31/2025', '2025-12-31T00:00:00.000Z'],
    ['31/12/2025', '2025-12-31T00:00:00.000Z'],
  ])('reads %j as %s', (input, iso) => {
    expect(read(input)).toEqual({ iso, zoneless: false });
  });

  it.each([
    ['2025-06-02T08:00:00', '2025-06-02T08:00:00.000Z'],
    ['2025-06-02 08:00', '2025-06-02T08:00:00.000Z'],
    ['Mon, 02 Jun 2025 08:00:00', '2025-06-02T08:00:00.000Z'],
    ['02.06.2025 08:00', '2025-06-02T08:00:00.000Z'],
  ])('reads zoneless %j in UTC, flagged', (input, iso) => {
    expect(read(input)).toEqual({ iso, zoneless: true });
  });

  it.each([
    '', '   ', 'soon', 'yesterday', 'the day after tomorrow', 'TBA 2025', '2025-13-01', '2025-02-30', '2025-06-02T25:00:00Z',
    '2025-06-02T08:61Z', 'Mon, 31 Feb 2025 10:00:00 GMT', '32 Jun 2025', '2 Jun 2025 08:00 XYZ', 'Jun 2025', '1717171717',
    '0000-00-00', '0000-00-00 00:00:00', '2025-06-02T08:00:00+99:00', '06/13/2025/1', '13/13/2025', '1 2 3', '12:00',
    'Mon, 02 Jun 2025 13:00 PM GMT', '<b>2025</b>', 'null', 'NaN', 'Invalid Date',
  ])('rejects %j', (input) => {
    expect(read(input)).toBeNull();
  });

  it('ignores a wrong day name, as readers do', () => {
    expect(read('Fri, 02 Jun 2025 08:00:00 GMT')?.iso).toBe('2025-06-02T08:00:00.000Z');
  });

  it('does not depend on the machine time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(read('2025-06-02T08:00:00')?.iso).toBe('2025-06-02T08:00:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('everyday variants', () => {
  it.each([
    ['2 June 2025 at 10:00 GMT', '2025-06-02T10:00:00.000Z'],
    ['lundi 2 juin 2025 10h30 +0200', '2025-06-02T08:30:00.000Z'],
    ['Monday, June 2nd, 2025', '2025-06-02T00:00:00.000Z'],
    ['2025 Jun 02 10:00:00 GMT', '2025-06-02T10:00:00.000Z'],
    ['Mon, 02 Jun 2025 10:00:00 A', '2025-06-02T10:00:00.000Z'],
  ])('reads %j', (input, iso) => {
    expect(read(input)?.iso).toBe(iso);
  });
});
