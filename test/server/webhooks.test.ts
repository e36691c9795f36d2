// Provider webhooks at a real server: each provider's bounce and complaint,
// signed correctly, forged, and replayed. A forged request is refused and
// changes nothing; a replayed one changes nothing (shown by restoring the
// subscriber in between: the replay does not bounce them again).
import { execFileSync } from 'node:child_process';
import { createHmac, createSign, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteBounceStore } from '../../src/bounces/sqlite-store.js';
import { webhooksModule } from '../../src/server/routes/webhooks.js';
import { isSnsUrl, snsCanonicalString, snsCertificateFetcher, type SnsMessage } from '../../src/server/webhooks/sns.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { startHarness, type Harness } from './support/harness.js';

afterAll(cleanupTmp);

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:gazette-bounces';
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';
const POSTMARK_AUTH = 'gazette:postmark-secret-123';
const MAILGUN_KEY = 'key-mailgun-signing-0123456789';
const sendgridKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const SENDGRID_PUBLIC = sendgridKeys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

// SNS's signing certificate: a self-signed one made with openssl, served over real HTTP.
let certServer: Server;
let certPort: number;
let snsKey: string;
let certRequests: string[] = [];
beforeAll(async () => {
  const dir = tmpDir('gz-sns-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=sns.amazonaws.com'], { stdio: 'ignore' });
  snsKey = readFileSync(join(dir, 'key.pem'), 'utf8');
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  certServer = createHttpServer((req, res) => { certRequests.push(req.url ?? ''); res.end(cert); });
  await new Promise<void>((r) => certServer.listen(0, '127.0.0.1', r));
  certPort = (certServer.address() as AddressInfo).port;
});
afterAll(async () => { await new Promise<void>((r) => certServer.close(() => r())); });

describe('provider webhooks', () => {
  let h: Harness;
  let confirmed: string[];
  beforeEach(async () => {
    confirmed = [];
    certRequests = [];
    const bounces = createSqliteBounceStore(openSqlite(':memory:'));
    h = await startHarness({
      routes: [webhooksModule({
        bounces,
        // Only the transport differs from production: the certificate comes from the local server.
        ses: {
          topicArn: TOPIC,
          fetchCertificate: async (url) => (await fetch(`http://127.0.0.1:${certPort}${new URL(url).pathname}`)).text(),
          confirmSubscription: async (url) => { confirmed.push(url); },
        },
        postmark: { auth: POSTMARK_AUTH },
        mailgun: { signingKey: MAILGUN_KEY },
        sendgrid: { publicKey: SENDGRID_PUBLIC },
      })],
    });
    await h.store.upsertMany(['ann', 'bob', 'cy'].map((n) => ({ email: `${n}@example.org`, status: 'confirmed' as const })), { source: 'cli', reason: 'setup' });
  });
  afterEach(async () => { await h.close(); });

  const status = async (email: string) => (await h.store.find(email))!.status;
  const restore = (email: string) => h.store.setStatus(email, 'confirmed', { source: 'cli', reason: 'restored for the test' });
  const post = (path: string, body: string | object, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  function sns(type: string, fields: Partial<SnsMessage>, version = '2'): SnsMessage {
    const message = { Type: type, MessageId: randomBytes(8).toString('hex'), TopicArn: TOPIC, Message: '', Timestamp: h.clock.now().toISOString(), SignatureVersion: version, SigningCertURL: CERT_URL, Signature: '', ...fields } as SnsMessage;
    const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
    signer.update(snsCanonicalString(message));
    message.Signature = signer.sign(snsKey, 'base64');
    return message;
  }
  const sesBounce = (email: string, bounceType = 'Permanent') => JSON.stringify({
    notificationType: 'Bounce', mail: { messageId: 'x', source: 'news@example.com', destination: [email] },
    bounce: { bounceType, feedbackId: randomBytes(6).toString('hex'), bouncedRecipients: [{ emailAddress: email, status: '5.1.1', action: 'failed', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
  });

  it('SES via SNS: confirms the subscription, applies signed bounces and complaints, refuses forged, foreign and stale ones, and a replay changes nothing', async () => {
    const subscribe = sns('SubscriptionConfirmation', { Message: 'You have chosen to subscribe', Token: 'tok', SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=tok` });
    expect((await post('/webhooks/ses', JSON.stringify(subscribe), { 'content-type': 'text/plain; charset=UTF-8' })).status).toBe(200);
    expect(confirmed).toEqual([subscribe.SubscribeURL]);
    expect(certRequests).toEqual(['/SimpleNotificationService-0123456789abcdef.pem']);

    const bounce = sns('Notification', { Message: sesBounce('ann@example.org') });
    expect((await post('/webhooks/ses', bounce)).status).toBe(200);
    expect(await status('ann@example.org')).toBe('bounced');
    expect((await h.store.history(1)).at(-1)!.reason).toBe('hard bounce reported by ses: 5.1.1 smtp; 550 5.1.1 user unknown');
    await restore('ann@example.org');
    expect((await post('/webhooks/ses', bounce)).status).toBe(200);
    expect(await status('ann@example.org')).toBe('confirmed');

    // Signature version 1 (SHA1), a complaint; a transient bounce changes nothing.
    expect((await post('/webhooks/ses', sns('Notification', { Message: JSON.stringify({ notificationType: 'Complaint', complaint: { feedbackId: 'c1', complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: 'bob@example.org' }] } }) }, '1'))).status).toBe(200);
    expect(await status('bob@example.org')).toBe('complained');
    expect((await post('/webhooks/ses', sns('Notification', { Message: sesBounce('cy@example.org', 'Transient') }))).status).toBe(200);
    expect(await status('cy@example.org')).toBe('confirmed');

    const forged = { ...sns('Notification', { Message: sesBounce('cy@example.org') }) };
    forged.Message = sesBounce('cy@example.org').replace('5.1.1', '5.1.2');
    expect((await post('/webhooks/ses', forged)).status).toBe(403);
    const otherTopic = sns('Notification', { Message: sesBounce('cy@example.org'), TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-else' });
    expect((await post('/webhooks/ses', otherTopic)).status).toBe(403);
    const stale = sns('Notification', { Message: sesBounce('cy@example.org'), Timestamp: new Date(h.clock.now().getTime() - 2 * 3600_000).toISOString() });
    expect((await post('/webhooks/ses', stale)).status).toBe(403);
    expect(await status('cy@example.org')).toBe('confirmed');
  });

  it('SES: production fetches certificates only from https sns.<region>.amazonaws.com', async () => {
    expect(isSnsUrl(CERT_URL)).toBe(true);
    expect(isSnsUrl('https://sns.us-east-1.amazonaws.com.evil.example/cert.pem')).toBe(false);
    expect(isSnsUrl('http://sns.us-east-1.amazonaws.com/cert.pem')).toBe(false);
    expect(isSnsUrl(`https://sns.eu-west-1.amazonaws.com:${certPort}/cert.pem`)).toBe(false);
    await expect(snsCertificateFetcher()(`http://127.0.0.1:${certPort}/cert.pem`)).rejects.toThrow(/not https on sns/);
    expect(certRequests).toEqual([]);
  });

  it('Postmark: basic auth; bounces and spam complaints apply, wrong credentials and a replay change nothing', async () => {
    const auth = { authorization: `Basic ${Buffer.from(POSTMARK_AUTH).toString('base64')}` };
    const bounce = { RecordType: 'Bounce', ID: 4323372036854775807, Type: 'HardBounce', TypeCode: 1, Email: 'ann@example.org', Description: 'The server was unable to deliver your message', Details: 'smtp;550 5.1.1 The email account does not exist' };
    expect((await post('/webhooks/postmark', bounce, { authorization: `Basic ${Buffer.from('gazette:wrong').toString('base64')}` })).status).toBe(401);
    expect((await post('/webhooks/postmark', bounce)).status).toBe(401);
    expect(await status('ann@example.org')).toBe('confirmed');
    expect((await post('/webhooks/postmark', bounce, auth)).status).toBe(200);
    expect(await status('ann@example.org')).toBe('bounced');
    await restore('ann@example.org');
    expect((await post('/webhooks/postmark', bounce, auth)).status).toBe(200);
    expect(await status('ann@example.org')).toBe('confirmed');
    expect((await post('/webhooks/postmark', { ...bounce, ID: 2, Type: 'SoftBounce', Email: 'cy@example.org' }, auth)).status).toBe(200);
    expect(await status('cy@example.org')).toBe('confirmed');
    expect((await post('/webhooks/postmark', { RecordType: 'SpamComplaint', ID: 3, Type: 'SpamComplaint', Email: 'bob@example.org' }, auth)).status).toBe(200);
    expect(await status('bob@example.org')).toBe('complained');
  });

  it('Mailgun: HMAC of timestamp and token; forged, stale and replayed tokens are refused', async () => {
    const signed = (event: object, at = h.clock.now().getTime()) => {
      const timestamp = String(Math.floor(at / 1000));
      const token = randomBytes(25).toString('hex');
      return { signature: { timestamp, token, signature: createHmac('sha256', MAILGUN_KEY).update(timestamp + token).digest('hex') }, 'event-data': event };
    };
    const failed = { id: 'mg-1', event: 'failed', severity: 'permanent', recipient: 'ann@example.org', 'delivery-status': { code: 550, description: 'No such mailbox' } };
    const forged = signed(failed);
    forged.signature.signature = createHmac('sha256', 'another-key').update(forged.signature.timestamp + forged.signature.token).digest('hex');
    expect((await post('/webhooks/mailgun', forged)).status).toBe(401);
    expect((await post('/webhooks/mailgun', signed(failed, h.clock.now().getTime() - 10 * 60_000))).status).toBe(401);
    expect(await status('ann@example.org')).toBe('confirmed');
    const good = signed(failed);
    expect((await post('/webhooks/mailgun', good)).status).toBe(200);
    expect(await status('ann@example.org')).toBe('bounced');
    expect((await h.store.history(1)).at(-1)!.reason).toBe('hard bounce reported by mailgun: 550 No such mailbox');
    await restore('ann@example.org');
    expect((await post('/webhooks/mailgun', good)).status).toBe(401);
    // The same event under a fresh signature (Mailgun retrying) is recorded once.
    expect((await post('/webhooks/mailgun', signed(failed))).status).toBe(200);
    expect(await status('ann@example.org')).toBe('confirmed');
    expect((await post('/webhooks/mailgun', signed({ id: 'mg-2', event: 'complained', recipient: 'bob@example.org' }))).status).toBe(200);
    expect(await status('bob@example.org')).toBe('complained');
    expect((await post('/webhooks/mailgun', signed({ id: 'mg-3', event: 'failed', severity: 'temporary', recipient: 'cy@example.org' }))).status).toBe(200);
    expect(await status('cy@example.org')).toBe('confirmed');
  });

  it('SendGrid: ECDSA over timestamp and body; forged and stale requests are refused, a replay changes nothing', async () => {
    const send = (events: object[], options: { key?: typeof sendgridKeys.privateKey; at?: number; tamper?: boolean } = {}) => {
      const body = JSON.stringify(events);
      const timestamp = String(Math.floor((options.at ?? h.clock.now().getTime()) / 1000));
      const signature = sign('sha256', Buffer.from(timestamp + body), options.key ?? sendgridKeys.privateKey).toString('base64');
      return post('/webhooks/sendgrid', options.tamper ? body.replace('ann@', 'cy@') : body, {
        'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp,
      });
    };
    const events = [
      { email: 'ann@example.org', event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 unknown user', sg_event_id: 'sg-1', timestamp: 1 },
      { email: 'bob@example.org', event: 'spamreport', sg_event_id: 'sg-2', timestamp: 1 },
      { email: 'cy@example.org', event: 'bounce', type: 'blocked', status: '4.0.0', sg_event_id: 'sg-3', timestamp: 1 },
    ];
    expect((await send(events, { key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey })).status).toBe(401);
    expect((await send(events, { tamper: true })).status).toBe(401);
    expect((await send(events, { at: h.clock.now().getTime() - 10 * 60_000 })).status).toBe(401);
    expect(await status('ann@example.org')).toBe('confirmed');
    expect((await send(events)).status).toBe(200);
    expect([await status('ann@example.org'), await status('bob@example.org'), await status('cy@example.org')]).toEqual(['bounced', 'complained', 'confirmed']);
    await restore('ann@example.org');
    expect((await send(events)).status).toBe(200);
    expect(await status('ann@example.org')).toBe('confirmed');
  });

  it('has no route for a provider that is not configured', async () => {
    const bare = await startHarness({ routes: [webhooksModule({ bounces: createSqliteBounceStore(openSqlite(':memory:')) })] });
    try {
      expect((await fetch(`${bare.url}/webhooks/postmark`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
