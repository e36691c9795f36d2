// `gazette bounces --imap` against a real Dovecot on 127.0.0.1: returned mail
// appended to its INBOX is processed once, each message marked, and a second
// run finds nothing new.
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTmp } from '../helpers/tmp.js';
import { runCli } from '../helpers/cli.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';
import { arf, dsn } from './reports.js';
import { list, workspace } from './workspace.js';

afterAll(cleanupTmp);

const missing = dovecotMissing();
if (missing) console.log(`skipped the IMAP mailbox tests: ${missing}`);

describe.runIf(!missing)('gazette bounces --imap', () => {
  let dovecot: Dovecot;
  let sink: Sink | undefined;
  beforeAll(async () => { dovecot = await startDovecot(); });
  afterAll(async () => { await dovecot?.stop(); });
  afterEach(async () => { await sink?.close(); sink = undefined; });

  it('processes each returned message in the mailbox once and marks it', async () => {
    sink = await startSink();
    const { env } = await workspace(sink, { IMAP_URL: dovecot.url });
    expect((await runCli(['send', '--date', '2026-11-20', '--json'], env)).code).toBe(0);
    const returnPath = (email: string) => sink!.received.find((m) => m.to[0] === email)!.from;
    const mailto = /mailto:unsubscribe@example\.com\?subject=unsubscribe%20([\w.-]+)>/.exec(sink.received.find((m) => m.to[0] === 'cy@example.org')!.raw.toString())![1]!;

    const imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    await imap.connect();
    await imap.append('INBOX', `Delivered-To: ${returnPath('ann@example.org')}\r\n` + dsn({ to: returnPath('ann@example.org'), finalRecipient: 'ann@example.org', status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }));
    await imap.append('INBOX', arf({ to: 'fbl@bounces.example.com', originalMailFrom: returnPath('bob@example.org') }));
    await imap.append('INBOX', ['From: cy@example.org', 'To: unsubscribe@example.com', `Subject: unsubscribe ${mailto}`, 'Message-ID: <unsub-cy@example.org>', '', 'please', ''].join('\r\n'));
    await imap.append('INBOX', ['From: someone@example.net', 'To: postmaster@bounces.example.com', 'Subject: hello', 'Message-ID: <hello@example.net>', '', 'Just saying hello.', ''].join('\r\n'));

    const first = await runCli(['bounces', '--imap', '--json'], env);
    expect(first.code, first.stderr + dovecot.log()).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ processed: 4, failed: 0, skipped: 0 });
    const people = await list(env);
    expect([...people.values()].map((s) => [s.email, s.status])).toEqual([
      ['ann@example.org', 'bounced'], ['bob@example.org', 'complained'], ['cy@example.org', 'unsubscribed'],
      ['dee@example.org', 'confirmed'], ['eve@example.org', 'confirmed'],
    ]);
    expect(people.get('ann@example.org')!.history.at(-1)!.reason).toContain('5.1.1 550 5.1.1 user unknown');

    const lock = await imap.getMailboxLock('INBOX');
    try {
      const marked = await imap.search({ keyword: '$Gazette', seen: true }, { uid: true });
      expect(marked).toHaveLength(4);
    } finally {
      lock.release();
    }
    await imap.logout();

    const second = await runCli(['bounces', '--imap', '--json'], env);
    expect(JSON.parse(second.stdout)).toEqual({ processed: 0, failed: 0, skipped: 0 });
  });

  it('says what to fix when the login is refused', async () => {
    sink = await startSink();
    const { env } = await workspace(sink, { IMAP_URL: dovecot.url.replace(dovecot.pass, 'wrong') });
    const r = await runCli(['bounces', '--imap'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot log in to the mailbox at 127\.0\.0\.1:\d+ as bounces: .*Check IMAP_URL\./);
  });
});
