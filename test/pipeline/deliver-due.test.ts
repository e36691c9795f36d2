// Each reader's digest at their own hour: an injected clock stepped through
// the day, deliverDue at every step, a real SMTP server, both engines. What
// arrived when is read from the server's capture against the clock.
import { afterAll, afterEach, expect, it } from 'vitest';
import { describeEngines } from '../deliver/helpers/engines.js';
import { sectionedIssue, TITLES } from '../deliver/helpers/sectioned.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { dueDay, storeEdition, type DueDay } from './helpers/due-day.js';
import { setPrefs } from '../deliver/helpers/prefs.js';
import { deliverDue } from '../../src/pipeline/deliver-due.js';

afterAll(cleanupTmp);
const FIVE_MIN = 5 * 60_000;

/** Each address's arrival times. */
const timesOf = (day: DueDay) => {
  const out: Record<string, string[]> = {};
  for (const a of day.arrivals) (out[a.to] ??= []).push(a.at);
  return out;
};

describeEngines('deliverDue', (kind) => {
  let day: DueDay | undefined;
  afterEach(async () => { await day?.close(); day = undefined; });

  it('gets each reader the day\'s issue once at their local 07:00 in Tokyo, Berlin and Los Angeles, across a restart', async () => {
    // A list in Auckland whose cut-off is 06:00 there: 2026-12-02T17:00Z for the issue of 2026-12-03.
    day = await dueDay(kind, 'Pacific/Auckland', '2026-12-02T16:00:00Z', {
      'tokyo@example.org': { timezone: 'Asia/Tokyo', send_hour: 7 },
      'berlin@example.org': { timezone: 'Europe/Berlin', send_hour: 7, topics: 'Science' },
      'la@example.org': { timezone: 'America/Los_Angeles', send_hour: 7 },
      'soon@example.org': {},
      'weekly@example.org': { frequency: 'weekly:thu' },
    });
    // Nothing is open before the edition is frozen.
    expect(await day.run('2026-12-02T16:55:00Z', FIVE_MIN)).toEqual(Array(12).fill([]));
    await storeEdition(day.app, await sectionedIssue('2026-12-03'), '2026-12-02T17:00:00Z');
    day.clock.set('2026-12-02T17:00:00Z');
    const first = await day.run('2026-12-02T17:00:00Z', FIVE_MIN);
    expect(first[0]![0]).toMatchObject({ edition: '2026-12-03', kind: 'daily', sent: 1, due: 1, notYetDue: 3, nextDueAt: '2026-12-02T22:00:00.000Z', later: [
      { at: '2026-12-02T22:00:00.000Z', subscribers: 1 }, { at: '2026-12-03T06:00:00.000Z', subscribers: 1 }, { at: '2026-12-03T15:00:00.000Z', subscribers: 1 }] });

    await day.run('2026-12-03T10:00:00Z', FIVE_MIN);
    // A new process on the same database, mid-day: it resumes, and sends nobody a second copy.
    await day.restart();
    day.clock.advance(FIVE_MIN);
    await day.run('2026-12-04T18:00:00Z', FIVE_MIN);

    expect(timesOf(day)).toEqual({
      'soon@example.org': ['2026-12-02T17:00:00.000Z'],
      'tokyo@example.org': ['2026-12-02T22:00:00.000Z'],
      'berlin@example.org': ['2026-12-03T06:00:00.000Z'],
      'la@example.org': ['2026-12-03T15:00:00.000Z'],
    });
    expect(day.arrivals.every((a) => a.edition === '2026-12-03')).toBe(true);
    // Each copy is dated when its reader fell due, not at the cut-off.
    expect(day.arrivals.every((a) => a.date === a.at)).toBe(true);
    const berlin = day.arrivals.find((a) => a.to === 'berlin@example.org')!;
    expect(berlin.text).toContain(TITLES.Science);
    expect(berlin.text).not.toContain(TITLES.World);
    // The edition closes 48 h after its cut-off.
    expect(await day.run('2026-12-04T18:00:00Z', FIVE_MIN)).toEqual([[]]);
  });

  it('sends each copy once when two processes deliver what is due at the same moments', async () => {
    day = await dueDay(kind, 'Pacific/Auckland', '2026-12-02T17:00:00Z', Object.fromEntries(Array.from({ length: 30 }, (_, i) => [
      `r${i}@example.org`, { timezone: ['Asia/Tokyo', 'Europe/Berlin', 'America/Los_Angeles'][i % 3]!, send_hour: 7, topics: i % 2 ? 'Science' : '' },
    ])));
    await storeEdition(day.app, await sectionedIssue('2026-12-03'), '2026-12-02T17:00:00Z');
    const second = day.another();
    let renders = 0;
    for (let t = new Date('2026-12-02T17:00:00Z').getTime(); t <= new Date('2026-12-03T18:00:00Z').getTime(); t += 30 * 60_000) {
      day.clock.set(new Date(t));
      const both = await Promise.all([deliverDue(day.app, day.clock.now()), deliverDue(second, day.clock.now())]);
      renders += both.flat().reduce((n, r) => n + r.renders, 0);
      await day.collect();
    }
    const times = timesOf(day);
    expect(Object.keys(times)).toHaveLength(30);
    expect(Object.values(times).every((t) => t.length === 1)).toBe(true);
    expect(times['r0@example.org']).toEqual(['2026-12-02T22:00:00.000Z']);
    expect(times['r1@example.org']).toEqual(['2026-12-03T06:00:00.000Z']);
    expect(times['r2@example.org']).toEqual(['2026-12-03T15:00:00.000Z']);
    // The Science variant is rendered at most once per process, and one rendering is stored and sent by both.
    expect(renders).toBeGreaterThanOrEqual(1);
    expect(renders).toBeLessThanOrEqual(2);
    expect(await day.db.all('SELECT variant FROM issue_variants')).toEqual([{ variant: 'science' }]);
    const science = day.arrivals.filter((a) => !a.text.includes(TITLES.World));
    expect(science).toHaveLength(15);
    expect(new Set(science.map((a) => a.subject)).size).toBe(1);
  });

  it('sends nobody the issue twice or not at all across the spring change in Berlin', async () => {
    // Cut-off at midnight Berlin (23:00Z); the clocks jump from 02:00 to 03:00 at 01:00Z.
    day = await dueDay(kind, 'Europe/Berlin', '2026-03-28T23:00:00Z', {
      'h1@example.org': { send_hour: 1 }, 'h2@example.org': { send_hour: 2 }, 'h3@example.org': { send_hour: 3 }, 'h7@example.org': { send_hour: 7 },
    });
    await storeEdition(day.app, await sectionedIssue('2026-03-29'), '2026-03-28T23:00:00Z');
    await day.run('2026-03-30T00:00:00Z', FIVE_MIN);
    expect(timesOf(day)).toEqual({
      'h1@example.org': ['2026-03-29T00:00:00.000Z'],
      'h2@example.org': ['2026-03-29T01:00:00.000Z'],
      'h3@example.org': ['2026-03-29T01:00:00.000Z'],
      'h7@example.org': ['2026-03-29T05:00:00.000Z'],
    });
  });

  it('sends nobody the issue twice or not at all across the autumn change in Los Angeles', async () => {
    // Cut-off at midnight PDT (07:00Z); 01:00 happens at 08:00Z and again at 09:00Z.
    day = await dueDay(kind, 'America/Los_Angeles', '2026-11-01T07:00:00Z', {
      'h1@example.org': { send_hour: 1 }, 'h2@example.org': { send_hour: 2 }, 'h7@example.org': { send_hour: 7 },
    });
    await storeEdition(day.app, await sectionedIssue('2026-11-01'), '2026-11-01T07:00:00Z');
    await day.run('2026-11-02T12:00:00Z', FIVE_MIN);
    expect(timesOf(day)).toEqual({
      'h1@example.org': ['2026-11-01T08:00:00.000Z'],
      'h2@example.org': ['2026-11-01T10:00:00.000Z'],
      'h7@example.org': ['2026-11-01T15:00:00.000Z'],
    });
  });

  it('gets a reader who joins, or switches from weekly to daily, mid-day only the latest daily edition, not yesterday\'s too', async () => {
    // Cut-off 06:00 London; yesterday's edition is still open (48 h) when the readers arrive at 10:00.
    day = await dueDay(kind, 'Europe/London', '2026-12-02T06:00:00Z', {
      'old@example.org': { send_hour: 7 }, 'switch@example.org': { send_hour: 7, frequency: 'weekly:wed' },
    });
    await storeEdition(day.app, await sectionedIssue('2026-12-02'), '2026-12-02T06:00:00Z');
    await day.run('2026-12-03T05:00:00Z', 60 * 60_000);
    await storeEdition(day.app, await sectionedIssue('2026-12-03'), '2026-12-03T06:00:00Z');
    day.clock.set('2026-12-03T10:00:00Z');
    await day.app.subscribers().upsertMany([{ email: 'new@example.org', status: 'confirmed' }], { source: 'cli', reason: 'test' });
    await setPrefs(day.app.engine(), 'new@example.org', { send_hour: 7 });
    await setPrefs(day.app.engine(), 'switch@example.org', { frequency: 'daily' });
    await day.run('2026-12-03T12:00:00Z', FIVE_MIN);
    const editions = (to: string) => day!.arrivals.filter((a) => a.to === to).map((a) => a.edition);
    expect(editions('old@example.org')).toEqual(['2026-12-02', '2026-12-03']);
    expect(editions('new@example.org')).toEqual(['2026-12-03']);
    expect(editions('switch@example.org')).toEqual(['2026-12-03']);
  });

  it('still gets readers today\'s edition at their hour when an older date was frozen later by hand', async () => {
    day = await dueDay(kind, 'Europe/London', '2026-12-03T06:00:00Z', { 'ten@example.org': { send_hour: 10 } });
    await storeEdition(day.app, await sectionedIssue('2026-12-03'), '2026-12-03T06:00:00Z');
    await day.run('2026-12-03T09:00:00Z', FIVE_MIN);
    // An operator sends an old, never-sent date at 09:00: it is frozen now, after today's.
    await storeEdition(day.app, await sectionedIssue('2026-11-01'), '2026-12-03T09:00:00Z');
    await day.run('2026-12-03T11:00:00Z', FIVE_MIN);
    expect(day.arrivals.filter((a) => a.to === 'ten@example.org').map((a) => [a.edition, a.at])).toContainEqual(['2026-12-03', '2026-12-03T10:00:00.000Z']);
  });

  it('still delivers to everyone when one reader\'s stored time zone is unknown to this runtime', async () => {
    // A zone written by a process with a newer time zone database (or by hand) that this one's Intl refuses.
    day = await dueDay(kind, 'Europe/London', '2026-12-03T06:00:00Z', {
      'ok@example.org': { send_hour: 7 }, 'odd@example.org': { timezone: 'Mars/Olympus_Mons', send_hour: 7 },
    });
    await storeEdition(day.app, await sectionedIssue('2026-12-03'), '2026-12-03T06:00:00Z');
    await day.run('2026-12-03T08:00:00Z', FIVE_MIN);
    // The unknown zone is read as the list's: that reader gets it at 07:00 London too.
    expect(timesOf(day)).toEqual({ 'ok@example.org': ['2026-12-03T07:00:00.000Z'], 'odd@example.org': ['2026-12-03T07:00:00.000Z'] });
  });

  it('gets weekly readers exactly one weekly edition on their day, and daily readers none', async () => {
    // The edition of 2026-W49, frozen at the first cut-off of W50 (Monday 06:00 Auckland = 2026-12-06T17:00Z).
    day = await dueDay(kind, 'Pacific/Auckland', '2026-12-06T17:00:00Z', {
      'wed@example.org': { frequency: 'weekly:wed', timezone: 'Europe/Berlin', send_hour: 8 },
      'mon@example.org': { frequency: 'weekly:mon' },
      'sport@example.org': { frequency: 'weekly:fri', timezone: 'America/Los_Angeles', send_hour: 18, topics: 'Sport' },
      'daily@example.org': {},
    });
    await storeEdition(day.app, await sectionedIssue('2026-W49'), '2026-12-06T17:00:00Z');
    const reports = await day.run('2026-12-15T00:00:00Z', 60 * 60_000);
    expect(timesOf(day)).toEqual({
      'mon@example.org': ['2026-12-06T17:00:00.000Z'],
      'wed@example.org': ['2026-12-09T07:00:00.000Z'],
      'sport@example.org': ['2026-12-12T02:00:00.000Z'],
    });
    expect(day.arrivals.every((a) => a.edition === '2026-W49')).toBe(true);
    const sport = day.arrivals.find((a) => a.to === 'sport@example.org')!;
    expect(sport.text).toContain(TITLES.Sport);
    expect(sport.text).not.toContain(TITLES.Science);
    // One render for the one topics variant, over the whole week.
    expect(reports.flat().reduce((n, r) => n + r.renders, 0)).toBe(1);
  });
});
