import { describe, expect, it } from 'vitest';
import { dueAt, localInstant, splitDue } from '../../src/editions/due.js';

const iso = (d: Date | null) => d?.toISOString();

describe('localInstant', () => {
  it('finds the hour in zones on both sides of UTC', () => {
    expect(iso(localInstant('2026-12-03', 7, 'Asia/Tokyo'))).toBe('2026-12-02T22:00:00.000Z');
    expect(iso(localInstant('2026-12-03', 7, 'Europe/Berlin'))).toBe('2026-12-03T06:00:00.000Z');
    expect(iso(localInstant('2026-12-03', 7, 'America/Los_Angeles'))).toBe('2026-12-03T15:00:00.000Z');
    expect(iso(localInstant('2026-07-03', 7, 'America/Los_Angeles'))).toBe('2026-07-03T14:00:00.000Z');
    expect(iso(localInstant('2026-12-03', 0, 'UTC'))).toBe('2026-12-03T00:00:00.000Z');
  });

  it('gives a skipped spring hour the first instant after the jump', () => {
    // Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z.
    expect(iso(localInstant('2026-03-29', 2, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(localInstant('2026-03-29', 3, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(localInstant('2026-03-29', 1, 'Europe/Berlin'))).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(localInstant('2026-03-29', 7, 'Europe/Berlin'))).toBe('2026-03-29T05:00:00.000Z');
    // Los Angeles 2026-03-08: 02:00 PST becomes 03:00 PDT at 10:00Z.
    expect(iso(localInstant('2026-03-08', 2, 'America/Los_Angeles'))).toBe('2026-03-08T10:00:00.000Z');
  });

  it('gives a repeated autumn hour its first occurrence', () => {
    // Los Angeles 2026-11-01: 01:00 happens at 08:00Z (PDT) and 09:00Z (PST).
    expect(iso(localInstant('2026-11-01', 1, 'America/Los_Angeles'))).toBe('2026-11-01T08:00:00.000Z');
    expect(iso(localInstant('2026-11-01', 2, 'America/Los_Angeles'))).toBe('2026-11-01T10:00:00.000Z');
    expect(iso(localInstant('2026-11-01', 7, 'America/Los_Angeles'))).toBe('2026-11-01T15:00:00.000Z');
    // Berlin 2026-10-25: 02:00 happens at 00:00Z (CEST) and 01:00Z (CET).
    expect(iso(localInstant('2026-10-25', 2, 'Europe/Berlin'))).toBe('2026-10-25T00:00:00.000Z');
  });
});

describe('dueAt', () => {
  // A list in Auckland cutting off at 06:00 local: 2026-12-02T17:00Z for the edition of 2026-12-03.
  const cutoff = new Date('2026-12-02T17:00:00Z');
  const zone = 'Pacific/Auckland';

  it('is the reader hour on the edition date, clamped to the 24 h after the cut-off', () => {
    expect(iso(dueAt('2026-12-03', cutoff, { frequency: 'daily', timezone: 'Asia/Tokyo', sendHour: 7 }, zone))).toBe('2026-12-02T22:00:00.000Z');
    expect(iso(dueAt('2026-12-03', cutoff, { frequency: 'daily', timezone: 'America/Los_Angeles', sendHour: 7 }, zone))).toBe('2026-12-03T15:00:00.000Z');
    // Auckland 05:00 came before the cut-off: at once.
    expect(iso(dueAt('2026-12-03', cutoff, { frequency: 'daily', timezone: '', sendHour: 5 }, zone))).toBe(cutoff.toISOString());
    // Honolulu 23:00 on the 3rd is past cut-off + 24 h: 23:00 on the 2nd, the one within the 24 h.
    expect(iso(dueAt('2026-12-03', cutoff, { frequency: 'daily', timezone: 'Pacific/Honolulu', sendHour: 23 }, zone))).toBe('2026-12-03T09:00:00.000Z');
    expect(iso(dueAt('2026-12-03', cutoff, { frequency: 'daily', timezone: 'Europe/Berlin', sendHour: -1 }, zone))).toBe(cutoff.toISOString());
  });

  it('gets readers far west of the list the issue at their own hour, not all at the end of the 24 h', () => {
    // Auckland's cut-off is 07:00 in Honolulu; readers of 08:00 and 23:00 there are due at 08:00 and 23:00, a day apart from 07:00 neither.
    const honolulu = (h: number) => iso(dueAt('2026-12-03', cutoff, { frequency: 'daily', timezone: 'Pacific/Honolulu', sendHour: h }, zone));
    expect(honolulu(6)).toBe('2026-12-03T16:00:00.000Z');
    expect(honolulu(8)).toBe('2026-12-02T18:00:00.000Z');
    expect(honolulu(23)).toBe('2026-12-03T09:00:00.000Z');
    // A list in Tokyo cutting off at 06:00 (21:00Z the day before): a New York reader of 18:00 gets it at 18:00, not at 16:00.
    const tokyoCutoff = new Date('2026-12-02T21:00:00Z');
    expect(iso(dueAt('2026-12-03', tokyoCutoff, { frequency: 'daily', timezone: 'America/New_York', sendHour: 18 }, 'Asia/Tokyo'))).toBe('2026-12-02T23:00:00.000Z');
    expect(iso(dueAt('2026-12-03', tokyoCutoff, { frequency: 'daily', timezone: 'America/New_York', sendHour: 15 }, 'Asia/Tokyo'))).toBe('2026-12-03T20:00:00.000Z');
    // Weekly: Sunday 23:00 in Honolulu, a week after Auckland's Monday cut-off, is past the 7 days: the Sunday before.
    const weekly = new Date('2026-12-06T17:00:00Z');
    expect(iso(dueAt('2026-W49', weekly, { frequency: 'weekly:sun', timezone: 'Pacific/Honolulu', sendHour: 23 }, zone))).toBe('2026-12-07T09:00:00.000Z');
  });

  it('keeps daily readers off weekly editions and weekly readers off daily ones', () => {
    expect(dueAt('2026-12-03', cutoff, { frequency: 'weekly:mon', timezone: '', sendHour: 7 }, zone)).toBeNull();
    expect(dueAt('2026-W49', cutoff, { frequency: 'daily', timezone: '', sendHour: 7 }, zone)).toBeNull();
  });

  it('puts a weekly reader on their day of the following week at their hour (midnight when unset)', () => {
    // 2026-W49 is Mon 2026-11-30 … Sun 12-06; built at the first cut-off of W50 (Mon 12-07 06:00 Auckland = 12-06T17:00Z).
    const weekly = new Date('2026-12-06T17:00:00Z');
    expect(iso(dueAt('2026-W49', weekly, { frequency: 'weekly:wed', timezone: 'Europe/Berlin', sendHour: 8 }, zone))).toBe('2026-12-09T07:00:00.000Z');
    expect(iso(dueAt('2026-W49', weekly, { frequency: 'weekly:sun', timezone: 'Europe/Berlin', sendHour: -1 }, zone))).toBe('2026-12-12T23:00:00.000Z');
    // Monday 07:00 in Tokyo (12-06T22:00Z) is after the cut-off; Monday 05:00 in Auckland is before it: at once.
    expect(iso(dueAt('2026-W49', weekly, { frequency: 'weekly:mon', timezone: 'Asia/Tokyo', sendHour: 7 }, zone))).toBe('2026-12-06T22:00:00.000Z');
    expect(iso(dueAt('2026-W49', weekly, { frequency: 'weekly:mon', timezone: '', sendHour: 5 }, zone))).toBe(weekly.toISOString());
  });

  it('splits groups into due now and later, the later ones in time order', () => {
    const groups = [
      { frequency: 'daily', timezone: 'America/Los_Angeles', sendHour: 7 },
      { frequency: 'daily', timezone: 'Asia/Tokyo', sendHour: 7 },
      { frequency: 'daily', timezone: 'Europe/Berlin', sendHour: 7 },
      { frequency: 'weekly:mon', timezone: '', sendHour: -1 },
    ];
    const { due, later } = splitDue('2026-12-03', cutoff, groups, new Date('2026-12-03T00:00:00Z'), zone);
    expect(due.map((g) => g.timezone)).toEqual(['Asia/Tokyo']);
    expect(later.map((l) => [l.group.timezone, iso(l.at)])).toEqual([
      ['Europe/Berlin', '2026-12-03T06:00:00.000Z'],
      ['America/Los_Angeles', '2026-12-03T15:00:00.000Z'],
    ]);
  });
});
