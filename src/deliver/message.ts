// Render once, personalise cheaply, at the MIME level too. nodemailer's
// MailComposer builds the issue's message once (header encoding, the
// multipart/alternative structure, boundaries) with slot strings where the
// per-recipient values go. Each body part is quoted-printable encoded here, in
// segments split at the personal markers, so that per recipient only the short
// personal values are encoded and the prepared byte chunks are copied out.
//
// Why segments and not a search-and-replace in MailComposer's output: QP wraps
// lines at 76 characters and may split a marker across a soft line break, and a
// value longer than the marker would push lines past their limit. Here every
// personal value starts and ends at a soft line break ("=\r\n", which decoders
// drop), so no line passes 76 octets and both parts decode to exactly the
// rendered text with the values in place.
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';
import * as qp from 'nodemailer/lib/qp/index.js';
import { GazetteError } from '../errors.js';
import { escapeHtml } from '../render/personalize.js';
import { PERSONAL_MARKERS, type PersonalFields } from '../render/personal.js';
import type { RenderedIssue } from '../render/types.js';
import type { Sender } from './headers.js';

/** What changes from one recipient to the next; every value already checked for header use. */
export interface Personal {
  to: string;
  messageId: string;
  /** The Date header of this copy; default the one the message was prepared with. */
  date?: Date;
  unsubscribeUrl: string;
  unsubscribeMailto: string;
  preferencesUrl: string;
}

export interface PreparedMessage {
  /**
   * The complete message for one recipient. Written into `into` when it is
   * large enough (a sender reuses one buffer per connection instead of
   * leaving a message-sized buffer for the garbage collector each time).
   */
  personalise(personal: Personal, into?: Buffer): Buffer;
}

export interface MessageHeaders {
  sender: Sender;
  listId: { phrase: string; id: string };
  /** The Date header unless a copy gives its own (each fixed per copy, so a resent copy is byte for byte the same message). */
  date: Date;
}

// Slot strings: plain ASCII that MailComposer copies through unchanged.
const SLOT = {
  to: 'gzslotto@gazette.invalid',
  date: 'GZSLOTDATEGZ',
  messageId: '<gzslotmessageid@gazette.invalid>',
  listUnsubscribe: '<gzslotlistunsubscribe>',
  text: 'GZSLOTTEXTPARTGZ',
  html: 'GZSLOTHTMLPARTGZ',
} as const;

type Field = keyof PersonalFields;
type Piece = Buffer | { slot: 'to' | 'date' | 'messageId' | 'listUnsubscribe' } | { field: Field; html: boolean };

const SOFT_BREAK = Buffer.from('=\r\n');
const ASCII = /^[\x00-\x7f]*$/;
const MARKER_FIELDS = Object.keys(PERSONAL_MARKERS) as Field[];

/** Builds the issue's message once; `personalise` then fills in one recipient in microseconds. */
export async function prepareMessage(rendered: RenderedIssue, headers: MessageHeaders): Promise<PreparedMessage> {
  const composer = new MailComposer({
    from: { name: headers.sender.name, address: headers.sender.address },
    to: SLOT.to,
    subject: rendered.subject.replace(/[\r\n]+/g, ' '),
    date: SLOT.date,
    messageId: SLOT.messageId,
    headers: {
      'List-Id': { prepared: true, value: `${phrase(headers.listId.phrase)} <${headers.listId.id}>` },
      'List-Unsubscribe': SLOT.listUnsubscribe,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    text: qpPart(SLOT.text),
    html: qpPart(SLOT.html),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const skeleton = (await composer.compile().build()).toString('latin1');
  const pieces = splitAtSlots(skeleton, {
    to: [{ slot: 'to' }],
    date: [{ slot: 'date' }],
    messageId: [{ slot: 'messageId' }],
    listUnsubscribe: [{ slot: 'listUnsubscribe' }],
    text: encodePart(rendered.text, false),
    html: encodePart(rendered.html, true),
  });
  const fixedBytes = pieces.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : 0), 0);
  const preparedDate = headerDate(headers.date);

  return {
    personalise(personal, into) {
      // Every value is ASCII by now (checked addresses, URLs, QP output), so
      // each character is one byte and latin1 writes it as is.
      const slots = {
        to: personal.to,
        date: personal.date ? headerDate(personal.date) : preparedDate,
        messageId: personal.messageId,
        // Folded after the comma so the line stays short however long the token.
        listUnsubscribe: `<${personal.unsubscribeUrl}>,\r\n <${personal.unsubscribeMailto}>`,
      };
      const fields: PersonalFields = { unsubscribeUrl: personal.unsubscribeUrl, preferencesUrl: personal.preferencesUrl, email: personal.to };
      const text = encodeFields(fields, false);
      const html = encodeFields(fields, true);
      if (!ASCII.test(slots.to) || !ASCII.test(slots.messageId) || !ASCII.test(slots.listUnsubscribe)) {
        throw new GazetteError('INPUT', `A header value for ${JSON.stringify(personal.to)} is not ASCII; it should have been refused before this point (a bug).`);
      }
      const valueOf = (piece: Exclude<Piece, Buffer>) => ('slot' in piece ? slots[piece.slot] : (piece.html ? html : text)[piece.field]);
      let length = fixedBytes;
      for (const piece of pieces) if (!Buffer.isBuffer(piece)) length += valueOf(piece).length;
      const out = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
      let at = 0;
      for (const piece of pieces) {
        if (Buffer.isBuffer(piece)) at += piece.copy(out, at);
        else at += out.write(valueOf(piece), at, 'latin1');
      }
      return out;
    },
  };
}

/** A Date header value as MailComposer writes one ("Thu, 03 Dec 2026 07:00:00 +0000"). */
function headerDate(date: Date): string {
  return date.toUTCString().replace(/GMT/, '+0000');
}

/** A body part MailComposer declares as quoted-printable (the option exists; its type definitions lack it). */
function qpPart(content: string): Mail.AttachmentLike {
  const part = { content, contentTransferEncoding: 'quoted-printable' };
  return part;
}

/** One body part as QP pieces: encoded text between markers, and a field wherever a marker stood. */
function encodePart(content: string, html: boolean): Piece[] {
  const normalised = content.replace(/\r?\n/g, '\r\n');
  const pattern = new RegExp(MARKER_FIELDS.map((f) => PERSONAL_MARKERS[f]).join('|'), 'g');
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of normalised.matchAll(pattern)) {
    pushSegment(pieces, normalised.slice(last, match.index));
    pieces.push({ field: MARKER_FIELDS.find((f) => PERSONAL_MARKERS[f] === match[0])!, html });
    last = match.index + match[0].length;
  }
  pushSegment(pieces, normalised.slice(last), true);
  return pieces;
}

function pushSegment(pieces: Piece[], text: string, final = false): void {
  // 75, not 76: a soft break may follow the last line and must fit within 76 too.
  const encoded = qp.wrap(qp.encode(text), 75);
  if (encoded) pieces.push(Buffer.from(encoded, 'latin1'));
  // End the segment with a soft break so the value after it starts a fresh line,
  // unless the segment already ended a line (or the part ends here).
  if (!final && encoded && !encoded.endsWith('\r\n')) pieces.push(SOFT_BREAK);
}

/** Every personal value QP encoded for one part. */
function encodeFields(fields: PersonalFields, html: boolean): PersonalFields {
  const out = {} as PersonalFields;
  for (const field of MARKER_FIELDS) out[field] = encodeValue(fields[field], html);
  return out;
}

/** One personal value, QP encoded on lines of its own that end in a soft break. */
function encodeValue(value: string, html: boolean): string {
  const text = html ? escapeHtml(value) : value;
  // The usual value (an address, a URL) is printable ASCII where QP only has to
  // escape "="; skip the general encoder, which works a character at a time.
  const encoded = /^[\x21-\x7e]*$/.test(text) ? text.replaceAll('=', '=3D') : qp.encode(text);
  return `${encoded.length > 75 ? qp.wrap(encoded, 75) : encoded}=\r\n`;
}

/** Splits the composed skeleton at its slot strings, each of which must occur exactly once. */
function splitAtSlots(skeleton: string, fill: Record<keyof typeof SLOT, Piece[]>): Piece[] {
  const found = (Object.keys(SLOT) as (keyof typeof SLOT)[])
    .map((key) => {
      const at = skeleton.indexOf(SLOT[key]);
      if (at < 0 || skeleton.indexOf(SLOT[key], at + 1) >= 0) {
        throw new GazetteError('TEMPLATE', `The composed message lost or repeated its ${key} slot (a bug in message preparation).`);
      }
      return { key, at };
    })
    .sort((a, b) => a.at - b.at);
  const pieces: Piece[] = [];
  let last = 0;
  for (const { key, at } of found) {
    pieces.push(Buffer.from(skeleton.slice(last, at), 'latin1'), ...fill[key]);
    last = at + SLOT[key].length;
  }
  pieces.push(Buffer.from(skeleton.slice(last), 'latin1'));
  return pieces;
}

/** A display name as a header phrase: RFC 2047 words when not ASCII, quoted when it holds specials. */
function phrase(name: string): string {
  if (/[^\x20-\x7e]/.test(name)) return mimeFuncs.encodeWord(name, 'Q', 52);
  return /^[\w !#$%&'*+\-/=?^`{|}~]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}
