// `gazette build --week`: the weekly edition from the daily issues already
// sent, through the CLI as a user types it, on a real SQLite file.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createIssueStore } from '../../src/store/issues.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';

afterAll(cleanupTmp);

const article = (title: string, outlet: string, body: string) => `---
title: ${title}
outlet: ${outlet}
url: https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/${title.toLowerCase().replace(/\W+/g, '-')}
published: 2026-11-30T05:00:00Z
---
${body}
`;

function workspace() {
  const dir = tmpDir();
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'a.md'), article('The bridge reopens', 'River Post', 'The Elm Street bridge reopened to traffic on Monday after eighteen months of repairs. Engineers replaced the steel deck.'));
  writeFileSync(join(dir, 'content', 'b.md'), article('Library gets a new wing', 'Town Crier', 'The central library will add a children\'s wing with 40,000 books. Construction starts in March.'));
  return { dir, env: isolatedEnv(dir) };
}

/** Marks the issue of `key` as sent, as `send` does when delivery starts. */
async function freeze(dir: string, key: string) {
  const db = openSqlite(join(dir, 'data', 'gazette.db'));
  try {
    await createIssueStore({ kind: 'sqlite', db, path: join(dir, 'data', 'gazette.db') }).freeze(key, new Date('2026-11-30T07:00:00Z'));
  } finally {
    db.close();
  }
}

describe('gazette build --week', () => {
  const clock = manualClock('2026-11-30T06:00:00Z');

  it('builds the weekly edition from the week\'s sent dailies and writes out/<week>/', async () => {
    const { dir, env } = workspace();
    expect((await runCli(['build', '--date', '2026-11-30'], env, { clock })).code).toBe(0);
    // Not sent yet: the week has nothing to gather.
    const empty = await runCli(['build', '--week', '2026-W49'], env, { clock });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('Built the weekly edition of 2026-W49 (30 Nov – 6 Dec 2026): no daily issue of that week was sent, so it has no stories.');
    expect(empty.stdout).toContain('subject: Gazette, week of 30 Nov: nothing new this week');

    await freeze(dir, '2026-11-30');
    const r = await runCli(['build', '--week', '2026-W49'], env, { clock });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Built the weekly edition of 2026-W49 (30 Nov – 6 Dec 2026): 2 stories from 2 sources.');
    expect(r.stdout).toContain('out/2026-W49/email.html');
    const issue = JSON.parse(readFileSync(join(dir, 'out', '2026-W49', 'issue.json'), 'utf8'));
    expect(issue.date).toBe('2026-W49');
    expect(issue.intro).toEqual(['The week\'s most-covered stories, from 1 daily issue.']);
    expect(readFileSync(join(dir, 'out', '2026-W49', 'email.txt'), 'utf8')).toContain('Week of 30 November 2026');

    await freeze(dir, '2026-W49');
    const again = await runCli(['build', '--week', '2026-W49'], env, { clock });
    expect(again.stdout).toContain('The weekly edition of 2026-W49 (30 Nov – 6 Dec 2026), 2 stories from 2 sources, is already being delivered, so it was reused as it is, not rebuilt.');
  });

  it('refuses a week that does not exist, a date given as a week, and --date with --week', async () => {
    const { dir, env } = workspace();
    const bad = await runCli(['build', '--week', '2027-W53'], env, { clock });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"2027-W53" is not an ISO week; write it as YYYY-Www, e.g. 2026-W49.');
    const date = await runCli(['build', '--week', '2026-12-01'], env, { clock });
    expect(date.stderr).toContain('(2026-12-01 is in 2026-W49)');
    const both = await runCli(['build', '--date', '2026-11-30', '--week', '2026-W49'], env, { clock });
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('Give --date (a daily issue) or --week (a weekly edition), not both.');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
