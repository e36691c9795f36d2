// TLS to a relay whose certificate a private CA signed: the CA is made here
// with the openssl CLI (skipped, with a line saying so, where there is none),
// and smtp-server offers STARTTLS or TLS from the first byte with it.
// Also: connections are closed with QUIT.
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/deliver/transports/index.js';
import type { OutgoingMessage, Transport } from '../../src/deliver/transport.js';
import { isGazetteError } from '../../src/errors.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { hasOpenssl, privateCa } from '../helpers/private-ca.js';
import { startFaultProxy } from './helpers/fault-proxy.js';
import { startSink } from './helpers/smtp-sink.js';

afterAll(cleanupTmp);

const opensslHere = hasOpenssl();
if (!opensslHere) console.log('tls.test.ts: skipped, no openssl CLI to make a private CA with');

function message(to: string): OutgoingMessage {
  const raw = Buffer.from(['From: news@example.com', `To: ${to}`, 'Message-ID: <t1@example.com>', 'Subject: TLS', '', 'Hello.', ''].join('\r\n'));
  return { to, from: 'news@example.com', messageId: '<t1@example.com>', raw };
}

async function tlsServer(tls: { key: string; cert: string }, options: { secure?: boolean; noStarttls?: boolean } = {}) {
  const received: { secure: boolean; to: string }[] = [];
  const server = new SMTPServer({
    logger: false, secure: !!options.secure, key: tls.key, cert: tls.cert, authOptional: true, disableReverseLookup: true,
    disabledCommands: options.noStarttls ? ['STARTTLS', 'AUTH'] : ['AUTH'],
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push({ secure: session.secure, to: session.envelope.rcptTo[0]!.address });
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const base = { outboxDir: 'outbox', smtpMaxConnections: 1, smtpRateLimit: 0, dkimDomain: undefined, dkimSelector: undefined, dkimPrivateKey: undefined, tz: 'UTC' };

describe.skipIf(!opensslHere)('SMTP over TLS with a private CA', () => {
  const ca = opensslHere ? privateCa() : undefined!;
  let transport: Transport | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await transport?.close();
    await close?.();
    transport = close = undefined;
  });

  it('STARTTLS on smtp:// verifies the relay against SMTP_CA_FILE and sends encrypted', async () => {
    const server = await tlsServer(ca);
    close = server.close;
    transport = createTransport({ ...base, smtpUrl: `smtp://127.0.0.1:${server.port}`, smtpCaFile: ca.caFile, smtpRequireTls: true });
    expect(await transport.send(message('ann@example.org'))).toMatchObject({ status: 'sent' });
    expect(server.received).toEqual([{ secure: true, to: 'ann@example.org' }]);
  });

  it('smtps:// (TLS from the first byte) verifies against the CA too', async () => {
    const server = await tlsServer(ca, { secure: true });
    close = server.close;
    transport = createTransport({ ...base, smtpUrl: `smtps://127.0.0.1:${server.port}`, smtpCaFile: ca.caFile });
    expect(await transport.send(message('ann@example.org'))).toMatchObject({ status: 'sent' });
    expect(server.received).toEqual([{ secure: true, to: 'ann@example.org' }]);
  });

  it('NODE_EXTRA_CA_CERTS written in .env (which Node itself ignores there) is trusted for the relay', async () => {
    const server = await tlsServer(ca);
    close = server.close;
    transport = createTransport({ ...base, smtpUrl: `smtp://127.0.0.1:${server.port}`, nodeExtraCaCerts: ca.caFile });
    expect(await transport.send(message('ann@example.org'))).toMatchObject({ status: 'sent' });
  });

  it('without the CA, the send stops with a TRANSPORT error that names SMTP_CA_FILE', async () => {
    const server = await tlsServer(ca);
    close = server.close;
    transport = createTransport({ ...base, smtpUrl: `smtp://127.0.0.1:${server.port}` });
    const err = await transport.send(message('ann@example.org')).catch((e: unknown) => e);
    expect(isGazetteError(err, 'TRANSPORT'), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/could not be verified.*SMTP_CA_FILE/);
    expect(server.received).toEqual([]);
  });

  it('SMTP_REQUIRE_TLS refuses a relay that offers no STARTTLS, sending nothing in the clear', async () => {
    const server = await tlsServer(ca, { noStarttls: true });
    close = server.close;
    transport = createTransport({ ...base, smtpUrl: `smtp://127.0.0.1:${server.port}`, smtpCaFile: ca.caFile, smtpRequireTls: true });
    const err = await transport.send(message('ann@example.org')).catch((e: unknown) => e);
    expect(isGazetteError(err, 'TRANSPORT'), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/SMTP_REQUIRE_TLS/);
    expect(server.received).toEqual([]);
  });

  it('a CA file that is not a certificate is a CONFIG error naming the setting', () => {
    expect(() => createTransport({ ...base, smtpUrl: 'smtp://127.0.0.1:25', smtpCaFile: join(ca.dir, 'ca.key') })).toThrow(/SMTP_CA_FILE names .*holds no PEM certificate/);
  });
});

describe('closing the SMTP transport', () => {
  it('says QUIT on every connection it opened', async () => {
    const sink = await startSink();
    const proxy = await startFaultProxy(sink.port);
    const transport = createTransport({ ...base, smtpMaxConnections: 3, smtpUrl: proxy.url });
    try {
      await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => transport.send(message(`${n}@example.org`))));
      await transport.close();
      expect(proxy.commands.length).toBeGreaterThan(0);
      for (const commands of proxy.commands) expect(commands.at(-1)).toBe('QUIT');
    } finally {
      await proxy.close();
      await sink.close();
    }
  });
});
