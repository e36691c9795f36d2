// Edition keys: the ISO week rules the weekly edition relies on.
import { describe, expect, it } from 'vitest';
import { datesOfWeek, editionKind, isRealEditionKey, weekOf } from '../../src/editions/edition.js';

describe('edition keys', () => {
  it('puts New Year\'s days in the week of their Thursday: 2026 has 53 weeks, 2027 52', () => {
    expect(weekOf('2026-12-31')).toBe('2026-W53');
    expect(weekOf('2027-01-03')).toBe('2026-W53');
    expect(weekOf('2027-01-04')).toBe('2027-W01');
    expect(weekOf('2027-12-31')).toBe('2027-W52');
    expect(datesOfWeek('2026-W53')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('knows real keys from look-alikes', () => {
    for (const key of ['2026-W01', '2026-W49', '2026-W53', '2020-W53', '2026-12-31', '2028-02-29']) expect(isRealEditionKey(key), key).toBe(true);
    for (const key of ['2027-W53', '2026-W00', '2026-W54', '2026-W5', '2026-02-30', '2027-02-29', '2026-w49', 'W49']) expect(isRealEditionKey(key), key).toBe(false);
    expect(editionKind('2026-W49')).toBe('weekly');
  });

  it('answers false, never throws, for a date-shaped key no calendar has', () => {
    for (const key of ['2026-13-01', '2026-00-10', '9999-99-99', '2026-01-32', '2026-01-00', '0000-00-00', '9999-W99', '0000-W00', '', '2026-W60']) {
      expect(() => isRealEditionKey(key), key).not.toThrow();
      expect(isRealEditionKey(key), key).toBe(false);
    }
    for (const key of ['0001-01-01', '9999-12-31']) expect(isRealEditionKey(key), key).toBe(true);
    expect(editionKind('2026-12-31')).toBe('daily');
  });
});
