// Subscriber addresses: one check and one normal form, used by the CLI, the
// importer and the subscribe form alike.
//
// The syntax and length rules (RFC 5321/5322 dot-atoms, 64-octet local part,
// 254-octet address, a real domain with a TLD) come from validator's isEmail.
// In front of it sit the checks it does not make, because an address here ends
// up in an SMTP envelope and a To header: no control characters (CR/LF header
// injection), and no quoted local parts, display names, comments or lists
// (`"a,b"@x`, `Name <a@x>`, `a@x, b@y`, `a@x; b@y`), which are legal somewhere
// in RFC 5322 but never a single bare address typed into a form.
//
// Normal form: surrounding blanks trimmed, the domain lowercased and in its
// ASCII (punycode) form. The local part keeps its case, since RFC 5321 lets a
// server treat it as case-sensitive and the address is sent as typed; but the
// uniqueness key lowercases it too, since in practice every provider ignores
// case and one person must not get two copies because they typed "Ann" once
// and "ann" once.
import { domainToASCII } from 'node:url';
import isEmailModule from 'validator/lib/isEmail.js';

// validator is CommonJS whose types declare an ES default export; its module
// object carries the function as `.default` too, which satisfies both views.
const isEmail = isEmailModule.default;

// Every reason reads on after "The address …" or "That address …" (it starts
// with a verb), so each caller can put it in its own sentence.
export type AddressCheck =
  | { ok: true; email: string; key: string }
  | { ok: false; reason: string };

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const NOT_IN_A_BARE_ADDRESS = /[\s,;:<>()[\]"\\]/;
const CHARACTER_NAMES: Record<string, string> = {
  ',': 'comma', ';': 'semicolon', ':': 'colon', '<': 'angle bracket', '>': 'angle bracket',
  '(': 'parenthesis', ')': 'parenthesis', '[': 'square bracket', ']': 'square bracket',
  '"': 'double quote', '\\': 'backslash',
};

// A list has few distinct domains (gmail.com on a third of it), and an import
// checks every line: the IDNA mapping is remembered per domain as typed. The
// cache starts over when full, so memory stays bounded whatever the file holds.
const DOMAIN_CACHE_SIZE = 4096;
const asciiDomains = new Map<string, string>();
function asciiDomain(domain: string): string {
  let ascii = asciiDomains.get(domain);
  if (ascii === undefined) {
    if (asciiDomains.size >= DOMAIN_CACHE_SIZE) asciiDomains.clear();
    ascii = domainToASCII(domain);
    asciiDomains.set(domain, ascii);
  }
  return ascii;
}

// The shape nearly every address on a list has: a dot-atom of letters, digits
// and _ + - before the "@"; after it, LDH labels (no "--", so no punycode) and
// an alphabetic TLD. For these every step of checkFully is known to pass and
// to change nothing but the domain's case (domainToASCII lowercases plain
// ASCII labels; isEmail accepts such atoms and labels), so the answer is
// given without them: validator's isEmail was most of an import's per-row
// cost. Anything else takes the full check. test/subscribers/address.test.ts
// compares both paths on the fixtures and on generated edge cases.
const PLAIN_LOCAL = /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*$/;
const PLAIN_DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** The answer for a plainly valid ASCII address, or null when it needs the full check. */
function plainAddress(input: string): AddressCheck | null {
  const at = input.indexOf('@');
  if (at < 1 || at > MAX_LOCAL || input.length > MAX_ADDRESS) return null;
  const local = input.slice(0, at);
  const domain = input.slice(at + 1);
  if (domain.includes('--') || !PLAIN_LOCAL.test(local) || !PLAIN_DOMAIN.test(domain)) return null;
  const email = `${local}@${domain.toLowerCase()}`;
  return { ok: true, email, key: email.toLowerCase() };
}

/** Checks one address and returns its normal form and uniqueness key, or why it is refused. */
export function checkAddress(input: unknown): AddressCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'is missing' };
  return plainAddress(input) ?? checkFully(input);
}

/** checkAddress without the shortcut for plain addresses (exported to test that both agree). */
export function checkFully(input: string): AddressCheck {
  const trimmed = input.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  if (CONTROL.test(trimmed)) {
    return { ok: false, reason: 'contains a line break or another control character; an address is a single line' };
  }
  const odd = NOT_IN_A_BARE_ADDRESS.exec(trimmed);
  if (odd) {
    const shown = /\s/.test(odd[0]) ? 'a space' : `a ${CHARACTER_NAMES[odd[0]] ?? 'forbidden character'} (${odd[0]})`;
    return { ok: false, reason: `contains ${shown}; give exactly one bare address such as name@example.org, without a display name` };
  }
  const at = trimmed.lastIndexOf('@');
  if (at < 0 || trimmed.indexOf('@') !== at) {
    return { ok: false, reason: 'must contain exactly one "@", as in name@example.org' };
  }
  const local = trimmed.slice(0, at).normalize('NFC');
  const domainAsTyped = trimmed.slice(at + 1);
  if (local === '') return { ok: false, reason: 'has nothing before the "@"' };
  if (domainAsTyped === '') return { ok: false, reason: 'has no domain after the "@"' };
  if (Buffer.byteLength(local) > MAX_LOCAL) {
    return { ok: false, reason: `has a part before the "@" longer than ${MAX_LOCAL} bytes` };
  }
  // Delivery cannot reach such an address (it would need SMTPUTF8 end to end),
  // so it is refused here rather than kept confirmed and failing every issue.
  const foreign = /[^\x00-\x7f]/u.exec(local);
  if (foreign) {
    return { ok: false, reason: `has a non-ASCII character ("${foreign[0]}") before the "@"; Gazette cannot deliver to such addresses (they need SMTPUTF8), so give the mailbox's plain-ASCII address` };
  }
  // domainToASCII lowercases, applies IDNA and returns '' for a domain it cannot map.
  const domain = asciiDomain(domainAsTyped);
  if (domain === '') return { ok: false, reason: `has "${domainAsTyped}" after the "@", which is not a valid domain name` };
  const email = `${local}@${domain}`;
  if (Buffer.byteLength(email) > MAX_ADDRESS) {
    return { ok: false, reason: `is longer than ${MAX_ADDRESS} bytes` };
  }
  if (!isEmail(email, { allow_display_name: false, allow_ip_domain: false, require_tld: true, allow_utf8_local_part: true })) {
    return { ok: false, reason: 'is not valid (expected something like name@example.org)' };
  }
  return { ok: true, email, key: email.toLowerCase() };
}

/** The uniqueness key of an address already in normal form. */
export function addressKey(email: string): string {
  return email.toLowerCase();
}
