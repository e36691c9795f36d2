// Each provider's webhook: how its authenticity is checked, and which of its
// events are a hard bounce or a complaint. Payload shapes follow each
// provider's documentation; anything else in them is ignored.
import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { ProviderEvent } from './events.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Constant-time equality of two strings. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** SES notifications (the Message of an SNS notification), classic and event-publishing formats. */
export function sesEvents(notification: Json, snsMessageId: string): ProviderEvent[] {
  const type = str(notification.notificationType) ?? str(notification.eventType);
  const events: ProviderEvent[] = [];
  if (type === 'Bounce') {
    const bounce = obj(notification.bounce);
    // Transient and Undetermined bounces are SES's to retry; only Permanent ones end a subscription.
    if (bounce.bounceType !== 'Permanent') return [];
    for (const r of arr(bounce.bouncedRecipients).map(obj)) {
      const email = str(r.emailAddress);
      if (email) events.push({ provider: 'ses', eventId: `${str(bounce.feedbackId) ?? snsMessageId}:${email}`, email, kind: 'hard', status: str(r.status), diagnostic: str(r.diagnosticCode) });
    }
  } else if (type === 'Complaint') {
    const complaint = obj(notification.complaint);
    // "not-spam" is a feedback report saying the opposite of a complaint.
    if (complaint.complaintFeedbackType === 'not-spam') return [];
    for (const r of arr(complaint.complainedRecipients).map(obj)) {
      const email = str(r.emailAddress);
      if (email) events.push({ provider: 'ses', eventId: `${str(complaint.feedbackId) ?? snsMessageId}:${email}`, email, kind: 'complaint', status: str(complaint.complaintFeedbackType), diagnostic: null });
    }
  }
  return events;
}

/** Postmark's bounce and spam complaint webhooks (one record per request). */
export function postmarkEvents(body: Json): ProviderEvent[] {
  const email = str(body.Email);
  const id = str(body.ID);
  if (!email || !id) return [];
  if (body.RecordType === 'SpamComplaint' || body.Type === 'SpamComplaint') {
    return [{ provider: 'postmark', eventId: id, email, kind: 'complaint', status: 'SpamComplaint', diagnostic: str(body.Description) }];
  }
  if (body.RecordType === 'Bounce' && (body.Type === 'HardBounce' || body.Type === 'BadEmailAddress')) {
    return [{ provider: 'postmark', eventId: id, email, kind: 'hard', status: str(body.Type), diagnostic: str(body.Details) ?? str(body.Description) }];
  }
  return [];
}

/** Why a Mailgun signature is not acceptable (forged, stale, replayed), or null. */
export function mailgunSignatureProblem(body: Json, signingKey: string, nowMs: number, seen: ReplayGuard): string | null {
  const signature = obj(body.signature);
  const timestamp = str(signature.timestamp);
  const token = str(signature.token);
  const given = str(signature.signature);
  if (!timestamp || !token || !given) return 'no signature';
  const expected = createHmac('sha256', signingKey).update(timestamp + token).digest('hex');
  if (!sameSecret(given.toLowerCase(), expected)) return 'the signature does not match';
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_AGE_MS) return 'the timestamp is too old (or in the future)';
  if (!seen.first(`mailgun:${token}`, nowMs)) return 'the token was used before (a replay)';
  return null;
}

/** Mailgun's events: permanent failures and complaints. */
export function mailgunEvents(body: Json): ProviderEvent[] {
  const data = obj(body['event-data']);
  const email = str(data.recipient);
  const id = str(data.id);
  if (!email || !id) return [];
  if (data.event === 'complained') return [{ provider: 'mailgun', eventId: id, email, kind: 'complaint', status: 'complained', diagnostic: null }];
  if (data.event === 'failed' && data.severity === 'permanent') {
    const status = obj(data['delivery-status']);
    return [{ provider: 'mailgun', eventId: id, email, kind: 'hard', status: str(status.code), diagnostic: str(status.description) ?? str(status.message) ?? str(data.reason) }];
  }
  return [];
}

/** SendGrid's verification key (the base64 DER public key its settings page shows), or null when unusable. */
export function sendgridKey(base64: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(base64.replace(/-----[^-]+-----|\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' ? key : null;
  } catch {
    return null;
  }
}

/** Why a SendGrid signed event webhook is not acceptable, or null. */
export function sendgridSignatureProblem(raw: Buffer, signature: string | undefined, timestamp: string | undefined, key: KeyObject, nowMs: number): string | null {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return 'no signature';
  const ok = verify('sha256', Buffer.concat([Buffer.from(timestamp), raw]), key, Buffer.from(signature, 'base64'));
  if (!ok) return 'the signature does not match';
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_AGE_MS) return 'the timestamp is too old (or in the future)';
  return null;
}

/** SendGrid's events: bounces (not blocks, which are temporary refusals) and spam reports. */
export function sendgridEvents(body: unknown): ProviderEvent[] {
  return arr(body).map(obj).flatMap((e): ProviderEvent[] => {
    const email = str(e.email);
    const id = str(e.sg_event_id);
    if (!email || !id) return [];
    if (e.event === 'spamreport') return [{ provider: 'sendgrid', eventId: id, email, kind: 'complaint', status: 'spamreport', diagnostic: null }];
    if (e.event === 'bounce' && (e.type === undefined || e.type === 'bounce')) return [{ provider: 'sendgrid', eventId: id, email, kind: 'hard', status: str(e.status), diagnostic: str(e.reason) }];
    return [];
  });
}

/** Signed webhooks older than this are refused: a captured request cannot be replayed later. */
export const MAX_AGE_MS = 5 * 60_000;

/** Remembers one-time values (Mailgun tokens) for as long as their signatures are accepted. */
export class ReplayGuard {
  private seen = new Map<string, number>();
  /** True the first time `value` is offered within MAX_AGE_MS. */
  first(value: string, nowMs: number): boolean {
    for (const [v, at] of this.seen) {
      if (nowMs - at <= 2 * MAX_AGE_MS) break;
      this.seen.delete(v);
    }
    if (this.seen.has(value)) return false;
    this.seen.set(value, nowMs);
    return true;
  }
}
