// `gazette serve` as an operator runs it: a child process on a free port,
// mail through SMTP_URL, stopped cleanly by SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { isolatedEnv } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { postForm } from './support/harness.js';
import { confirmLinkIn, startInbox, type Inbox } from './support/smtp-inbox.js';

describe('gazette serve', () => {
  let inbox: Inbox;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let url: string;

  beforeAll(async () => {
    inbox = await startInbox();
    const dir = tmpDir();
    child = spawn(process.execPath, [resolve('bin', 'gazette.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...isolatedEnv(dir, { SMTP_URL: inbox.url, PUBLIC_URL: 'https://news.example.org', LOG_LEVEL: 'warn' }) },
    });
    child.stdout!.on('data', (c) => { stdout += c; });
    child.stderr!.on('data', (c) => { stderr += c; });
    while (!/Serving .* at (http:\/\/\S+)/.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`serve exited early:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    url = /Serving .* at (http:\/\/\S+)/.exec(stdout)![1]!;
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await inbox.close();
    cleanupTmp();
  });

  it('serves health, takes a subscription with its mail, and stops cleanly on SIGTERM', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok' });

    expect((await postForm(`${url}/subscribe`, { email: 'cli.reader@example.org' })).status).toBe(200);
    const link = new URL(confirmLinkIn(await inbox.nth(1)));
    expect(link.origin).toBe('https://news.example.org');
    const confirmed = await fetch(`${url}${link.pathname}${link.search}`);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('cli.reader@example.org is now subscribed');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stdout).toContain('Stopped.');
    expect(stderr).toBe('');
  });
});
