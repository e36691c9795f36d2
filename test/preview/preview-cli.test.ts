// `gazette preview` as a user runs it: a real child process (bin/gazette.js)
// that prints where the page is, serves it, and stops cleanly on SIGTERM; and
// the errors it gives instead of a stack trace.
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { cleanupTmp } from '../helpers/tmp.js';
import { runCli } from '../helpers/cli.js';
import { BRIDGE, workspace } from './workspace.js';

afterAll(cleanupTmp);

describe('gazette preview (command line)', () => {
  it('prints the URL on 127.0.0.1, serves the page, and exits 0 on SIGTERM', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE] });
    const child = spawn(process.execPath, ['bin/gazette.js', 'preview', '--port', '0', '--content', ws.content, '--date', '2026-11-22'], {
      env: { ...ws.env, PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Whatever fails below, the child does not outlive the test.
    onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        stdout += c;
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)[\s\S]*press Ctrl-C to stop\./.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`preview exited (${code}) before printing its URL:\n${stdout}\n${stderr}`)));
    });
    expect(stdout).toContain('Preview of the issue of 2026-11-22 at');
    expect(stdout).toContain(`Watching ${ws.content}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The bridge reopens');
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toBe('');
  });

  it('says which port is taken and what to do', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE] });
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['preview', '--port', String(port), '--content', ws.content], ws.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use; pass --port N (or --port 0 for any free one).`);
    } finally {
      blocker.close();
    }
  });

  it('has --help and refuses a bad port', async () => {
    const ws = workspace();
    const help = await runCli(['preview', '--help'], ws.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--port <N>/);
    expect(help.stdout).toMatch(/--content <dir>/);
    const bad = await runCli(['preview', '--port', '99999'], ws.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/"99999" is not a port number/);
  });
});
