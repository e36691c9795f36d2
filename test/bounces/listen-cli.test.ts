// `gazette bounces --listen` as an operator runs it: a child process on a free
// port that takes a DSN by SMTP, prints what it did, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTmp } from '../helpers/tmp.js';
import { runCli } from '../helpers/cli.js';
import { startSink } from '../deliver/helpers/smtp-sink.js';
import { dsn } from './reports.js';
import { list, workspace } from './workspace.js';

afterAll(cleanupTmp);

const LISTENING = /Receiving mail for bounces\.example\.com and unsubscribe@example\.com at 127\.0\.0\.1:(\d+)/;

describe('gazette bounces --listen', () => {
  it('receives a bounce, marks the subscriber, and stops cleanly on SIGTERM', async () => {
    const sink = await startSink();
    try {
      const { dir, env } = await workspace(sink);
      expect((await runCli(['send', '--date', '2026-11-20', '--json'], env)).code).toBe(0);
      const verp = sink.received.find((m) => m.to[0] === 'dee@example.org')!.from;

      const child = spawn(process.execPath, [resolve('bin', 'gazette.js'), 'bounces', '--listen', '127.0.0.1:0'], { cwd: dir, env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'warn' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => { stdout += c; });
      child.stderr.on('data', (c) => { stderr += c; });
      try {
        while (!LISTENING.test(stdout)) {
          if (child.exitCode !== null) throw new Error(`bounces exited early:\n${stdout}\n${stderr}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const port = Number(LISTENING.exec(stdout)![1]);
        const mailer = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
        await mailer.sendMail({ envelope: { from: '', to: [verp] }, raw: dsn({ to: verp, finalRecipient: 'dee@example.org', status: '5.1.1', diagnostic: '550 5.1.1 no such user' }) });
        mailer.close();
        // The line is printed before the 250; the pipe may deliver it a moment later.
        while (!/^bounced /m.test(stdout) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
        expect(stdout).toMatch(/^bounced dee@example\.org: hard bounce to the issue of 2026-11-20: 5\.1\.1 550 5\.1\.1 no such user$/m);
        expect((await list(env)).get('dee@example.org')!.status).toBe('bounced');
      } finally {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = await exited;
        expect(code).toBe(0);
      }
      expect(stdout).toContain('Stopped.');
      expect(stderr).toBe('');
    } finally {
      await sink.close();
    }
  });

  it('says what to write when --listen is not [HOST:]PORT', async () => {
    const r = await runCli(['bounces', '--listen', 'localhost:http'], {});
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('"localhost:http" is not [HOST:]PORT; write e.g. 2525, 0.0.0.0:25 or [::]:25.');
  });
});
