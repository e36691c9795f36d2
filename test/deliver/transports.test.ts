import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { isGazetteError } from '../../src/errors.js';
import { createOutboxTransport, createSmtpTransport, createTransport, dkimKey, outboxFileName, outboxMessageFileName, parseSmtpUrl } from '../../src/deliver/transports/index.js';
import type { OutgoingMessage, Transport } from '../../src/deliver/transport.js';
import { startSink, type Sink } from './helpers/smtp-sink.js';

function message(to: string, id = 'm1'): OutgoingMessage {
  const raw = Buffer.from([
    'From: Gazette <news@example.com>', `To: ${to}`, `Message-ID: <${id}@example.com>`, 'Subject: Test issue',
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Hello.', '.leading dot survives', '',
  ].join('\r\n'));
  return { to, from: 'news@example.com', messageId: `<${id}@example.com>`, raw };
}

const baseConfig = { smtpUrl: undefined, outboxDir: 'outbox', smtpMaxConnections: 2, smtpRateLimit: 0, dkimDomain: undefined, dkimSelector: undefined, dkimPrivateKey: undefined, tz: 'UTC' };

describe('SMTP transport', () => {
  let sink: Sink | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    transport = sink = undefined;
  });

  it('sends the prebuilt bytes to the envelope recipient', async () => {
    sink = await startSink();
    transport = createSmtpTransport({ url: sink.url, maxConnections: 2 });
    const outcome = await transport.send(message('reader@example.org'));
    expect(outcome).toMatchObject({ status: 'sent', code: 250 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.to).toEqual(['reader@example.org']);
    expect(sink.received[0]!.from).toBe('news@example.com');
    expect(sink.received[0]!.raw.toString()).toBe(message('reader@example.org').raw.toString());
    const parsed = await simpleParser(sink.received[0]!.raw);
    expect(parsed.messageId).toBe('<m1@example.com>');
    expect(parsed.text).toContain('.leading dot survives');
  });

  it('reports 4xx as temporary and 5xx as permanent, with code, text and command', async () => {
    sink = await startSink({
      answer: (rcpt) => rcpt.startsWith('grey') ? { code: 451, message: 'Try again later' } : rcpt.startsWith('gone') ? { code: 550, message: 'No such user' } : null,
    });
    transport = createSmtpTransport({ url: sink.url });
    const [grey, gone, ok] = await Promise.all([
      transport.send(message('grey@example.org')),
      transport.send(message('gone@example.org')),
      transport.send(message('ok@example.org')),
    ]);
    expect(grey).toMatchObject({ status: 'temporary', code: 451, command: 'RCPT TO' });
    expect(grey.response).toContain('Try again later');
    expect(gone).toMatchObject({ status: 'permanent', code: 550, command: 'RCPT TO' });
    expect(gone.response).toContain('No such user');
    expect(ok.status).toBe('sent');
    expect(sink.received.map((r) => r.to[0])).toEqual(['ok@example.org']);
  });

  it('reports a refused connection as temporary', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((r) => free.close(() => r()));
    transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
    const outcome = await transport.send(message('reader@example.org'));
    expect(outcome.status).toBe('temporary');
    expect(outcome.code).toBeUndefined();
    expect(outcome.response).toMatch(/ECONNECTION|ECONNREFUSED/);
  });

  it('stops with a TRANSPORT error when the server refuses the credentials', async () => {
    sink = await startSink({ auth: { user: 'gazette', pass: 'right' } });
    transport = createSmtpTransport({ url: `smtp://gazette:wrong@127.0.0.1:${sink.port}` });
    const err = await transport.send(message('reader@example.org')).catch((e: unknown) => e);
    expect(isGazetteError(err, 'TRANSPORT')).toBe(true);
    expect((err as Error).message).toContain('SMTP_URL');
    expect(sink.received).toHaveLength(0);
  });

  it('logs in with the credentials of SMTP_URL', async () => {
    sink = await startSink({ auth: { user: 'gazette', pass: 'p@ss:word' } });
    transport = createSmtpTransport({ url: `smtp://gazette:${encodeURIComponent('p@ss:word')}@127.0.0.1:${sink.port}` });
    expect((await transport.send(message('reader@example.org'))).status).toBe('sent');
  });

  it('signs with DKIM when a key is given', async () => {
    sink = await startSink();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    transport = createSmtpTransport({ url: sink.url, dkim: { domainName: 'example.com', keySelector: 'gz1', privateKey: pem } });
    await transport.send(message('reader@example.org'));
    const head = sink.received[0]!.raw.toString().split('\r\n\r\n')[0]!;
    expect(head).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;/m);
    expect(head).toMatch(/d=example\.com/);
    expect(head).toMatch(/s=gz1/);
  });
});

describe('parseSmtpUrl', () => {
  it('reads host, port, TLS and decoded credentials', () => {
    expect(parseSmtpUrl('smtps://u%40x:p%3Aw@mail.example.com:2465')).toEqual({ host: 'mail.example.com', port: 2465, secure: true, auth: { user: 'u@x', pass: 'p:w' } });
    expect(parseSmtpUrl('smtp://[::1]:25')).toEqual({ host: '::1', port: 25, secure: false, auth: undefined });
  });
  it('names the variable when the URL is unusable', () => {
    expect(() => parseSmtpUrl('smtp//nope')).toThrow(/SMTP_URL/);
    expect(() => parseSmtpUrl('http://example.com')).toThrow(/smtp:\/\//);
  });
});

describe('outbox transport', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one parseable .eml per recipient and leaves no temporary file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gz-outbox-'));
    const outbox = createOutboxTransport(join(dir, '2025-03-01'));
    const outcome = await outbox.send(message('reader@example.org'));
    expect(outcome.status).toBe('sent');
    const files = readdirSync(join(dir, '2025-03-01'));
    expect(files).toEqual([outboxFileName('reader@example.org')]);
    const parsed = await simpleParser(readFileSync(join(dir, '2025-03-01', files[0]!)));
    expect(parsed.messageId).toBe('<m1@example.com>');
    // Sending again to the same recipient replaces the file (a resend is the same message).
    await outbox.send(message('reader@example.org', 'm1'));
    expect(readdirSync(join(dir, '2025-03-01'))).toHaveLength(1);
  });

  it('makes a safe, distinct file name for any address', () => {
    const names = ['../../etc/passwd@x', 'a/b@x.org', 'A@X.org', 'a@x.org', '.hidden@x.org', `${'x'.repeat(300)}@x.org`].map(outboxFileName);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9@._+-]+\.eml$/);
      expect(name).not.toMatch(/^\./);
      expect(name.length).toBeLessThan(130);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps each distinct message (a confirmation mail) in a file of its own; a resend of one still replaces it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gz-outbox-'));
    const outbox = createOutboxTransport(dir);
    await outbox.send({ ...message('reader@example.org', 'c1'), distinct: true });
    await outbox.send({ ...message('reader@example.org', 'c2'), distinct: true });
    await outbox.send({ ...message('reader@example.org', 'c2'), distinct: true });
    await outbox.send(message('reader@example.org', 'issue'));
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      outboxFileName('reader@example.org'),
      outboxMessageFileName('reader@example.org', '<c1@example.com>'),
      outboxMessageFileName('reader@example.org', '<c2@example.com>'),
    ].sort());
    expect(outboxMessageFileName('reader@example.org', '<c1@example.com>')).toMatch(/^reader@example\.org\.[0-9a-f]{10}\.[0-9a-f]{10}\.eml$/);
    const ids = await Promise.all(files.map(async (f) => (await simpleParser(readFileSync(join(dir, f)))).messageId));
    expect(ids.sort()).toEqual(['<c1@example.com>', '<c2@example.com>', '<issue@example.com>']);
  });

  it('stops with a TRANSPORT error naming the file when the folder is not writable', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gz-outbox-'));
    writeFileSync(join(dir, 'blocked'), 'a file where the folder should be');
    const outbox = createOutboxTransport(join(dir, 'blocked', 'day'));
    const err = await outbox.send(message('reader@example.org')).catch((e: unknown) => e);
    expect(isGazetteError(err, 'TRANSPORT')).toBe(true);
    expect((err as Error).message).toContain(join(dir, 'blocked', 'day'));
  });
});

describe('createTransport', () => {
  it('chooses SMTP when SMTP_URL is set, else the outbox folder of the date', async () => {
    const smtp = createTransport({ ...baseConfig, smtpUrl: 'smtp://127.0.0.1:2525' });
    expect(smtp.name).toBe('smtp 127.0.0.1:2525');
    await smtp.close();
    const outbox = createTransport({ ...baseConfig, outboxDir: '/tmp/gz-out' }, { date: '2025-03-01' });
    expect(outbox.name).toBe('outbox /tmp/gz-out/2025-03-01');
  });

  it('loads the DKIM key from PEM text or a file, and refuses half a configuration', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(dkimKey({ dkimDomain: 'example.com', dkimSelector: 's', dkimPrivateKey: pem })?.privateKey).toBe(pem);
    const keyDir = mkdtempSync(join(tmpdir(), 'gz-dkim-'));
    try {
      writeFileSync(join(keyDir, 'key.pem'), pem);
      chmodSync(join(keyDir, 'key.pem'), 0o600);
      expect(dkimKey({ dkimDomain: 'example.com', dkimSelector: 's', dkimPrivateKey: join(keyDir, 'key.pem') })?.privateKey).toBe(pem);
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
    expect(dkimKey({ dkimDomain: undefined, dkimSelector: undefined, dkimPrivateKey: undefined })).toBeUndefined();
    expect(() => dkimKey({ dkimDomain: 'example.com', dkimSelector: undefined, dkimPrivateKey: pem })).toThrow(/DKIM_SELECTOR/);
    expect(() => dkimKey({ dkimDomain: 'example.com', dkimSelector: 's', dkimPrivateKey: '/no/such/key.pem' })).toThrow(/DKIM_PRIVATE_KEY/);
    expect(() => dkimKey({ dkimDomain: 'example.com', dkimSelector: 's', dkimPrivateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' })).toThrow(/usable private key/);
  });
});
