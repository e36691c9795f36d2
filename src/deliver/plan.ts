// `send --dry-run`: everything short of sending. The message is prepared and
// filled in once for a sample recipient (so a template or header problem shows
// now, not mid-send), and the recipients are counted.
import type { RenderedIssue } from '../render/types.js';
import { editionKind } from '../editions/edition.js';
import { publicLink } from '../subscribers/links.js';
import { listIdFor, messageIdFor, parseSender } from './headers.js';
import type { SendLedger } from './ledger.js';
import { prepareMessage } from './message.js';

export interface DeliveryPlan {
  issue: string;
  /** Confirmed subscribers who read this kind of edition (daily or weekly), whenever they fall due. */
  recipients: number;
  /** Confirmed subscribers who already have this issue (someone who has it and left since is not counted). */
  skipped: number;
  /** Size of one filled-in message. */
  messageBytes: number;
}

/** Counts who would get the issue and prepares one message, sending nothing. */
export async function planDelivery(parts: { ledger: Pick<SendLedger, 'deliveredToConfirmed' | 'audienceGroups'> }, rendered: RenderedIssue, options: { mailFrom: string; publicUrl: string; listName: string }): Promise<DeliveryPlan> {
  const date = rendered.issue.date;
  const sender = parseSender(options.mailFrom);
  const message = await prepareMessage(rendered, { sender, listId: listIdFor(options.listName, sender), date: new Date() });
  const sample = message.personalise({
    to: 'subscriber@example.org',
    messageId: messageIdFor(date, 1, sender),
    unsubscribeUrl: publicLink(options.publicUrl, 'unsubscribe', 'sample'),
    preferencesUrl: publicLink(options.publicUrl, 'preferences', 'sample'),
    unsubscribeMailto: `mailto:unsubscribe@${sender.domain}?subject=unsubscribe%20sample`,
  });
  return {
    issue: date,
    // A weekly reader gets no daily issue and the other way round.
    recipients: (await parts.ledger.audienceGroups())
      .filter((g) => (g.frequency === 'daily') === (editionKind(date) === 'daily'))
      .reduce((n, g) => n + g.subscribers, 0),
    skipped: await parts.ledger.deliveredToConfirmed(date),
    messageBytes: sample.length,
  };
}
