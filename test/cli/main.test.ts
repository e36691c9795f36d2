// The command table main.ts lists for --help without loading the commands, the
// version, and what the user sees when no command runs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { COMMANDS, gazetteVersion } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../helpers/cli.js';

describe('gazette main', () => {
  it('lists each command with the description its own file registers', async () => {
    const ctx = { io: { out: process.stdout, err: process.stderr, isTty: false }, boot: () => { throw new Error('not here'); }, setExitCode: () => {} } as unknown as CliContext;
    for (const entry of COMMANDS) {
      const program = new Command('gazette');
      (await entry.load())(program, ctx);
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered?.description(), entry.name).toBe(entry.summary);
    }
  });

  it('prints the version of package.json with --version and -V', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(gazetteVersion()).toBe(version);
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag], {});
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('lists every command with --help, and names an unknown one', async () => {
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(c.name);
    const unknown = await runCli(['sned'], {});
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'sned'/);
    const sub = await runCli(['help', 'status'], {});
    expect(sub.stdout).toContain('--limit');
  });

  // Issue 14 item 19: MAIL_FROM=nobody was checked late, after a log line, and read "the address the address is empty".
  it.each([
    ['nobody', 'it has no address (only the name "nobody")'],
    ['Gazette <>', 'it has no address (only the name "Gazette")'],
    ['a@example.org, b@example.org', 'it holds 2 addresses'],
    ['News <news@@example.org>', 'its address must contain exactly one "@", as in name@example.org'],
    ['News <news@localhost>', 'its address is not valid (expected something like name@example.org)'],
  ])('MAIL_FROM=%j stops every command at start with a clear message', async (mailFrom, why) => {
    for (const args of [['status'], ['send', '--dry-run'], ['serve', '--port', '0']]) {
      const r = await runCli(args, { MAIL_FROM: mailFrom, DATABASE_URL: 'sqlite:/nonexistent-gazette/g.db' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`gazette: Invalid configuration: MAIL_FROM must be one sender such as "Gazette <news@example.org>" or news@example.org, but ${why} (got ${JSON.stringify(mailFrom)}); fix it in .env or the environment, or unset it for the default "Gazette <gazette@example.com>".\n`);
    }
  });
});
