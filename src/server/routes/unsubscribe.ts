// GET /unsubscribe?token=…: a page with one button (link scanners fetch links
// in mail; a GET must never unsubscribe anyone).
// POST /unsubscribe?token=…: RFC 8058 one-click, from mail clients with body
// "List-Unsubscribe=One-Click", or the page's button. Unsubscribes at once and
// answers 200; a repeat is a 200 with no second change; a token that is not
// genuine gets 400 and changes nothing.
import type { FastifyInstance } from 'fastify';
import { DEPARTED } from '../../subscribers/store.js';
import { readUnsubscribeToken } from '../../subscribers/links.js';
import type { ServerContext } from '../index.js';
import { noticePage, unsubscribeFormPage, unsubscribedPage } from '../pages.js';
import { retryWhileBusy } from '../storage.js';

const HTML = 'text/html; charset=utf-8';

/** Registers GET and POST /unsubscribe. */
export async function unsubscribeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // RFC 8058 lets mail clients send the POST as multipart/form-data, and some send
  // no content type at all. The body is not needed (the token is in the URL), so
  // in this scope any body that is not a plain form is read and set aside.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => { done(null, {}); });

  const invalid = () => noticePage(ctx.site, 'This link does not work', 'This unsubscribe link is not valid. Copy the whole link from the mail, or use the link in a more recent issue.');

  app.get('/unsubscribe', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).token;
    const key = readUnsubscribeToken(ctx.tokens, raw);
    const subscriber = key === null ? null : await ctx.store.find(key);
    if (!subscriber) return reply.code(400).type(HTML).send(invalid());
    if (DEPARTED.includes(subscriber.status)) return reply.type(HTML).send(unsubscribedPage(ctx.site, subscriber.email));
    return reply.type(HTML).send(unsubscribeFormPage(ctx.site, subscriber.email, raw as string));
  });

  app.post('/unsubscribe', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const key = readUnsubscribeToken(ctx.tokens, (request.query as Record<string, unknown>).token);
    const subscriber = key === null ? null : await ctx.store.find(key);
    if (!subscriber) return reply.code(400).type(HTML).send(invalid());
    const reason = body.via === 'page' ? 'unsubscribe page' : body['List-Unsubscribe'] === 'One-Click' ? 'one-click unsubscribe (RFC 8058)' : 'unsubscribe request';
    // Already bounced or complained: they get nothing either way; keep the more telling status.
    // A write lock held by a send or an import is waited out (without blocking
    // other requests), not answered with a 500 that loses the unsubscribe.
    let result;
    try {
      result = await retryWhileBusy(() => ctx.store.setStatus(subscriber.id, 'unsubscribed', { source: 'web', reason, onlyFrom: ['pending', 'confirmed'] }),
        { onWait: (attempt) => { if (attempt === 1) request.log.warn({ subscriber: subscriber.id }, 'unsubscribe: the database is locked; waiting'); } });
    } catch (err) {
      request.log.error({ err, subscriber: subscriber.id }, 'unsubscribe could not be recorded');
      return reply.code(503).header('retry-after', '60').type(HTML)
        .send(noticePage(ctx.site, 'Not done yet', 'Your unsubscribe could not be recorded just now. Please use the link again in a minute.'));
    }
    if (result?.changed) request.log.info({ subscriber: subscriber.id, reason }, 'unsubscribed');
    return reply.type(HTML).send(unsubscribedPage(ctx.site, subscriber.email));
  });
}
