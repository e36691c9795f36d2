// Which articles count as "already sent": only those of issues whose delivery
// started, so a draft build or preview never takes anything from tomorrow.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { IssueStore } from '../../src/store/issues.js';
import { openSqlite } from '../../src/store/sqlite.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

function rendered(date: string, subject = `Issue ${date}`): RenderedIssue {
  const issue = { date, subject, preheader: '', stories: [], articleCount: 0, htmlBytes: 10 };
  return { issue, subject, preheader: '', html: '<p>x</p>', text: 'x' };
}

describe('IssueStore', () => {
  it('counts the articles of sent issues only, and only of earlier dates', () => {
    const store = new IssueStore(openSqlite(join(tmpDir(), 'g.db')));
    store.save(rendered('2026-11-20'), ['a', 'b'], new Date('2026-11-20T07:00:00Z'));
    expect(store.includedBefore('2026-11-21')).toEqual(new Set());
    store.freeze('2026-11-20', new Date('2026-11-20T07:01:00Z'));
    expect(store.includedBefore('2026-11-21')).toEqual(new Set(['a', 'b']));
    expect(store.includedBefore('2026-11-20')).toEqual(new Set());
  });

  it('never replaces an issue once frozen', () => {
    const store = new IssueStore(openSqlite(join(tmpDir(), 'g.db')));
    store.save(rendered('2026-11-20', 'first'), ['a'], new Date('2026-11-20T07:00:00Z'));
    store.save(rendered('2026-11-20', 'second'), ['b'], new Date('2026-11-20T07:05:00Z'));
    expect(store.get('2026-11-20')!.subject).toBe('second');
    store.freeze('2026-11-20', new Date('2026-11-20T07:06:00Z'));
    const kept = store.save(rendered('2026-11-20', 'third'), ['c'], new Date('2026-11-20T07:10:00Z'));
    expect(kept.subject).toBe('second');
    expect(store.listFrozen().map((i) => i.subject)).toEqual(['second']);
  });
});
