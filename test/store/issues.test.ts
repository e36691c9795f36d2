// Which articles count as "already sent": only those of issues whose delivery
// started, so a draft build or preview never takes anything from tomorrow.
// Run on both engines.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { createIssueStore, type IssueStore } from '../../src/store/issues.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { describeEngines, freshEngine, type TestEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

function rendered(date: string, subject = `Issue ${date}`): RenderedIssue {
  const issue = { date, subject, preheader: '', stories: [], articleCount: 0, htmlBytes: 10 };
  return { issue, subject, preheader: '', html: '<p>x</p>', text: 'x' };
}

describeEngines('IssueStore', (kind) => {
  let t: TestEngine;
  let store: IssueStore;
  beforeEach(async () => {
    t = await freshEngine(kind);
    store = createIssueStore(t.engine);
  });
  afterEach(async () => { await t.close(); });

  it('counts the articles of sent issues only, and only of earlier dates', async () => {
    await store.save(rendered('2026-11-20'), ['a', 'b'], new Date('2026-11-20T07:00:00Z'));
    expect(await store.includedBefore('2026-11-21')).toEqual(new Set());
    await store.freeze('2026-11-20', new Date('2026-11-20T07:01:00Z'));
    expect(await store.includedBefore('2026-11-21')).toEqual(new Set(['a', 'b']));
    expect(await store.includedBefore('2026-11-20')).toEqual(new Set());
  });

  it('never replaces an issue once frozen', async () => {
    await store.save(rendered('2026-11-20', 'first'), ['a'], new Date('2026-11-20T07:00:00Z'));
    await store.save(rendered('2026-11-20', 'second'), ['b'], new Date('2026-11-20T07:05:00Z'));
    expect((await store.get('2026-11-20'))!.subject).toBe('second');
    await store.freeze('2026-11-20', new Date('2026-11-20T07:06:00Z'));
    const kept = await store.save(rendered('2026-11-20', 'third'), ['c'], new Date('2026-11-20T07:10:00Z'));
    expect(kept.subject).toBe('second');
    expect(kept.frozenAt).toBe('2026-11-20T07:06:00.000Z');
    expect((await store.listFrozen()).map((i) => i.subject)).toEqual(['second']);
    // The articles of the frozen issue stay those it was sent with.
    expect(await store.includedBefore('2026-11-21')).toEqual(new Set(['b']));
  });

  it('lists frozen issues newest first, up to the limit', async () => {
    for (const d of ['2026-11-18', '2026-11-20', '2026-11-19']) {
      await store.save(rendered(d), [], new Date(`${d}T07:00:00Z`));
      await store.freeze(d, new Date(`${d}T07:01:00Z`));
    }
    await store.save(rendered('2026-11-21'), [], new Date('2026-11-21T07:00:00Z'));
    expect((await store.listFrozen(2)).map((i) => i.date)).toEqual(['2026-11-20', '2026-11-19']);
    expect(await store.get('2026-11-22')).toBeNull();
  });

  it('lists daily and weekly editions by when their delivery started, not by key', async () => {
    // As strings, '2026-W49' sorts after '2026-12-08': the order must come from frozen_at.
    const sent: [string, string][] = [['2026-12-06', '2026-12-06T07:00:00Z'], ['2026-W49', '2026-12-07T08:00:00Z'], ['2026-12-07', '2026-12-07T07:00:00Z'], ['2026-12-08', '2026-12-08T07:00:00Z']];
    for (const [key, at] of sent) {
      await store.save(rendered(key), [], new Date(at));
      await store.freeze(key, new Date(at));
    }
    expect((await store.listFrozen()).map((i) => [i.date, i.frozenAt])).toEqual([
      ['2026-12-08', '2026-12-08T07:00:00.000Z'], ['2026-W49', '2026-12-07T08:00:00.000Z'],
      ['2026-12-07', '2026-12-07T07:00:00.000Z'], ['2026-12-06', '2026-12-06T07:00:00.000Z'],
    ]);
  });

  it('reads the frozen daily issues of a date range, oldest first, without drafts or weekly editions', async () => {
    for (const d of ['2026-12-27', '2026-12-28', '2026-12-31', '2027-01-03', '2027-01-04', '2026-W53']) {
      await store.save(rendered(d), [], new Date('2027-01-04T06:00:00Z'));
      await store.freeze(d, new Date('2027-01-04T07:00:00Z'));
    }
    await store.save(rendered('2027-01-01'), ['draft'], new Date('2027-01-01T06:00:00Z'));
    expect((await store.frozenDailies('2026-12-28', '2027-01-03')).map((i) => i.issue.date)).toEqual(['2026-12-28', '2026-12-31', '2027-01-03']);
    expect(await store.frozenDailies('2026-11-30', '2026-12-06')).toEqual([]);
  });

  it('never counts a weekly edition\'s articles as sent', async () => {
    await store.save(rendered('2026-W49'), ['w'], new Date('2026-12-07T07:00:00Z'));
    await store.freeze('2026-W49', new Date('2026-12-07T07:00:00Z'));
    expect(await store.includedBefore('2027-01-05')).toEqual(new Set());
  });
});
