import { describe, expect, it } from 'vitest';
import { createTask, getTasks } from 'node-cron';
import { cronSpec, formatInZone } from '../../src/schedule/cron-spec.js';
import { isGazetteError } from '../../src/errors.js';

function nextN(expr: string, tz: string, from: string, n: number): string[] {
  const spec = cronSpec(expr, tz);
  const out: string[] = [];
  let t: Date | null = new Date(from);
  while (out.length < n && (t = spec.next(t))) out.push(t.toISOString());
  return out;
}

describe('cronSpec', () => {
  it('fires at 07:00 Paris time on both sides of the spring change (06:00Z, then 05:00Z)', () => {
    expect(nextN('0 7 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T06:00:00.000Z', '2026-03-29T05:00:00.000Z', '2026-03-30T05:00:00.000Z', '2026-03-31T05:00:00.000Z',
    ]);
  });

  it('fires at 07:00 New York time across the autumn change (11:00Z, then 12:00Z)', () => {
    expect(nextN('0 7 * * *', 'America/New_York', '2026-10-31T00:00:00Z', 3)).toEqual([
      '2026-10-31T11:00:00.000Z', '2026-11-01T12:00:00.000Z', '2026-11-02T12:00:00.000Z',
    ]);
  });

  it('runs a time in the hour repeated in autumn once, at its first pass, as node-cron does', () => {
    // 01:30 happens twice in New York on 1 November 2026: 05:30Z (EDT) and 06:30Z (EST).
    expect(nextN('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    expect(cronSpec('30 1 * * *', 'America/New_York').prev(new Date('2026-11-01T07:00:00Z'))?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // Every 20 minutes through the repeated hour: nothing twice.
    const runs = nextN('*/20 1 * * *', 'America/New_York', '2026-11-01T04:00:00Z', 4);
    expect(runs).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T05:20:00.000Z', '2026-11-01T05:40:00.000Z', '2026-11-02T06:00:00.000Z']);
  });

  it('finds the most recent run at or before a time, in the zone', () => {
    const spec = cronSpec('0 7 * * *', 'Europe/Paris');
    expect(spec.prev(new Date('2026-03-29T05:00:00Z'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(spec.prev(new Date('2026-03-29T04:59:59Z'))?.toISOString()).toBe('2026-03-28T06:00:00.000Z');
  });

  it('takes six fields with seconds, and zones with a 45-minute offset', () => {
    const spec = cronSpec('*/20 * * * * *', 'Asia/Kathmandu');
    expect(spec.next(new Date('2026-01-01T00:00:05Z'))?.toISOString()).toBe('2026-01-01T00:00:20.000Z');
    expect(spec.prev(new Date('2026-01-01T00:00:05Z'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    // 07:00 in Kathmandu (UTC+05:45) is 01:15Z.
    expect(nextN('0 7 * * *', 'Asia/Kathmandu', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-01T01:15:00.000Z']);
  });

  it('agrees with node-cron\'s own next runs', () => {
    for (const expr of ['0 7 * * *', '15 */6 * * 1-5', '0 9 * * 1#2', '30 8 L * *']) {
      const task = createTask(expr, () => undefined, { timezone: 'America/New_York' });
      const from = new Date();
      const theirs = task.getNextRuns(3).map((d) => d.toISOString());
      expect(nextN(expr, 'America/New_York', from.toISOString(), 3), expr).toEqual(theirs);
    }
  });

  it('rejects a bad expression or zone with an error naming the variable', () => {
    for (const [expr, tz, variable] of [['61 7 * * *', 'UTC', 'GAZETTE_SCHEDULE'], ['0 7 * *', 'UTC', 'GAZETTE_SCHEDULE'], ['0 7 * * *', 'Mars/Olympus', 'GAZETTE_TZ']] as const) {
      let caught: unknown;
      try { cronSpec(expr, tz); } catch (err) { caught = err; }
      expect(isGazetteError(caught, 'CONFIG')).toBe(true);
      expect((caught as Error).message).toContain(variable);
    }
  });

  it('leaves nothing in node-cron\'s task registry', () => {
    const before = getTasks().size;
    for (let i = 0; i < 5; i++) cronSpec('0 7 * * *', 'UTC').next(new Date());
    expect(getTasks().size).toBe(before);
  });

  it('writes a time in its zone with the offset', () => {
    expect(formatInZone(new Date('2026-03-29T05:00:00Z'), 'Europe/Paris')).toBe('2026-03-29 07:00 (UTC+02:00)');
    expect(formatInZone(new Date('2026-01-01T00:00:20Z'), 'UTC')).toBe('2026-01-01 00:00:20 (UTC+00:00)');
    expect(formatInZone(new Date('2026-01-01T00:01:00Z'), 'UTC', true)).toBe('2026-01-01 00:01:00 (UTC+00:00)');
    expect(cronSpec('0 7 * * *', 'UTC').hasSeconds).toBe(false);
    expect(cronSpec('0 0 7 * * *', 'UTC').hasSeconds).toBe(true);
  });
});
