import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

afterAll(cleanupTmp);

function workspace(files: Record<string, string> = {}) {
  const dir = tmpDir();
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'content', name), body);
  return { dir, env: isolatedEnv(dir) };
}

const BODIES: Record<string, string> = {
  'The bridge reopens': 'The Elm Street bridge reopened to traffic on Friday after eighteen months of repairs. Engineers replaced the steel deck and repainted the arches. Cyclists get a separate lane for the first time.',
  'Library gets a new wing': 'The central library will add a children\'s wing with 40,000 books. Construction starts in March and costs $3.1 million. Readers can vote on the name until December.',
  'Ferry timetable changes': 'Ferries to the islands will leave every forty minutes from Monday. The operator blamed a shortage of crew. Commuters called the change a disappointment.',
};
const article = (title: string, outlet: string) => `---
title: ${title}
outlet: ${outlet}
url: https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/story
published: 2026-11-21T08:00:00Z
---
${BODIES[title]}
`;

describe('gazette build', () => {
  it('writes email.html, email.txt and issue.json for the date and prints where', async () => {
    const { dir, env } = workspace({ 'a.md': article('The bridge reopens', 'River Post'), 'b.md': article('Library gets a new wing', 'Town Crier') });
    const r = await runCli(['build', '--date', '2026-11-20'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Built the issue of 2026-11-20/);
    expect(r.stdout).toContain('out/2026-11-20/email.html');
    for (const f of ['email.html', 'email.txt', 'issue.json']) expect(existsSync(join(dir, 'out', '2026-11-20', f))).toBe(true);
    const issue = JSON.parse(readFileSync(join(dir, 'out', '2026-11-20', 'issue.json'), 'utf8'));
    expect(issue.date).toBe('2026-11-20');
    expect(issue.articleCount).toBe(2);
    expect(issue.stories.map((s: { title: string }) => s.title).sort()).toEqual(['Library gets a new wing', 'The bridge reopens']);
    // htmlBytes is the rendered size; the file differs only by the sample recipient's fields.
    expect(Math.abs(issue.htmlBytes - readFileSync(join(dir, 'out', '2026-11-20', 'email.html')).length)).toBeLessThan(200);
    // The preview files hold a sample recipient, never the raw markers.
    expect(readFileSync(join(dir, 'out', '2026-11-20', 'email.html'), 'utf8')).not.toMatch(/GZ[A-Z]+GZ/);
    expect(readFileSync(join(dir, 'out', '2026-11-20', 'email.txt'), 'utf8')).toContain('Your preferences (time, frequency, topics): http://localhost:8080/preferences\n');
  });

  it('--json prints issue.json to stdout in the contract shape', async () => {
    const { env } = workspace({ 'a.md': article('The bridge reopens', 'River Post') });
    const r = await runCli(['build', '--json', '--date', '2026-11-20'], env);
    expect(r.code).toBe(0);
    const issue = JSON.parse(r.stdout);
    expect(Object.keys(issue)).toEqual(expect.arrayContaining(['date', 'subject', 'stories', 'articleCount', 'htmlBytes']));
    const s = issue.stories[0];
    expect(typeof s.summary).toBe('string');
    expect(s.sources[0]).toEqual({ title: 'The bridge reopens', url: 'https://riverpost.example/story', outlet: 'River Post', published: '2026-11-21T08:00:00.000Z' });
  });

  it('skips a broken file with a warning naming it, and builds the rest', async () => {
    const { env } = workspace({ 'a.md': article('The bridge reopens', 'River Post'), 'broken.md': '---\ntitle: [oops\n---\ntext' });
    const r = await runCli(['build', '--date', '2026-11-20'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: skipped .*broken\.md: the front matter is not valid YAML/);
    expect(r.stdout).toMatch(/1 story from 1 article \(1 input skipped\)/);
  });

  it('--content overrides the configured folder', async () => {
    const { env } = workspace();
    const other = tmpDir();
    writeFileSync(join(other, 'x.md'), article('Ferry timetable changes', 'Quay News'));
    const r = await runCli(['build', '--json', '--content', other, '--date', '2026-11-20'], env);
    expect(JSON.parse(r.stdout).stories[0].title).toBe('Ferry timetable changes');
  });

  it('refuses a bad --date and a bad setting with the fix, on stderr, exit 1', async () => {
    const { env } = workspace();
    const bad = await runCli(['build', '--date', '2026-02-30'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"2026-02-30" is not a date; write it as YYYY-MM-DD/);
    const cfg = await runCli(['build'], { ...env, GAZETTE_TZ: 'Mars/Olympus' });
    expect(cfg.code).toBe(1);
    expect(cfg.stderr).toMatch(/GAZETTE_TZ must be an IANA time zone/);
    expect(cfg.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for a user error
  });

  it('has --help for the program and the command, and rejects an unknown command', async () => {
    const { env } = workspace();
    const help = await runCli(['build', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--date <YYYY-MM-DD>/);
    const top = await runCli(['--help'], env);
    expect(top.stdout).toMatch(/build/);
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command/);
  });

  it.skipIf(!hasShared('build from the seeds', 'seeds'))('builds from ../shared/seeds as a real child process (npx gazette)', () => {
    const { env } = workspace();
    const stdout = execFileSync(process.execPath, ['bin/gazette.js', 'build', '--json', '--content', sharedPath('seeds')], {
      env: { ...env, PATH: process.env.PATH ?? '' }, encoding: 'utf8',
    });
    const issue = JSON.parse(stdout);
    expect(issue.articleCount).toBe(2);
    const sources = issue.stories.flatMap((s: { sources: unknown[] }) => s.sources);
    expect(sources).toHaveLength(2);
  });
});
