// POST /webhooks/{ses,postmark,mailgun,sendgrid}: bounce and complaint reports
// from sending providers, each authenticated its own way (SNS signature and
// topic, basic auth, HMAC with timestamp and one-time token, ECDSA with
// timestamp). A request that fails its check gets 401/403 and changes nothing;
// a repeated event changes nothing either (events are recorded by id). Only
// configured providers have a route.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { BounceStore } from '../../bounces/store.js';
import type { RouteModule, ServerContext } from '../index.js';
import { applyProviderEvents, type ProviderEvent } from '../webhooks/events.js';
import {
  mailgunEvents, mailgunSignatureProblem, postmarkEvents, ReplayGuard, sameSecret, sendgridEvents, sendgridKey, sendgridSignatureProblem, sesEvents,
} from '../webhooks/providers.js';
import { isSnsUrl, snsCertificateFetcher, snsSignatureProblem, type CertificateFetcher, type SnsMessage } from '../webhooks/sns.js';
import { GazetteError } from '../../errors.js';

export interface WebhookOptions {
  bounces: BounceStore;
  /** Amazon SES through SNS: the topic whose messages are accepted. */
  ses?: { topicArn: string; fetchCertificate?: CertificateFetcher; confirmSubscription?: (url: string) => Promise<void> };
  /** Postmark: the "user:password" of the webhook URL's basic auth. */
  postmark?: { auth: string };
  mailgun?: { signingKey: string };
  /** SendGrid's signed event webhook verification key (base64 DER). */
  sendgrid?: { publicKey: string };
}

// SNS retries within minutes; a signed message older than this is a replay.
const SNS_MAX_AGE_MS = 60 * 60_000;
const BODY_LIMIT = 512 * 1024;

/** The webhook routes of the configured providers. */
export function webhooksModule(options: WebhookOptions): RouteModule {
  const sendgrid = options.sendgrid ? sendgridKey(options.sendgrid.publicKey) : null;
  if (options.sendgrid && !sendgrid) throw new GazetteError('CONFIG', 'SENDGRID_WEBHOOK_KEY is not an elliptic-curve public key; copy the verification key from SendGrid\'s Signed Event Webhook settings (base64).');
  const fetchCertificate = options.ses?.fetchCertificate ?? snsCertificateFetcher();
  const confirm = options.ses?.confirmSubscription ?? defaultConfirm;
  const tokens = new ReplayGuard();

  return async (app: FastifyInstance, ctx: ServerContext) => {
    // Signatures are over the exact bytes (and SNS posts JSON as text/plain): every body is kept raw.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body); });
    const parts = { store: ctx.store, bounces: options.bounces, clock: ctx.clock, logger: ctx.logger };
    const apply = async (reply: FastifyReply, events: ProviderEvent[]) => {
      try {
        const changed = await applyProviderEvents(parts, events);
        return reply.send({ ok: true, events: events.length, changed });
      } catch (err) {
        ctx.logger.error({ err }, 'webhook events could not be recorded; the provider will retry');
        return reply.code(503).send({ ok: false });
      }
    };
    const refuse = (reply: FastifyReply, provider: string, code: number, why: string) => {
      ctx.logger.warn({ provider }, `webhook refused: ${why}`);
      return reply.code(code).send({ ok: false, error: why });
    };

    if (options.ses) {
      const topic = options.ses.topicArn;
      app.post('/webhooks/ses', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
        const message = parseJson(request.body) as SnsMessage | null;
        if (!message || typeof message.Type !== 'string') return refuse(reply, 'ses', 400, 'not an SNS message');
        if (message.TopicArn !== topic) return refuse(reply, 'ses', 403, `topic ${JSON.stringify(message.TopicArn)} is not SES_TOPIC_ARN`);
        const problem = await snsSignatureProblem(message, fetchCertificate);
        if (problem) return refuse(reply, 'ses', 403, problem);
        const age = ctx.clock.now().getTime() - Date.parse(message.Timestamp);
        if (!(Math.abs(age) <= SNS_MAX_AGE_MS)) return refuse(reply, 'ses', 403, 'the message is too old (a replay)');
        if (message.Type === 'SubscriptionConfirmation') {
          if (!message.SubscribeURL || !isSnsUrl(message.SubscribeURL)) return refuse(reply, 'ses', 403, 'SubscribeURL is not on an SNS host');
          await confirm(message.SubscribeURL);
          ctx.logger.info({ topic }, 'confirmed the SNS subscription');
          return reply.send({ ok: true, confirmed: true });
        }
        if (message.Type !== 'Notification') return reply.send({ ok: true, events: 0 });
        const notification = parseJson(Buffer.from(message.Message ?? ''));
        return apply(reply, notification ? sesEvents(notification as Record<string, unknown>, message.MessageId) : []);
      });
    }

    if (options.postmark) {
      const expected = `Basic ${Buffer.from(options.postmark.auth).toString('base64')}`;
      app.post('/webhooks/postmark', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
        if (!sameSecret(request.headers.authorization ?? '', expected)) {
          reply.header('www-authenticate', 'Basic realm="gazette webhooks"');
          return refuse(reply, 'postmark', 401, 'wrong or missing credentials');
        }
        const body = parseJson(request.body);
        return body ? apply(reply, postmarkEvents(body as Record<string, unknown>)) : refuse(reply, 'postmark', 400, 'not JSON');
      });
    }

    if (options.mailgun) {
      const key = options.mailgun.signingKey;
      app.post('/webhooks/mailgun', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
        const body = parseJson(request.body) as Record<string, unknown> | null;
        if (!body) return refuse(reply, 'mailgun', 400, 'not JSON');
        const problem = mailgunSignatureProblem(body, key, ctx.clock.now().getTime(), tokens);
        return problem ? refuse(reply, 'mailgun', 401, problem) : apply(reply, mailgunEvents(body));
      });
    }

    if (sendgrid) {
      app.post('/webhooks/sendgrid', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = (name: string) => { const v = request.headers[name]; return Array.isArray(v) ? v[0] : v; };
        const problem = sendgridSignatureProblem(raw, header('x-twilio-email-event-webhook-signature'), header('x-twilio-email-event-webhook-timestamp'), sendgrid, ctx.clock.now().getTime());
        if (problem) return refuse(reply, 'sendgrid', 401, problem);
        const body = parseJson(raw);
        return body ? apply(reply, sendgridEvents(body)) : refuse(reply, 'sendgrid', 400, 'not JSON');
      });
    }
  };
}

function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return null;
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** Confirms an SNS subscription by visiting its SubscribeURL (checked to be an SNS host). */
async function defaultConfirm(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
  if (!response.ok) throw new GazetteError('TRANSPORT', `Confirming the SNS subscription failed: ${url.split('?')[0]} answered ${response.status}.`);
}
