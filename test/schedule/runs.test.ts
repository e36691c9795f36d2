import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite.js';
import { emptyReport, lastSuccess, RunStore } from '../../src/store/runs.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { ownerId, thisMachine } from '../../src/process-owner.js';

afterAll(cleanupTmp);

describe('RunStore', () => {
  it('keeps a report per run with its duration, and knows which issues are settled', () => {
    const db = openSqlite(join(tmpDir(), 'g.db'));
    const runs = new RunStore(db);
    const id = runs.start('2026-11-22', 'me', new Date('2026-11-22T07:00:00Z'), new Date('2026-11-22T07:00:00Z'));
    expect(runs.settled('2026-11-22')).toBeNull();
    runs.finish(id, { ...emptyReport('interrupted', 'SIGTERM'), recipients: 10, sent: 4 }, new Date('2026-11-22T07:00:02.500Z'));
    expect(runs.settled('2026-11-22')).toBeNull();
    const id2 = runs.start('2026-11-22', 'me', new Date('2026-11-22T07:01:00Z'));
    runs.finish(id2, { ...emptyReport('sent'), sourcesFetched: 2, sourcesFailed: 1, articles: 9, stories: 5, recipients: 10, sent: 6, skipped: 4 }, new Date('2026-11-22T07:01:01Z'));
    const settled = runs.settled('2026-11-22');
    expect(settled).toMatchObject({ id: id2, outcome: 'sent', durationMs: 1000, sent: 6, skipped: 4, failed: 0, articles: 9, stories: 5, sourcesFailed: 1 });
    expect(runs.forIssue('2026-11-22').map((r) => [r.outcome, r.durationMs, r.reason ?? null])).toEqual([['interrupted', 2500, 'SIGTERM'], ['sent', 1000, null]]);
    expect(runs.recent(1)[0]?.id).toBe(id2);
    expect(lastSuccess(db)).toEqual({ issue: '2026-11-22', finishedAt: '2026-11-22T07:01:01.000Z', outcome: 'sent' });
  });

  it('has no last success until a run sends or finds nothing new', () => {
    const db = openSqlite(join(tmpDir(), 'g.db'));
    const runs = new RunStore(db);
    runs.record('2026-11-21', 'me', new Date('2026-11-21T12:00:00Z'), emptyReport('missed', 'down'));
    runs.record('2026-11-22', 'me', new Date('2026-11-22T07:00:00Z'), emptyReport('failed', 'template'));
    expect(lastSuccess(db)).toBeNull();
    expect(runs.settled('2026-11-21')?.outcome).toBe('missed');
    expect(runs.settled('2026-11-22')).toBeNull();
  });
});

describe('a run whose process died before recording its end', () => {
  it('shows as failed with the reason, never as running forever, and is closed by the next run', async () => {
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const db = openSqlite(join(tmpDir(), 'g.db'));
    const runs = new RunStore(db);
    const orphan = runs.start('2026-11-23', `${thisMachine()}:${dead.stdout}`, new Date('2026-11-23T07:00:00Z'));
    const alive = runs.start('2026-11-23', ownerId(), new Date('2026-11-23T07:00:01Z'));
    const seen = runs.recent();
    expect(seen.find((r) => r.id === alive)).toMatchObject({ outcome: 'running' });
    expect(seen.find((r) => r.id === orphan)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/ended without recording how this run ended.*gazette send --date 2026-11-23/) });
    runs.start('2026-11-24', 'me', new Date('2026-11-24T07:00:00Z'));
    expect(db.prepare('SELECT outcome FROM runs WHERE id = ?').pluck().get(orphan)).toBe('failed');
    db.close();
  });
});
