// `gazette bounces --listen` with BOUNCE_TLS_KEY and BOUNCE_TLS_CERT: the
// listener offers STARTTLS, so a sending server that insists on TLS can return
// mail to it (a bounce quotes the message, addresses and all). Real
// smtp-server, a private CA made with the openssl CLI, nodemailer as the
// sending server with requireTLS.
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { bounceSetup, startBounceListener, type BounceListener, type BounceOutcome } from '../../src/bounces/index.js';
import { silentLogger } from '../../src/log.js';
import { runCli } from '../helpers/cli.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { hasOpenssl, privateCa } from '../helpers/private-ca.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';
import { dsn } from './reports.js';
import { list, workspace } from './workspace.js';

afterAll(cleanupTmp);

const opensslHere = hasOpenssl();
if (!opensslHere) console.log('listener-tls.test.ts: skipped, no openssl CLI to make a private CA with');

describe.runIf(opensslHere)('the bounce listener over STARTTLS', () => {
  let sink: Sink | undefined;
  let listener: BounceListener | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await listener?.close();
    await app?.close();
    await sink?.close();
    sink = listener = app = undefined;
  });

  it('offers STARTTLS with the given certificate, and a bounce returned over TLS is acted on', async () => {
    const tls = privateCa();
    sink = await startSink();
    const { env } = await workspace(sink);
    expect((await runCli(['send', '--date', '2026-11-20', '--json'], env)).code).toBe(0);
    const returnPath = sink.received.find((m) => m.to[0] === 'ann@example.org')!.from;

    app = createApp({ env, logger: silentLogger });
    const { parts, settings } = await bounceSetup(app);
    const outcomes: BounceOutcome[] = [];
    listener = await startBounceListener(parts, settings, {
      host: '127.0.0.1', port: 0, maxBytes: 100_000, onOutcome: (o) => outcomes.push(o),
      tls: { key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) },
    });
    // A sending server that refuses to go on in the clear, trusting only the private CA.
    const strict = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, requireTLS: true, tls: { ca: [tls.ca] } });
    const info = await strict.sendMail({
      envelope: { from: '', to: [returnPath] },
      raw: dsn({ to: returnPath, finalRecipient: 'ann@example.org', status: '5.1.1', diagnostic: '550 5.1.1 <ann@example.org>: User unknown' }),
    });
    strict.close();
    expect(info.accepted).toEqual([returnPath]);
    expect(outcomes.map((o) => [o.action, o.email])).toEqual([['bounced', 'ann@example.org']]);
    expect((await list(env)).get('ann@example.org')?.status).toBe('bounced');
  });

  it('without the certificate it speaks plain SMTP only: a sender that insists on TLS cannot go on', async () => {
    sink = await startSink();
    const { env } = await workspace(sink);
    app = createApp({ env, logger: silentLogger });
    const { parts, settings } = await bounceSetup(app);
    listener = await startBounceListener(parts, settings, { host: '127.0.0.1', port: 0, maxBytes: 100_000 });
    const strict = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, requireTLS: true });
    const err = await strict.sendMail({ envelope: { from: '', to: ['x@bounces.example.com'] }, raw: 'Subject: x\r\n\r\nx\r\n' }).catch((e: Error) => e);
    strict.close();
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/STARTTLS/i);
  });

  it('says which of the two settings is missing, and listens on nothing', async () => {
    sink = await startSink();
    const { env } = await workspace(sink);
    const r = await runCli(['bounces', '--listen', '127.0.0.1:0'], { ...env, BOUNCE_TLS_KEY: '/nonexistent/mx.key' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('STARTTLS needs both BOUNCE_TLS_KEY and BOUNCE_TLS_CERT; BOUNCE_TLS_CERT is missing');
    const unreadable = await runCli(['bounces', '--listen', '127.0.0.1:0'], { ...env, BOUNCE_TLS_KEY: '/nonexistent/mx.key', BOUNCE_TLS_CERT: '/nonexistent/mx.pem' });
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.stderr).toContain('BOUNCE_TLS_KEY names /nonexistent/mx.key, which cannot be read (ENOENT)');
  });
});
