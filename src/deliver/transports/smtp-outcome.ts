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
  /** The system error's own code (ECONNRESET, EPIPE, ECONNREFUSED) when nodemailer replaced it with its own (ESOCKET). */
  originalCode?: string;
  /** Which of nodemailer's timers ran out: CONNECT_TIMEOUT, GREETING_TIMEOUT, UPGRADE_TIMEOUT, SOCKET_TIMEOUT. */
  timeoutType?: string;
}

// Connection-level trouble: the server never answered about this message.
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);
// A session that was up went silent or was cut. nodemailer reports these with
// the command 'CONN' whatever the phase, so one may have come after the final
// dot of DATA, when the server may already have taken the message.
const MID_SESSION_CODES = new Set(['ECONNRESET', 'EPIPE']);
// Faults of the configuration, the same for every recipient.
const TRANSPORT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EOAUTH2', 'ECONFIG']);

/** The outcome of a message the server accepted. */
export function acceptedOutcome(response: string | undefined): SendOutcome {
  const text = response ?? '250 accepted';
  return { status: 'sent', code: replyCode(text) ?? 250, response: text };
}

// Node's messages for a certificate it cannot verify.
const CERTIFICATE_TROUBLE = /certificate|self[- ]signed|unable to verify|CERT_|altnames/i;

/** The outcome of a failed send; throws GazetteError('TRANSPORT') for faults no recipient caused. */
export function failedOutcome(err: SmtpErrorLike, server: string, settings: { requireTls?: boolean } = {}): SendOutcome {
  const code = err.responseCode ?? replyCode(err.response);
  const response = oneLine(err.response ?? err.message ?? 'unknown error');
  const command = err.command;
  if (CERTIFICATE_TROUBLE.test(err.message ?? '') && (err.code === 'ETLS' || err.code === 'ESOCKET' || err.code === 'ECONNECTION')) {
    throw new GazetteError('TRANSPORT', `The SMTP server ${server} presented a TLS certificate that could not be verified (${oneLine(err.message ?? '')}). If the relay's certificate is signed by a private CA, set SMTP_CA_FILE to that CA's PEM file; check that the host name in SMTP_URL is the one the certificate names.`, { cause: err });
  }
  if (err.code === 'ETLS' && settings.requireTls) {
    throw new GazetteError('TRANSPORT', `The SMTP server ${server} did not set up TLS (${response}), and SMTP_REQUIRE_TLS is on, so nothing was sent in the clear. Use smtps:// if the relay takes TLS from the first byte (port 465), or ask its operator to offer STARTTLS.`, { cause: err });
  }
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
  // Possibly after the body: an ordinary temporary failure that uses up an attempt (a resend may be a duplicate).
  if (mayFollowBody(err)) return { status: 'temporary', response: `${err.code ?? 'ERROR'}: ${response}`, command };
  // The server never answered about this message: the relay is down or unreachable, not the recipient's fault.
  if (err.code && CONNECTION_CODES.has(err.code)) return { status: 'temporary', response: `${err.code}: ${response}`, command, connection: true };
  return { status: 'temporary', response, command, connection: !command || command === 'CONN' };
}

/** Whether a failure without a reply may have come after the message body reached the server. */
function mayFollowBody(err: SmtpErrorLike): boolean {
  if (err.command === 'DATA') return true;
  if (err.code === 'ETIMEDOUT') return err.timeoutType === undefined || err.timeoutType === 'SOCKET_TIMEOUT';
  return MID_SESSION_CODES.has(err.originalCode ?? err.code ?? '');
}

/**
 * An answer as a person reads it: "550 5.1.1 No such user", with the reply
 * code once (servers' texts already start with it, so prefixing it again gave
 * "550 550 5.1.1").
 */
export function formatAnswer(code: number | null | undefined, message: string | null | undefined): string {
  const text = (message ?? '').trim();
  if (code === null || code === undefined) return text;
  return text.startsWith(String(code)) ? text : `${code} ${text}`.trim();
}

function replyCode(response: string | undefined): number | undefined {
  const m = /^([2-5]\d\d)[\s-]/.exec(response ?? '');
  return m ? Number(m[1]) : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
