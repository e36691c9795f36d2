// Returned mail end to end, with real servers on 127.0.0.1: `gazette send` to
// an smtp-server relay, then DSNs, ARF reports and an unsubscribe mail built as
// real messages and mailed with nodemailer to the bounce listener; the right
// subscribers change, once, with their codes, and the next issue skips them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { bounceSetup, startBounceListener, type BounceListener, type BounceOutcome } from '../../src/bounces/index.js';
import { returnPathFor } from '../../src/deliver/return-path.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { silentLogger } from '../../src/log.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { runCli } from '../helpers/cli.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';
import { arf, dsn } from './reports.js';
import { ARTICLE, list, workspace } from './workspace.js';

afterAll(cleanupTmp);

describe('bounces, complaints and unsubscribes by mail', () => {
  let sink: Sink | undefined;
  let listener: BounceListener | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await listener?.close();
    await app?.close();
    await sink?.close();
    sink = listener = app = undefined;
  });

  it('marks exactly the right subscribers, once, with their codes; forged and foreign mail changes nothing; the next issue skips them', async () => {
    sink = await startSink();
    const { env } = await workspace(sink);
    expect((await runCli(['send', '--date', '2026-11-20', '--json'], env)).code).toBe(0);
    expect(sink.received).toHaveLength(5);
    const returnPath = (email: string) => sink!.received.find((m) => m.to[0] === email)!.from;
    const mailto = (email: string) => /mailto:unsubscribe@example\.com\?subject=unsubscribe%20([\w.-]+)>/.exec(sink!.received.find((m) => m.to[0] === email)!.raw.toString())![1]!;

    app = createApp({ env, logger: silentLogger });
    const { parts, settings } = await bounceSetup(app);
    const outcomes: BounceOutcome[] = [];
    listener = await startBounceListener(parts, settings, { host: '127.0.0.1', port: 0, maxBytes: 100_000, onOutcome: (o) => outcomes.push(o) });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    const mail = (to: string, raw: string) => mailer.sendMail({ envelope: { from: '', to: [to] }, raw });

    const annDsn = dsn({ to: returnPath('ann@example.org'), finalRecipient: 'ann@example.org', status: '5.1.1', diagnostic: '550 5.1.1 <ann@example.org>: Recipient address rejected: User unknown', messageId: '<dsn-ann-1@mx.example.net>' });
    await mail(returnPath('ann@example.org'), annDsn);
    // The same report again (a server that retried): nothing changes the second time.
    await mail(returnPath('ann@example.org'), annDsn);
    await mail(returnPath('bob@example.org'), dsn({ to: returnPath('bob@example.org'), finalRecipient: 'bob@example.org', status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' }));
    await mail(returnPath('cy@example.org'), dsn({ to: returnPath('cy@example.org'), finalRecipient: 'cy@example.org', status: '4.4.7', diagnostic: 'delivery time expired' }));
    await mail(returnPath('cy@example.org'), dsn({ to: returnPath('cy@example.org'), finalRecipient: 'cy@example.org', status: '4.2.2', diagnostic: '452 4.2.2 Over quota' }));
    await mail('fbl@bounces.example.com', arf({ to: 'fbl@bounces.example.com', originalMailFrom: returnPath('dee@example.org'), originalRcptTo: 'dee@example.org' }));
    await mail('unsubscribe@example.com', [
      'From: Eve <eve@example.org>', 'To: unsubscribe@example.com', `Subject: unsubscribe ${mailto('eve@example.org')}`,
      'Message-ID: <unsub-eve@example.org>', 'Date: Thu, 03 Dec 2026 12:00:00 +0000', '', 'unsubscribe', '',
    ].join('\r\n'));
    // Forged: bob's return path with another key's MAC, claiming a hard bounce.
    const forged = returnPathFor(createTokenSigner('someone-elses-secret-000000000'), 'bounces.example.com', { issueDate: '2026-11-20', subscriberId: 2 });
    await mail(forged, dsn({ to: forged, finalRecipient: 'bob@example.org', status: '5.1.1', diagnostic: '550 5.1.1 forged' }));
    // Not for this server: refused at RCPT TO.
    const refused = await mail('someone@elsewhere.example', 'Subject: hi\r\n\r\nhi\r\n').catch((e: { responseCode?: number }) => e);
    expect((refused as { responseCode?: number }).responseCode).toBe(550);
    mailer.close();

    expect(outcomes.map((o) => [o.action, o.email ?? null, o.status ?? null])).toEqual([
      ['bounced', 'ann@example.org', '5.1.1'],
      ['duplicate', 'ann@example.org', '5.1.1'],
      ['soft', 'bob@example.org', '4.2.2'],
      ['soft', 'cy@example.org', '4.4.7'],
      ['bounced', 'cy@example.org', '4.2.2'],
      ['complained', 'dee@example.org', 'abuse'],
      ['unsubscribed', 'eve@example.org', null],
      ['ignored', null, null],
    ]);
    expect(outcomes.at(-1)!.reason).toMatch(/fails its signature/);

    const people = await list(env);
    expect([...people.values()].map((s) => [s.email, s.status])).toEqual([
      ['ann@example.org', 'bounced'], ['bob@example.org', 'confirmed'], ['cy@example.org', 'bounced'],
      ['dee@example.org', 'complained'], ['eve@example.org', 'unsubscribed'],
    ]);
    const annHistory = people.get('ann@example.org')!.history;
    expect(annHistory.filter((h) => h.to === 'bounced')).toHaveLength(1);
    expect(annHistory.at(-1)).toMatchObject({ to: 'bounced', source: 'delivery', reason: expect.stringContaining('5.1.1 550 5.1.1 <ann@example.org>: Recipient address rejected: User unknown') });
    expect(people.get('cy@example.org')!.history.at(-1)!.reason).toMatch(/^2 soft bounces within 14 days, the latest to the issue of 2026-11-20: 4\.2\.2/);
    expect(people.get('dee@example.org')!.history.at(-1)).toMatchObject({ to: 'complained', source: 'delivery' });
    // The reader's own mail to the unsubscribe address is recorded as such, not as the web page.
    expect(people.get('eve@example.org')!.history.at(-1)).toMatchObject({ to: 'unsubscribed', source: 'mail' });
    expect(await app.bounces().countsByIssue(['2026-11-20'])).toEqual(new Map([['2026-11-20', { hard: 1, soft: 3, complaints: 1 }]]));

    const status = await runCli(['status'], env);
    expect(status.stdout).toContain('  2026-11-20  1 hard, 3 soft bounces, 1 complaints (20.00 % of 5 sent; limit 0.3 %)\n');
    expect(status.stdout).toMatch(/^Warning: the issue of 2026-11-20 drew complaints from 20\.00 % of its recipients, over the 0\.3 % at which Gmail and Yahoo start refusing bulk mail;/m);
    expect(JSON.parse((await runCli(['status', '--json'], env)).stdout).health).toEqual([{ issue: '2026-11-20', sent: 5, hardBounces: 1, softBounces: 3, complaints: 1, complaintRate: 0.2 }]);

    const before = sink.received.length;
    writeFileSync(join(env.GAZETTE_CONTENT_DIR!, 'ferry.md'), ARTICLE.replace('The Harbour Line opens', 'The ferry timetable changes').replace('tram carried', 'ferry carried').replace('/tram', '/ferry').replace('2026-11-20T06', '2026-11-21T06'));
    const next = await runCli(['send', '--date', '2026-11-21', '--json'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(sink.received.slice(before).map((m) => m.to[0])).toEqual(['bob@example.org']);
  });

  it('refuses a message over the size cap at the end of DATA, and takes it under the cap', async () => {
    sink = await startSink();
    const { env } = await workspace(sink);
    app = createApp({ env, logger: silentLogger });
    const { parts, settings } = await bounceSetup(app);
    listener = await startBounceListener(parts, settings, { host: '127.0.0.1', port: 0, maxBytes: 4096 });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    try {
      const big = `Subject: big\r\nMessage-ID: <big@example.net>\r\n\r\n${'x'.repeat(70).concat('\r\n').repeat(100)}`;
      const refused = await mailer.sendMail({ envelope: { from: '', to: ['postmaster@bounces.example.com'] }, raw: big }).catch((e: { responseCode?: number }) => e);
      expect((refused as { responseCode?: number }).responseCode).toBe(552);
      const ok = await mailer.sendMail({ envelope: { from: '', to: ['postmaster@bounces.example.com'] }, raw: 'Subject: small\r\n\r\nhello\r\n' });
      expect(ok.accepted).toEqual(['postmaster@bounces.example.com']);
    } finally {
      mailer.close();
    }
  });

  it('restore sends again a copy the relay took and a bounce report returned, with the same Message-ID', async () => {
    sink = await startSink();
    const { dir, env } = await workspace(sink);
    expect((await runCli(['send', '--date', '2026-11-20', '--json'], env)).code).toBe(0);
    const first = sink.received.find((m) => m.to[0] === 'bob@example.org')!;
    const messageId = /^Message-ID: (.+)$/im.exec(first.raw.toString())![1]!.trim();
    writeFileSync(join(dir, 'bob.eml'), dsn({ to: first.from, finalRecipient: 'bob@example.org', status: '5.1.1', diagnostic: '550 5.1.1 mailbox unavailable (a misconfigured server)' }));
    expect((await runCli(['bounces', join(dir, 'bob.eml')], env)).code).toBe(0);
    expect((await list(env)).get('bob@example.org')!.status).toBe('bounced');

    const r = await runCli(['subscribers', 'restore', 'bob@example.org', '--reason', 'their server was misconfigured'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Restored bob@example\.org to confirmed; their copy of the issue of 2026-11-20 goes out/);
    const again = await runCli(['send', '--date', '2026-11-20', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 1 });
    const copies = sink.received.filter((m) => m.to[0] === 'bob@example.org');
    expect(copies).toHaveLength(2);
    expect(/^Message-ID: (.+)$/im.exec(copies[1]!.raw.toString())![1]!.trim()).toBe(messageId);
    // Nobody else is sent anything twice.
    expect(sink.received).toHaveLength(6);
  });

  it('processes saved messages with `gazette bounces FILE`, and a report naming only an address changes nothing', async () => {
    sink = await startSink();
    const { dir, env } = await workspace(sink);
    expect((await runCli(['send', '--date', '2026-11-20', '--json'], env)).code).toBe(0);
    const bob = sink.received.find((m) => m.to[0] === 'bob@example.org')!.from;
    // A bounce from an old server: prose, no report part, the status code in the text.
    writeFileSync(join(dir, 'prose.eml'), [`To: ${bob}`, 'From: MAILER-DAEMON@old.example.net', 'Subject: failure notice', 'Message-ID: <prose-1@old.example.net>', '',
      'Sorry, I could not deliver your message to <bob@example.org>.', '550 5.2.1 The email account that you tried to reach is disabled.', ''].join('\r\n'));
    // No return path: a report that only names an address, even one on the list, is not trusted.
    writeFileSync(join(dir, 'stranger.eml'), dsn({ to: 'postmaster@bounces.example.com', finalRecipient: 'ann@example.org', status: '5.1.1', diagnostic: '550 no such user' }));
    const r = await runCli(['bounces', join(dir, 'prose.eml'), join(dir, 'stranger.eml'), join(dir, 'missing.eml'), '--json'], env);
    // A file that cannot be read is the caller's mistake: named on stderr, a non-zero exit; the others are still processed.
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`gazette: cannot read ${join(dir, 'missing.eml')} (ENOENT); check the path and that the file is readable.`);
    const outcomes = JSON.parse(r.stdout) as BounceOutcome[];
    expect(outcomes.map((o) => [o.action, o.email ?? null, o.status ?? null])).toEqual([['bounced', 'bob@example.org', '5.2.1'], ['ignored', null, null]]);
    expect(outcomes[1]!.reason).toMatch(/no signed return path .* not trusted/);
    const alone = await runCli(['bounces', '/nonexistent.eml'], env);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toMatch(/^gazette: cannot read \/nonexistent\.eml \(ENOENT\)/);
    const people = await list(env);
    expect([...people.values()].filter((s) => s.status !== 'confirmed').map((s) => s.email)).toEqual(['bob@example.org']);
  });
});
