// `send --to ADDRESS`: one copy of the issue to one address, for the editor to
// look at. It goes through the same preparation and transport as the real
// thing but is not recorded in the ledger, so it never counts as a delivery.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { GazetteError } from '../errors.js';
import type { RenderedIssue } from '../render/types.js';
import { publicLink } from '../subscribers/links.js';
import { listIdFor, parseSender, recipientAddress } from './headers.js';
import { prepareMessage } from './message.js';
import type { SendOutcome, Transport } from './transport.js';

export interface TestCopyOptions {
  to: string;
  mailFrom: string;
  publicUrl: string;
  listName: string;
}

/** Sends one unrecorded copy of `rendered` to `options.to`; resolves to the server's answer. */
export async function sendTestCopy(parts: { transport: Transport; clock: Clock }, rendered: RenderedIssue, options: TestCopyOptions): Promise<SendOutcome & { messageId: string }> {
  const address = recipientAddress(options.to);
  if (!address.ok) throw new GazetteError('INPUT', `--to ${JSON.stringify(options.to)}: ${address.reason}.`);
  const sender = parseSender(options.mailFrom);
  const message = await prepareMessage(rendered, { sender, listId: listIdFor(options.listName, sender), date: parts.clock.now() });
  // A fresh Message-ID: each test copy is a message of its own, never mistaken for a subscriber's copy.
  const messageId = `<${rendered.issue.date}.test.${randomUUID()}@${sender.domain}>`;
  // The address is not a subscriber; the link leads to the unsubscribe page, which will refuse the placeholder token.
  const unsubscribeUrl = publicLink(options.publicUrl, 'unsubscribe', 'test-copy');
  // Likewise the preferences link: the page shows it, and says the placeholder is no subscriber's.
  const preferencesUrl = publicLink(options.publicUrl, 'preferences', 'test-copy');
  const raw = message.personalise({ to: address.address, messageId, unsubscribeUrl, preferencesUrl, unsubscribeMailto: `mailto:unsubscribe@${sender.domain}?subject=unsubscribe%20test-copy` });
  const outcome = await parts.transport.send({ to: address.address, from: sender.address, messageId, raw });
  return { ...outcome, messageId };
}
