// Real returned messages, built the way mail servers and feedback loops write
// them: a DSN (RFC 3464, multipart/report; report-type=delivery-status) and an
// ARF report (RFC 5965, report-type=feedback-report), each with the original
// message's headers, CRLF line ends throughout.
import { randomBytes } from 'node:crypto';

export interface DsnOptions {
  /** Where the DSN is mailed: the VERP return path. */
  to: string;
  finalRecipient: string;
  status: string;
  diagnostic: string;
  action?: string;
  /** The original message's envelope sender, quoted in its headers. */
  returnPath?: string;
  messageId?: string;
}

const crlf = (lines: string[]) => lines.join('\r\n');

/** A delivery status notification for one recipient. */
export function dsn(o: DsnOptions): string {
  const boundary = `dsn-${randomBytes(6).toString('hex')}`;
  return crlf([
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    `To: ${o.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: ${o.messageId ?? `<${randomBytes(8).toString('hex')}@mx.example.net>`}`,
    'Date: Thu, 03 Dec 2026 10:00:00 +0000',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.net.',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    'Arrival-Date: Thu, 03 Dec 2026 09:59:58 +0000',
    '',
    `Final-Recipient: rfc822; ${o.finalRecipient}`,
    `Original-Recipient: rfc822;${o.finalRecipient}`,
    `Action: ${o.action ?? (o.status.startsWith('5') ? 'failed' : 'delayed')}`,
    `Status: ${o.status}`,
    'Remote-MTA: dns; mail.example.org',
    `Diagnostic-Code: smtp; ${o.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `Return-Path: <${o.returnPath ?? o.to}>`,
    'From: Gazette <news@example.com>',
    `To: ${o.finalRecipient}`,
    'Subject: Gazette, 20 November 2026',
    '',
    `--${boundary}--`,
    '',
  ]);
}

export interface ArfOptions {
  /** Where the feedback loop mails its reports. */
  to: string;
  /** Original-Mail-From: the VERP return path of the reported message. */
  originalMailFrom?: string;
  originalRcptTo?: string;
  /** The reported message's List-Unsubscribe URL (some loops redact the recipient but keep it). */
  unsubscribeUrl?: string;
  feedbackType?: string;
  messageId?: string;
}

/** A feedback report about one message (a "this is spam" press). */
export function arf(o: ArfOptions): string {
  const boundary = `arf-${randomBytes(6).toString('hex')}`;
  return crlf([
    'From: Feedback Loop <fbl@isp.example.net>',
    `To: ${o.to}`,
    'Subject: FW: Gazette, 20 November 2026',
    `Message-ID: ${o.messageId ?? `<${randomBytes(8).toString('hex')}@isp.example.net>`}`,
    'Date: Thu, 03 Dec 2026 11:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.1.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${o.feedbackType ?? 'abuse'}`,
    'User-Agent: ExampleFBL/1.0',
    'Version: 1',
    ...(o.originalMailFrom ? [`Original-Mail-From: <${o.originalMailFrom}>`] : []),
    ...(o.originalRcptTo ? [`Original-Rcpt-To: <${o.originalRcptTo}>`] : []),
    'Arrival-Date: Thu, 03 Dec 2026 07:00:05 +0000',
    'Source-IP: 192.0.2.1',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: Gazette <news@example.com>',
    `To: ${o.originalRcptTo ?? 'redacted@isp.example.net'}`,
    'Subject: Gazette, 20 November 2026',
    ...(o.unsubscribeUrl ? [`List-Unsubscribe: <${o.unsubscribeUrl}>`] : []),
    'Content-Type: text/plain',
    '',
    'The Harbour Line tram carried its first passengers on Friday.',
    '',
    `--${boundary}--`,
    '',
  ]);
}
