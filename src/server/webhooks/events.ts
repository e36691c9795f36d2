// What a provider's webhook reports, in one shape, and what it does to the
// list: a hard bounce marks the subscriber bounced, a complaint complained
// (soft bounces are the provider's to retry). Each event is recorded under the
// provider's own event id, so a webhook delivered twice (a retry, or a replay
// inside the signature's time window) changes nothing the second time.
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { BounceStore } from '../../bounces/store.js';
import type { SubscriberStore } from '../../subscribers/store.js';

export interface ProviderEvent {
  provider: 'ses' | 'postmark' | 'mailgun' | 'sendgrid';
  /** The provider's id of this event (unique per provider). */
  eventId: string;
  email: string;
  kind: 'hard' | 'complaint';
  status: string | null;
  diagnostic: string | null;
}

export interface EventParts {
  store: Pick<SubscriberStore, 'find' | 'setStatus'>;
  bounces: BounceStore;
  clock: Clock;
  logger: Logger;
}

/** Applies events in order; resolves to how many changed a subscriber. */
export async function applyProviderEvents(parts: EventParts, events: readonly ProviderEvent[]): Promise<number> {
  let changed = 0;
  for (const event of events) {
    const subscriber = await parts.store.find(event.email);
    if (!subscriber) {
      parts.logger.info({ provider: event.provider, eventId: event.eventId }, 'webhook event about an address not on the list; ignored');
      continue;
    }
    const diagnostic = event.diagnostic?.replace(/[\x00-\x1f\x7f]+/g, ' ').slice(0, 300) ?? null;
    const fresh = await parts.bounces.record({
      reportId: `${event.provider}:${event.eventId}`, subscriberId: subscriber.id, issueDate: null,
      kind: event.kind, status: event.status, diagnostic, at: parts.clock.now().toISOString(),
    });
    if (!fresh) continue;
    const detail = [event.status, diagnostic].filter(Boolean).join(' ');
    const result = event.kind === 'complaint'
      ? await parts.store.setStatus(subscriber.id, 'complained', { source: 'delivery', reason: `complaint reported by ${event.provider}${detail ? `: ${detail}` : ''}` })
      : await parts.store.setStatus(subscriber.id, 'bounced', { source: 'delivery', reason: `hard bounce reported by ${event.provider}${detail ? `: ${detail}` : ''}`, onlyFrom: ['pending', 'confirmed'] });
    if (result?.changed) changed++;
    parts.logger.info({ provider: event.provider, subscriberId: subscriber.id, kind: event.kind, status: event.status }, 'webhook event applied');
  }
  return changed;
}
