// `gazette serve` as an operator runs it: a child process on a free port,
// mail through SMTP_URL, stopped cleanly by SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { isolatedEnv } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { postForm } from './support/harness.js';
import { startServeChild, type ServeChild } from './support/serve-child.js';
import { confirmLinkIn, startInbox, type Inbox } from './support/smtp-inbox.js';

describe('gazette serve', () => {
  let inbox: Inbox;
  let serve: ServeChild;
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    inbox = await startInbox();
    const dir = tmpDir();
    serve = await startServeChild(dir, isolatedEnv(dir, { SMTP_URL: inbox.url, PUBLIC_URL: 'https://news.example.org', LOG_LEVEL: 'warn' }));
    ({ child, url } = serve);
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
    expect(serve.stdout()).toContain('Stopped.');
    expect(serve.stderr()).toBe('');
  });
});
