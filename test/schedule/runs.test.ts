// Run reports on both engines.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRunStore, emptyReport, lastSuccess, type RunStore } from '../../src/store/runs.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { ownerId, thisMachine } from '../../src/process-owner.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

describeEngines('RunStore', (kind) => {
  let t: TestEngine;
  let runs: RunStore;
  beforeEach(async () => {
    t = await freshEngine(kind);
    runs = createRunStore(t.engine);
  });
  afterEach(async () => { await t.close(); });

  it('keeps a report per run with its duration, and knows which issues are settled', async () => {
    const id = await runs.start('2026-11-22', 'me', new Date('2026-11-22T07:00:00Z'), new Date('2026-11-22T07:00:00Z'));
    expect(await runs.settled('2026-11-22')).toBeNull();
    await runs.finish(id, { ...emptyReport('interrupted', 'SIGTERM'), recipients: 10, sent: 4 }, new Date('2026-11-22T07:00:02.500Z'));
    expect(await runs.settled('2026-11-22')).toBeNull();
    const id2 = await runs.start('2026-11-22', 'me', new Date('2026-11-22T07:01:00Z'));
    await runs.finish(id2, { ...emptyReport('sent'), sourcesFetched: 2, sourcesFailed: 1, articles: 9, stories: 5, recipients: 10, sent: 6, skipped: 4 }, new Date('2026-11-22T07:01:01Z'));
    const settled = await runs.settled('2026-11-22');
    expect(settled).toMatchObject({ id: id2, outcome: 'sent', durationMs: 1000, sent: 6, skipped: 4, failed: 0, articles: 9, stories: 5, sourcesFailed: 1 });
    expect((await runs.forIssue('2026-11-22')).map((r) => [r.outcome, r.durationMs, r.reason ?? null])).toEqual([['interrupted', 2500, 'SIGTERM'], ['sent', 1000, null]]);
    expect((await runs.recent(1))[0]?.id).toBe(id2);
    expect(await lastSuccess(runs)).toEqual({ issue: '2026-11-22', finishedAt: '2026-11-22T07:01:01.000Z', outcome: 'sent' });
  });

  it('has no last success until a run sends or finds nothing new', async () => {
    await runs.record('2026-11-21', 'me', new Date('2026-11-21T12:00:00Z'), emptyReport('missed', 'down'));
    await runs.record('2026-11-22', 'me', new Date('2026-11-22T07:00:00Z'), emptyReport('failed', 'template'));
    expect(await lastSuccess(runs)).toBeNull();
    expect((await runs.settled('2026-11-21'))?.outcome).toBe('missed');
    expect(await runs.settled('2026-11-22')).toBeNull();
    // A running run (no finish time yet) is never the last success.
    await runs.start('2026-11-23', ownerId(), new Date('2026-11-23T07:00:00Z'));
    await runs.record('2026-11-20', 'me', new Date('2026-11-20T07:00:00Z'), emptyReport('empty'));
    expect((await lastSuccess(runs))?.issue).toBe('2026-11-20');
  });

  it('shows a run whose process died before recording its end as failed, never running forever, and the next run closes it', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const orphan = await runs.start('2026-11-23', `${thisMachine()}:${dead.stdout}`, new Date('2026-11-23T07:00:00Z'));
    const alive = await runs.start('2026-11-23', ownerId(), new Date('2026-11-23T07:00:01Z'));
    const seen = await runs.recent();
    expect(seen.find((r) => r.id === alive)).toMatchObject({ outcome: 'running' });
    expect(seen.find((r) => r.id === orphan)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/ended without recording how this run ended.*gazette send --date 2026-11-23/) });
    // Starting `alive` already closed the orphan in the table itself, not only as
    // seen: another connection reads it so, with the time it was found.
    const stored = await createRunStore(t.another()).forIssue('2026-11-23');
    expect(stored.find((r) => r.id === orphan)).toMatchObject({ outcome: 'failed', finishedAt: '2026-11-23T07:00:01.000Z' });
    expect(stored.find((r) => r.id === alive)).toMatchObject({ outcome: 'running', finishedAt: null });
  });
});
