// GET / and GET /subscribe: the form. POST /subscribe: double opt-in.
//
// The POST stores the address, answers with the same page whatever its state,
// and does the rest in the background (see background.ts): a new address is
// stored as pending and mailed a confirm link; a pending, unsubscribed or
// bounced one is mailed a fresh link (its status changes only when the link is
// used); a confirmed one, or one that complained of spam, is mailed nothing.
// Each client address gets a few tries a minute, and each mailbox at most one
// confirmation every few minutes and a few a day (counted per address, so
// clients taking turns cannot flood one inbox either). The few minutes do not
// hold against a reader who unsubscribed since the last mail (that mail's link
// no longer works); the few a day always hold.
//
// The form also carries the reader's time zone (picked by the page's script
// from the browser, or chosen by hand). It is stored only when the address is
// new: the form is public, so it must not let anyone change the preferences of
// someone already on the list (they have the preferences link in every issue).
import type { FastifyInstance } from 'fastify';
import { checkAddress } from '../../subscribers/address.js';
import { parseTimezone } from '../../subscribers/preferences.js';
import type { ServerContext } from '../index.js';
import { checkInboxPage, noticePage, subscribePage } from '../pages.js';
import { retryWhileBusy } from '../storage.js';

const HTML = 'text/html; charset=utf-8';

/** Registers the subscribe form and its POST. */
export async function subscribeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const limit = ctx.subscribeRateLimit ?? { max: 5, timeWindowMs: 60_000 };
  const resendGapMs = ctx.resendGapMs ?? 5 * 60_000;
  const listZone = ctx.listTimezone ?? 'UTC';

  for (const path of ['/', '/subscribe']) {
    app.get(path, async (_request, reply) => reply.type(HTML).send(subscribePage(ctx.site, listZone)));
  }

  app.post('/subscribe', { config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } } }, async (request, reply) => {
    const body = (request.body as Record<string, unknown> | undefined) ?? {};
    const typed = body.email;
    const checked = checkAddress(typeof typed === 'string' ? typed : '');
    const zone = parseTimezone(typeof body.timezone === 'string' ? body.timezone : '');
    if (!checked.ok || !zone.ok) {
      const shown = typeof typed === 'string' ? typed.slice(0, 254) : '';
      return reply.code(400).type(HTML).send(subscribePage(ctx.site, listZone, {
        email: shown,
        timezone: zone.ok ? zone.value ?? undefined : undefined,
        error: checked.ok ? undefined : `That address ${checked.reason}.`,
        zoneError: zone.ok ? undefined : `Time zone: ${zone.error}.`,
      }));
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
      let subscriber = outcome.subscriber;
      // Here, not before the answer: a slower answer for new addresses would tell who is on the list.
      if (outcome.kind === 'created' && zone.value !== null) {
        subscriber = (await retryWhileBusy(() => ctx.store.setPreferences(subscriber.id, { timezone: zone.value }, { source: 'web', reason: 'subscribe form' })))?.subscriber ?? subscriber;
      }
      if (subscriber.status === 'confirmed' || subscriber.status === 'complained') {
        request.log.info({ subscriber: subscriber.id, status: subscriber.status }, 'subscribe form: no mail for this status');
        return;
      }
      if (!(await retryWhileBusy(() => ctx.store.claimConfirmation(subscriber.id, resendGapMs, ctx.confirmationsPerDay ?? 3)))) {
        request.log.info({ subscriber: subscriber.id }, 'subscribe form: a confirmation whose link still works went out moments ago, or this address had its share today; not sending another');
        return;
      }
      const sent = await ctx.mailer.send(subscriber);
      if (sent.status === 'sent') request.log.info({ subscriber: subscriber.id }, 'confirmation mail sent');
      else request.log.warn({ subscriber: subscriber.id, outcome: sent }, 'confirmation mail not accepted');
    });
    return reply.type(HTML).send(checkInboxPage(ctx.site, email));
  });
}
