// VERP: every issue's envelope sender is bounces+<token>@<bounce domain>, so a
// delivery status notification comes back to an address that names the issue
// and the subscriber, without guessing from the report's text (which mail
// servers word in a hundred ways).
//
// Token: <edition>-<subscriber id>-<20 lowercase hex digits of an HMAC>, the
// edition as yyyymmdd (a daily issue) or yyyywNN (a weekly one: 2026-W49 is
// 2026w49, lowercase because some servers lowercase the local part). Not
// the base64url unsubscribe token: an address's local part has at most 64
// characters and some servers lowercase it, so the token is short and uses
// digits, lowercase letters and hyphens only. 80 bits of MAC are far beyond
// guessing by mail. The MAC's purpose ('return-path') differs from the
// unsubscribe one, so a return path never works as an unsubscribe link.
import { timingSafeEqual } from 'node:crypto';
import type { TokenSigner } from '../subscribers/tokens.js';

/** Whom and what issue a return path names. */
export interface ReturnPathSubject {
  issueDate: string;
  subscriberId: number;
}

export type ReturnPathReading =
  | ({ ok: true } & ReturnPathSubject)
  /** The address has the shape of a return path but its MAC does not match (forged or from another key). */
  | { ok: false; reason: string };

const PREFIX = 'bounces+';
const MAC_HEX = 20;
const TOKEN = /^(?:(\d{4})(\d{2})(\d{2})|(\d{4})w(\d{2}))-(\d{1,15})-([0-9a-f]{20})$/;

type Digest = Pick<TokenSigner, 'digest'>;

/** The envelope sender for one subscriber's copy of one issue. */
export function returnPathFor(tokens: Digest, bounceDomain: string, subject: ReturnPathSubject): string {
  const mac = tokens.digest('return-path', `${subject.issueDate}.${subject.subscriberId}`).toString('hex').slice(0, MAC_HEX);
  return `${PREFIX}${compactEdition(subject.issueDate)}-${subject.subscriberId}-${mac}@${bounceDomain}`;
}

/** 2026-12-03 -> 20261203; 2026-W49 -> 2026w49. */
function compactEdition(key: string): string {
  return key.replaceAll('-', '').toLowerCase();
}

/** True when `address` is a return-path address (any token) at `bounceDomain`; the signature is not checked here. */
export function looksLikeReturnPath(address: string, bounceDomain: string): boolean {
  const lower = address.toLowerCase();
  return lower.startsWith(PREFIX) && lower.endsWith(`@${bounceDomain.toLowerCase()}`);
}

/** Reads a return-path address (any case); null when it is not one, { ok: false } when its MAC is wrong. */
export function readReturnPath(tokens: Digest, bounceDomain: string, address: string): ReturnPathReading | null {
  if (!looksLikeReturnPath(address, bounceDomain)) return null;
  const lower = address.toLowerCase();
  const token = lower.slice(PREFIX.length, lower.lastIndexOf('@'));
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: `the return path ${address} has no well-formed token` };
  const issueDate = match[1] ? `${match[1]}-${match[2]}-${match[3]}` : `${match[4]}-W${match[5]}`;
  const subscriberId = Number(match[6]);
  const expected = tokens.digest('return-path', `${issueDate}.${subscriberId}`).subarray(0, MAC_HEX / 2);
  const given = Buffer.from(match[7]!, 'hex');
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: `the return path ${address} has a token that fails its signature` };
  return { ok: true, issueDate, subscriberId };
}
