// The double opt-in mail: "confirm your subscription", with a signed link.
// Composed with nodemailer's MailComposer into raw bytes (multipart text and
// HTML), then handed to whatever Transport the app uses (SMTP or the outbox).
import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import Handlebars from 'handlebars';
import type { Clock } from '../clock.js';
import type { SendOutcome, Transport } from '../deliver/transport.js';
import { confirmLink } from './links.js';
import type { TokenSigner } from './tokens.js';
import type { Subscriber } from './types.js';

/** Sends the confirmation mail to one subscriber. */
export interface ConfirmationMailer {
  /** Composes and sends it; resolves to the transport's answer. */
  send(subscriber: Pick<Subscriber, 'id' | 'email'>): Promise<SendOutcome>;
}

export interface ConfirmationMailerParts {
  transport: Transport;
  tokens: TokenSigner;
  clock: Clock;
  /** PUBLIC_URL */
  publicUrl: string;
  /** MAIL_FROM, e.g. "Gazette <news@example.org>" */
  mailFrom: string;
  listName: string;
}

export interface ConfirmationMessage {
  to: string;
  from: string;
  listName: string;
  confirmUrl: string;
  messageId: string;
  date: Date;
}

const escapeHtml = Handlebars.Utils.escapeExpression;

/** A mailer that sends confirmation mail through `parts.transport`. */
export function createConfirmationMailer(parts: ConfirmationMailerParts): ConfirmationMailer {
  const sender = senderAddress(parts.mailFrom);
  const domain = sender.split('@')[1] ?? 'localhost';
  return {
    async send(subscriber) {
      const date = parts.clock.now();
      const messageId = `<confirm.${subscriber.id}.${randomBytes(6).toString('hex')}@${domain}>`;
      const raw = await composeConfirmation({
        to: subscriber.email,
        from: parts.mailFrom,
        listName: parts.listName,
        confirmUrl: confirmLink(parts.publicUrl, parts.tokens, subscriber.id, date),
        messageId,
        date,
      });
      // Distinct: a later confirmation is a new link, not a resend of this one, so the outbox must not overwrite it.
      return parts.transport.send({ to: subscriber.email, from: sender, messageId, raw, distinct: true });
    },
  };
}

/** The confirmation message as RFC 5322 bytes. */
export async function composeConfirmation(m: ConfirmationMessage): Promise<Buffer> {
  const text = [
    'Hello,',
    '',
    `Someone, probably you, asked to subscribe ${m.to} to ${m.listName}.`,
    'To confirm, open this link:',
    '',
    m.confirmUrl,
    '',
    'If you did not ask for this, ignore this mail: you will not be subscribed',
    'and will not hear from us again.',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Confirm your subscription to ${m.listName}`)}</title></head>
<body style="font-family: Georgia, serif; line-height: 1.5; max-width: 36em; margin: 0 auto; padding: 1em;">
<p>Hello,</p>
<p>Someone, probably you, asked to subscribe <strong>${escapeHtml(m.to)}</strong> to ${escapeHtml(m.listName)}.</p>
<p><a href="${escapeHtml(m.confirmUrl)}" style="display: inline-block; padding: 0.6em 1.2em; background: #1a4d8f; color: #ffffff; text-decoration: none; border-radius: 4px;">Confirm my subscription</a></p>
<p>Or copy this address into your browser:<br>${escapeHtml(m.confirmUrl)}</p>
<p>If you did not ask for this, ignore this mail: you will not be subscribed and will not hear from us again.</p>
</body></html>`;
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: `Confirm your subscription to ${m.listName}`,
    messageId: m.messageId,
    date: m.date,
    text,
    html,
    // RFC 3834: an automatic message, so auto-responders do not answer it.
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}

/** The bare address of MAIL_FROM ("Name <a@b>" -> "a@b"), for the SMTP envelope. */
export function senderAddress(mailFrom: string): string {
  const [first] = addressparser(mailFrom, { flatten: true });
  return first?.address || mailFrom;
}
