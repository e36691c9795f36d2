// A content folder given with --content that is not there is the user's typo:
// one line saying so and a non-zero exit, before anything is built or reused.
// (The default content/ may be missing: test/cli/start.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';

afterAll(cleanupTmp);

describe('--content', () => {
  it.each([
    [['build']],
    [['build', '--date', '2026-11-21']],
    [['articles']],
    [['send', '--date', '2026-11-21']],
  ])('gazette %j --content MISSING stops with one line and exit 1', async (args) => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'content'));
    const env = isolatedEnv(dir);
    const missing = join(dir, 'no-such-folder');
    const r = await runCli([...args, '--content', missing], env);
    expect(r.code).not.toBe(0);
    // One line, plus the usage hint every argument error carries.
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toContain(`the folder "${missing}" does not exist`);
    expect(lines.slice(1)).toEqual(['(run with --help for usage)']);
    expect(r.stderr).not.toMatch(/unexpected error|    at /);
    expect(r.stdout).toBe('');
  });

  it('a file given as --content is refused too; a real folder builds', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content', 'a.md'), '---\ntitle: Harbour reopens\n---\nThe harbour reopened on Tuesday after the storm.\n');
    const env = isolatedEnv(dir);
    const file = await runCli(['build', '--content', join(dir, 'content', 'a.md')], env);
    expect(file.code).not.toBe(0);
    expect(file.stderr).toContain('is a file, not a folder');
    const ok = await runCli(['build', '--date', '2026-11-21', '--content', join(dir, 'content')], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 story from 1 article');
  });
});
