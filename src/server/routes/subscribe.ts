// GET / and GET /subscribe: the form. POST /subscribe: double opt-in.
//
// The POST stores the address, answers with the same page whatever its state,
// and does the rest in the background (see background.ts): a new address is
// stored as pending and mailed a confirm link; a pending, unsubscribed or
// bounced one is mailed a fresh link (its status changes only when the link is
// used); a confirmed one, or one that complained of spam, is mailed nothing.
// Each client address gets a few tries a minute, and each mailbox at most one
// confirmation every few minutes and a few a day (counted per address, so
// clients taking turns cannot flood one inbox either).
import type { FastifyInstance } from 'fastify';
import { checkAddress } from '../../subscribers/address.js';
import type { ServerContext } from '../index.js';
import { checkInboxPage, noticePage, subscribePage } from '../pages.js';
import { retryWhileBusy } from '../storage.js';

const HTML = 'text/html; charset=utf-8';

/** Registers the subscribe form and its POST. */
export async function subscribeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const limit = ctx.subscribeRateLimit ?? { max: 5, timeWindowMs: 60_000 };
  const resendGapMs = ctx.resendGapMs ?? 5 * 60_000;

  for (const path of ['/', '/subscribe']) {
    app.get(path, async (_request, reply) => reply.type(HTML).send(subscribePage(ctx.site)));
  }

  app.post('/subscribe', { config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } } }, async (request, reply) => {
    const typed = (request.body as Record<string, unknown> | undefined)?.email;
    const checked = checkAddress(typeof typed === 'string' ? typed : '');
    if (!checked.ok) {
      const shown = typeof typed === 'string' ? typed.slice(0, 254) : '';
      return reply.code(400).type(HTML).send(subscribePage(ctx.site, { email: shown, error: `That address ${checked.reason}.` }));
    }
    const email = checked.email;
    // Stored before the answer: "check your inbox" only when the address really
    // is on the list. (Looking it up and mailing stay in the background.)
    let outcome;
    try {
      [outcome] = await retryWhileBusy(() => ctx.store.upsertMany([{ email, status: 'pending' }], { source: 'web', reason: 'subscribe form' }));
    } catch (err) {
      request.log.error({ err }, 'subscribe form: could not store the address');
      return reply.code(503).header('retry-after', '300').type(HTML)
        .send(noticePage(ctx.site, 'Not saved', 'Your address could not be saved just now, so no confirmation mail is coming. Please try again in a few minutes.', true));
    }
    ctx.tasks.run('subscribe', async () => {
      if (!outcome || outcome.kind === 'duplicate') return;
      const subscriber = outcome.subscriber;
      if (subscriber.status === 'confirmed' || subscriber.status === 'complained') {
        request.log.info({ subscriber: subscriber.id, status: subscriber.status }, 'subscribe form: no mail for this status');
        return;
      }
      if (!(await retryWhileBusy(() => ctx.store.claimConfirmation(subscriber.id, resendGapMs, ctx.confirmationsPerDay ?? 3)))) {
        request.log.info({ subscriber: subscriber.id }, 'subscribe form: a confirmation went out moments ago, or this address had its share today; not sending another');
        return;
      }
      const sent = await ctx.mailer.send(subscriber);
      if (sent.status === 'sent') request.log.info({ subscriber: subscriber.id }, 'confirmation mail sent');
      else request.log.warn({ subscriber: subscriber.id, outcome: sent }, 'confirmation mail not accepted');
    });
    return reply.type(HTML).send(checkInboxPage(ctx.site, email));
  });
}
