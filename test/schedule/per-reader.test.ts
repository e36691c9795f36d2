// `gazette run`'s scheduler with the real job and the delivery ticker, on a
// manual clock and a real SMTP server, both engines: the issue is built and
// frozen at the cut-off, each reader gets it at their own hour, a restarted
// scheduler on the same database resumes without duplicates, and the weekly
// edition (built by an injected builder at the first cut-off of a week) goes to
// weekly readers on their day.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { schedulerFor } from '../../src/cli/run.js';
import type { Io } from '../../src/cli/context.js';
import { cronSpec } from '../../src/schedule/cron-spec.js';
import type { Scheduler } from '../../src/schedule/scheduler.js';
import type { BuiltIssue } from '../../src/pipeline/build-issue.js';
import { describeEngines } from '../deliver/helpers/engines.js';
import { sectionedIssue, TITLES } from '../deliver/helpers/sectioned.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { dueDay, type DueDay } from '../pipeline/helpers/due-day.js';

afterAll(cleanupTmp);

const article = `---
title: The bridge reopens
outlet: Harbour Times
url: https://harbour.example/bridge
published: 2026-12-06T08:00:00Z
---
The Elm Street bridge reopened on Sunday after eighteen months of repairs. Engineers replaced the steel deck. Cyclists get their own lane.
`;

const quietIo = (): Io & { lines: string[] } => {
  const lines: string[] = [];
  const sink = { write: (s: string) => { lines.push(s); return true; } };
  return { out: sink, err: sink, isTty: false, lines } as unknown as Io & { lines: string[] };
};

describeEngines('the scheduler delivers each reader at their hour', (kind) => {
  let day: DueDay | undefined;
  let scheduler: Scheduler | undefined;
  afterEach(async () => { await scheduler?.stop(); await day?.close(); day = scheduler = undefined; });

  it('builds at the cut-off, delivers across the day and a restart, and sends the weekly edition on its day', async () => {
    // Monday 2026-12-07, 05:00 Berlin: the first cut-off of ISO week 50 (06:00 Berlin = 05:00Z) is an hour away.
    day = await dueDay(kind, 'Europe/Berlin', '2026-12-07T04:00:00Z', {
      'tokyo@example.org': { timezone: 'Asia/Tokyo', send_hour: 7 },
      'berlin@example.org': { timezone: 'Europe/Berlin', send_hour: 7 },
      'la@example.org': { timezone: 'America/Los_Angeles', send_hour: 7 },
      'weekly@example.org': { frequency: 'weekly:tue', timezone: 'Europe/Berlin', send_hour: 9, topics: 'Sport' },
    });
    writeFileSync(join(day.dir, 'content', 'bridge.md'), article);
    const weeksBuilt: string[] = [];
    // Stands in for the weekly branch's build: stores an edition of the week (as the real one does) and returns it.
    const buildWeekly = async (week: string): Promise<BuiltIssue> => {
      weeksBuilt.push(week);
      const stored = await day!.app.issues().save(await sectionedIssue(week), [], day!.clock.now());
      return { stored, stories: [], plan: null, problems: [], dropped: [], reused: false, dir: '' };
    };
    const spec = cronSpec('0 6 * * *', 'Europe/Berlin');
    const io = quietIo();
    const start = () => schedulerFor(day!.app, io, { spec, owner: `test:${Math.random()}`, ticker: { start() {}, stop() {} }, every: () => () => {}, buildWeekly });
    scheduler = start();
    await scheduler.start();
    // The delivery tick start() began (a restart resumes at once) finishes before the clock moves on.
    await scheduler.idle();

    // Every 5 minutes: the cron tick when its instant comes, then the delivery tick.
    const step = async (until: string) => {
      const end = new Date(until).getTime();
      while (day!.clock.now().getTime() < end) {
        const before = day!.clock.now();
        day!.clock.advance(5 * 60_000);
        const cron = spec.next(before)!;
        if (cron.getTime() <= day!.clock.now().getTime()) await scheduler!.tick(cron);
        await scheduler!.deliveryTick();
        await day!.collect();
      }
    };
    await step('2026-12-07T11:00:00Z');
    await scheduler.stop();
    // A new process: a new app and scheduler on the same database.
    await day.restart();
    scheduler = start();
    await scheduler.start();
    // The delivery tick start() began (a restart resumes at once) finishes before the clock moves on.
    await scheduler.idle();
    await step('2026-12-09T12:00:00Z');

    const times: Record<string, string[]> = {};
    for (const a of day.arrivals) (times[a.to] ??= []).push(`${a.edition} ${a.at}`);
    expect(times).toEqual({
      // Tokyo's 07:00 on the 7th came before the cut-off: at once (the tick after 05:00Z).
      'tokyo@example.org': ['2026-12-07 2026-12-07T05:00:00.000Z'],
      'berlin@example.org': ['2026-12-07 2026-12-07T06:00:00.000Z'],
      'la@example.org': ['2026-12-07 2026-12-07T15:00:00.000Z'],
      'weekly@example.org': ['2026-W49 2026-12-08T08:00:00.000Z'],
    });
    expect(weeksBuilt).toEqual(['2026-W49']);
    const weekly = day.arrivals.find((a) => a.to === 'weekly@example.org')!;
    expect(weekly.text).toContain(TITLES.Sport);
    expect(weekly.text).not.toContain(TITLES.World);
    expect(io.lines.join('')).toMatch(/Issue 2026-12-07: sent; 1 sent/);
  });
});
