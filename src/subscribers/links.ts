// The signed links in mail: confirm (double opt-in), unsubscribe and preferences.
//
// An unsubscribe token names the subscriber's id and never expires: the link in
// an issue from last year must still work. A confirm token also carries when it
// was issued, so that it expires, and so that an old confirmation mail cannot
// re-subscribe someone who has unsubscribed since (see the confirm route).
// A preferences token follows the unsubscribe rules (the id, no expiry) under
// its own purpose, so neither link can be turned into the other.
import type { TokenSigner } from './tokens.js';
import type { SubscriberKey } from './store.js';

/** The absolute URL of `path` under PUBLIC_URL (which may itself have a path). */
export function publicLink(publicUrl: string, path: string, token?: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  const url = new URL(path.replace(/^\//, ''), base);
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

/** The confirm link for subscriber `id`, issued at `issuedAt` (kept to the millisecond, to order it against an unsubscribe). */
export function confirmLink(publicUrl: string, tokens: TokenSigner, id: number, issuedAt: Date): string {
  return publicLink(publicUrl, 'confirm', tokens.sign('confirm', `${id}:${issuedAt.getTime()}`));
}

/** The one-click unsubscribe link for subscriber `id` (the URL of List-Unsubscribe and of the page). */
export function unsubscribeLink(publicUrl: string, tokens: TokenSigner, id: number): string {
  return publicLink(publicUrl, 'unsubscribe', tokens.sign('unsubscribe', String(id)));
}

/** The preferences page link for subscriber `id` (in every issue's footer). */
export function preferencesLink(publicUrl: string, tokens: TokenSigner, id: number): string {
  return publicLink(publicUrl, 'preferences', tokens.sign('preferences', String(id)));
}

/** The subscriber and issue time a confirm token names, or null when it is not genuine. */
export function readConfirmToken(tokens: TokenSigner, token: unknown): { id: number; issuedAt: Date } | null {
  if (typeof token !== 'string') return null;
  const subject = tokens.verify('confirm', token);
  const match = subject ? /^(\d{1,15}):(\d{1,15})$/.exec(subject) : null;
  if (!match) return null;
  return { id: Number(match[1]), issuedAt: new Date(Number(match[2])) };
}

/**
 * The subscriber an unsubscribe token names, or null when it is not genuine.
 * The subject is normally the id; an address is accepted too, since the
 * signer's contract allows either.
 */
export function readUnsubscribeToken(tokens: TokenSigner, token: unknown): SubscriberKey | null {
  return readSubscriberToken(tokens, 'unsubscribe', token);
}

/** The subscriber a preferences token names, or null when it is not genuine (the same rules as unsubscribe). */
export function readPreferencesToken(tokens: TokenSigner, token: unknown): SubscriberKey | null {
  return readSubscriberToken(tokens, 'preferences', token);
}

function readSubscriberToken(tokens: TokenSigner, purpose: 'unsubscribe' | 'preferences', token: unknown): SubscriberKey | null {
  if (typeof token !== 'string') return null;
  const subject = tokens.verify(purpose, token);
  if (!subject) return null;
  if (/^\d{1,15}$/.test(subject)) return Number(subject);
  return subject.includes('@') ? subject : null;
}
