// Turns what nodemailer reports (an info object or an error with `code`,
// `responseCode`, `response`, `command`) into a SendOutcome, or into a
// GazetteError when the fault is the transport's own and no recipient is to
// blame (wrong password, sender refused, message larger than the server takes).
import { GazetteError } from '../../errors.js';
import type { SendOutcome } from '../transport.js';

/** The fields nodemailer puts on its errors. */
export interface SmtpErrorLike {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

// Connection-level trouble: the server never answered about this message.
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);
// Faults of the configuration, the same for every recipient.
const TRANSPORT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EOAUTH2', 'ECONFIG']);

/** The outcome of a message the server accepted. */
export function acceptedOutcome(response: string | undefined): SendOutcome {
  const text = response ?? '250 accepted';
  return { status: 'sent', code: replyCode(text) ?? 250, response: text };
}

/** The outcome of a failed send; throws GazetteError('TRANSPORT') for faults no recipient caused. */
export function failedOutcome(err: SmtpErrorLike, server: string): SendOutcome {
  const code = err.responseCode ?? replyCode(err.response);
  const response = oneLine(err.response ?? err.message ?? 'unknown error');
  const command = err.command;
  if (err.code && TRANSPORT_CODES.has(err.code)) {
    throw new GazetteError('TRANSPORT', `The SMTP server ${server} refused the connection setup (${err.code}: ${response}). Check the user, password and TLS settings in SMTP_URL.`, { cause: err });
  }
  if (code !== undefined && code >= 500 && command === 'MAIL FROM') {
    throw new GazetteError('TRANSPORT', `The SMTP server ${server} refused the sender (${response}). Check MAIL_FROM and that this server may send for its domain.`, { cause: err });
  }
  if (err.code === 'EMESSAGE' && code === undefined) {
    throw new GazetteError('TRANSPORT', `The SMTP server ${server} cannot take this message: ${response}. The issue is too large for it; shorten the issue or raise the server's size limit.`, { cause: err });
  }
  if (code !== undefined && code >= 400 && code < 500) return { status: 'temporary', code, response, command };
  if (code !== undefined && code >= 500) return { status: 'permanent', code, response, command };
  // No reply code: nodemailer refused the address itself (permanent), or the
  // connection failed before an answer (temporary; so is anything unknown, since
  // retrying costs little and giving up on a subscriber for a local hiccup is worse).
  if (err.code === 'EENVELOPE') return { status: 'permanent', response, command };
  if (err.code && CONNECTION_CODES.has(err.code)) return { status: 'temporary', response: `${err.code}: ${response}`, command };
  return { status: 'temporary', response, command };
}

function replyCode(response: string | undefined): number | undefined {
  const m = /^([2-5]\d\d)[\s-]/.exec(response ?? '');
  return m ? Number(m[1]) : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
