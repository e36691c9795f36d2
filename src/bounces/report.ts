// What a returned message says: a delivery status notification (RFC 3464), a
// feedback report (RFC 5965), or neither. mailparser does the MIME work
// (structure, transfer encodings, charsets); the report parts themselves are
// blocks of "Name: value" fields, read here with a few lines (mailparser hands
// them over as raw text and has no reader for their fields).
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';

/** One recipient block of a DSN. */
export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: string | null;
  /** The enhanced status code, such as 5.1.1. */
  status: string | null;
  diagnostic: string | null;
}

export interface ParsedReport {
  /** The Message-ID of the report (or a hash of its bytes when it has none): processing is keyed by it. */
  reportId: string;
  kind: 'dsn' | 'arf' | 'other';
  /** DSN recipient blocks. */
  recipients: DsnRecipient[];
  /** ARF fields (lowercased names), when kind is 'arf'. */
  feedback: Record<string, string>;
  /** Addresses the report says it was delivered to (Delivered-To, X-Original-To, To). */
  deliveredTo: string[];
  subject: string;
  /** Every text the report holds (raw, decoded body, parts), to search for return paths and tokens. */
  searchable: string;
  /** True for an auto-reply that is not a bounce (a vacation notice). */
  autoReply: boolean;
}

/** Parses one returned message. Throws only when the bytes are not a message at all. */
export async function parseReport(raw: Buffer): Promise<ParsedReport> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const type = contentType(mail);
  const reportType = type.params['report-type']?.toLowerCase();
  const parts = mail.attachments.map((a) => ({ type: a.contentType.toLowerCase(), text: a.content.toString('utf8') }));
  const statusPart = parts.find((p) => p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status');
  const feedbackPart = parts.find((p) => p.type === 'message/feedback-report');
  const kind = type.value === 'multipart/report' && reportType === 'delivery-status' && statusPart ? 'dsn'
    : type.value === 'multipart/report' && reportType === 'feedback-report' && feedbackPart ? 'arf'
      : statusPart ? 'dsn' : feedbackPart ? 'arf' : 'other';
  const recipients = kind === 'dsn' ? fieldBlocks(statusPart!.text).slice(1).map(recipientOf).filter((r) => r.status || r.finalRecipient) : [];
  const feedback = kind === 'arf' ? (fieldBlocks(feedbackPart!.text)[0] ?? {}) : {};
  const messageId = mail.messageId?.trim();
  const autoSubmitted = String(mail.headers.get('auto-submitted') ?? '').toLowerCase();
  return {
    reportId: messageId || `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    kind,
    recipients,
    feedback,
    deliveredTo: ['delivered-to', 'x-original-to', 'to'].flatMap((h) => addressesIn(headerText(mail, h))),
    subject: mail.subject ?? '',
    searchable: [raw.toString('latin1'), mail.text ?? '', ...parts.map((p) => p.text)].join('\n'),
    autoReply: kind === 'other' && (autoSubmitted === 'auto-replied' || /^(auto|out of office|automatic reply)/i.test(mail.subject ?? '')),
  };
}

function contentType(mail: ParsedMail): { value: string; params: Record<string, string> } {
  const header = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined;
  if (header && typeof header === 'object') return { value: (header.value ?? '').toLowerCase(), params: header.params ?? {} };
  return { value: String(header ?? '').toLowerCase(), params: {} };
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name) as unknown;
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: string }).text);
  if (Array.isArray(value)) return value.map(String).join(', ');
  return value === undefined ? '' : String(value);
}

/** The report part's field blocks (per-message, then one per recipient), names lowercased, folded lines joined. */
export function fieldBlocks(text: string): Record<string, string>[] {
  return text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/).map((block) => {
    const fields: Record<string, string> = {};
    for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      // The first occurrence wins (a field repeated by a broken reporter is ignored).
      fields[name] ??= line.slice(colon + 1).trim();
    }
    return fields;
  }).filter((f) => Object.keys(f).length > 0);
}

function recipientOf(fields: Record<string, string>): DsnRecipient {
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.status ?? '')?.[1] ?? null;
  return {
    finalRecipient: typedAddress(fields['final-recipient']),
    originalRecipient: typedAddress(fields['original-recipient']),
    action: fields.action?.toLowerCase() ?? null,
    status,
    diagnostic: fields['diagnostic-code']?.replace(/^[\w-]+;\s*/, '') ?? null,
  };
}

/** "rfc822; someone@example.org" -> the address. */
function typedAddress(value: string | undefined): string | null {
  if (!value) return null;
  const address = value.replace(/^[\w-]+\s*;\s*/, '').replace(/^<|>$/g, '').trim();
  return address.includes('@') ? address : null;
}

/** The addresses in a header's text ("Name <a@b>, c@d"). */
export function addressesIn(text: string): string[] {
  return [...text.matchAll(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g)].map((m) => m[0]);
}
