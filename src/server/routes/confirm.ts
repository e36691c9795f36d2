// GET /confirm?token=…: the link in the confirmation mail.
//
// A confirm token names the subscriber and when it was issued. It works for
// CONFIRM_MAX_AGE, for a pending subscriber, and for one who unsubscribed (or
// bounced) before the token was issued: that is someone who came back through
// the form. A token issued before the unsubscribe never undoes it.
import type { FastifyInstance } from 'fastify';
import { readConfirmToken } from '../../subscribers/links.js';
import type { ServerContext } from '../index.js';
import { confirmedPage, noticePage } from '../pages.js';
import { retryWhileBusy } from '../storage.js';

const HTML = 'text/html; charset=utf-8';

/** Registers GET /confirm. */
export async function confirmRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const maxAgeMs = ctx.confirmMaxAgeMs ?? 7 * 24 * 3600_000;
  const invalid = () => noticePage(ctx.site, 'This link does not work', 'This confirmation link is not valid. Copy the whole link from the mail, or subscribe again to get a new one.', true);

  app.get('/confirm', async (request, reply) => {
    const token = readConfirmToken(ctx.tokens, (request.query as Record<string, unknown>).token);
    if (!token) return reply.code(400).type(HTML).send(invalid());
    if (ctx.clock.now().getTime() - token.issuedAt.getTime() > maxAgeMs) {
      return reply.code(400).type(HTML).send(noticePage(ctx.site, 'This link has expired', 'Confirmation links work for a few days only. Subscribe again to get a new one.', true));
    }
    const subscriber = await ctx.store.find(token.id);
    if (!subscriber) return reply.code(400).type(HTML).send(invalid());

    if (subscriber.status === 'confirmed') return reply.type(HTML).send(confirmedPage(ctx.site, subscriber.email));
    let reason = 'confirmed with the emailed link';
    if (subscriber.status === 'unsubscribed' || subscriber.status === 'bounced') {
      const history = await ctx.store.history(subscriber.id);
      const left = history.at(-1)?.at;
      if (!left || token.issuedAt.getTime() < Date.parse(left)) {
        return reply.code(400).type(HTML).send(noticePage(ctx.site, 'This link is out of date', `${subscriber.email} unsubscribed after this link was sent, so it no longer works. Subscribe again to get a new one.`, true));
      }
      reason = `re-subscribed with the emailed link (was ${subscriber.status})`;
    } else if (subscriber.status !== 'pending') {
      return reply.code(400).type(HTML).send(invalid());
    }
    const result = await retryWhileBusy(() => ctx.store.setStatus(subscriber.id, 'confirmed', { source: 'web', reason, onlyFrom: [subscriber.status] }));
    if (!result || result.subscriber.status !== 'confirmed') return reply.code(400).type(HTML).send(invalid());
    return reply.type(HTML).send(confirmedPage(ctx.site, result.subscriber.email));
  });
}
