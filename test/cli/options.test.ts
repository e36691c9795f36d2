// The command-line value parsers: what they accept, and the one-line hint they give for what they do not.
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/cli/options.js';

describe('parseInstant (send --at)', () => {
  it('reads an ISO time with its zone, to the instant it names', () => {
    expect(parseInstant('2026-12-03T08:00+01:00').toISOString()).toBe('2026-12-03T07:00:00.000Z');
    expect(parseInstant('2026-12-03T07:00:00Z').toISOString()).toBe('2026-12-03T07:00:00.000Z');
  });

  it('reads "now" as the moment it is given (cron runs `send --at now`)', () => {
    const before = Date.now();
    const at = parseInstant('now').getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a time without a zone, or not a time, saying how to write one', () => {
    for (const bad of ['2026-12-03T07:00', 'tomorrow', '2026-13-03T07:00Z']) {
      expect(() => parseInstant(bad)).toThrow(InvalidArgumentError);
    }
    // Days and hours that do not exist are refused with the same hint, not rolled over (to 2 March, to the next day).
    for (const bad of ['2026-02-30T07:00Z', '2026-04-31T07:00:00Z', '2026-12-03T25:00Z', '2026-12-03T24:00Z']) {
      expect(() => parseInstant(bad), bad).toThrow(/is not an ISO time with a zone; write it as e\.g\./);
    }
    expect(() => parseInstant('07:00')).toThrow(/write it as e\.g\. 2026-12-03T07:00:00Z or 2026-12-03T08:00\+01:00, or "now"/);
  });
});
