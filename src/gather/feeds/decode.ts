// Bytes to text for feeds and pages. Feeds declare their encoding in the XML
// declaration, pages in a <meta> tag, servers in the Content-Type charset; many
// old feeds declare nothing. TextDecoder knows the WHATWG encodings; iconv-lite
// adds UTF-32 (which XML allows and browsers do not); jschardet guesses an
// undeclared legacy encoding from the bytes (KOI8-R, Shift_JIS, GB2312...),
// as a browser or feed reader would, and the guess is reported.
import iconv from 'iconv-lite';
import jschardet from 'jschardet';

export interface Decoded {
  text: string;
  /** Set when the encoding was guessed from the bytes: says what was assumed and what to do. */
  warning?: string;
}

/** Decodes a feed or page body: BOM, then the byte pattern of UTF-16/32, the HTTP charset, the document's own declaration, UTF-8, and a guess. */
export function decodeDocument(bytes: Uint8Array, contentType?: string | null): Decoded {
  const wide = bomEncoding(bytes) ?? wideEncoding(bytes);
  if (wide) return { text: decodeWith(wide, bytes) ?? '' };
  const candidates = [charsetOf(contentType), declaredEncoding(bytes), 'utf-8'];
  for (const label of candidates) {
    if (!label) continue;
    // "UTF-16" declared over 8-bit bytes (no zero bytes where UTF-16 has them) is a false declaration.
    if (/^utf-16/.test(encodingName(label) ?? '')) continue;
    // A wrong declaration of UTF-8 is common (a server default); fatal decoding
    // catches it and lets the next candidate try.
    const text = decodeWith(label, bytes, encodingName(label) === 'utf-8');
    if (text !== null) return { text };
  }
  return guessed(bytes);
}

/** Decodes a body to text (see decodeDocument); the guess warning is not needed. */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): string {
  return decodeDocument(bytes, contentType).text;
}

/**
 * Decodes by what the bytes say of themselves and nothing else: a byte-order
 * mark, else (with `declaration`) an HTML <meta> or XML declaration. Null when
 * neither settles it: no mark, no usable declaration (UTF-16 declared over
 * 8-bit bytes, an unknown name), or a declared UTF-8 the bytes do not fit.
 * For saved files, where no server speaks and a guess would hide a mistake.
 */
export function decodeSelfDeclared(bytes: Uint8Array, options: { declaration: boolean }): string | null {
  const bom = bomEncoding(bytes);
  if (bom) return decodeWith(bom, bytes);
  if (!options.declaration) return null;
  const label = declaredEncoding(bytes);
  const name = label ? encodingName(label) : null;
  if (!label || /^utf-16/.test(name ?? '')) return null;
  return decodeWith(label, bytes, name === 'utf-8');
}

/** Encodings a guess is trusted for: legacy encodings that cannot be mistaken for Windows-1252 text. */
const GUESSABLE = /^(koi8-r|koi8-u|windows-1251|iso-8859-5|ibm866|maccyrillic|ibm855|shift_jis|cp932|euc-jp|iso-2022-jp|gb2312|gb18030|big5|euc-tw|euc-kr|iso-2022-kr|iso-8859-7|windows-1253|iso-8859-8|windows-1255|tis-620)$/i;

/**
 * Undeclared and not UTF-8. A detector's guess is taken for the encodings
 * above when there is enough non-ASCII text to judge (a handful of accented
 * letters is not); otherwise Windows-1252/Latin-1, by far the most common
 * undeclared encoding of feeds of that age, which never fails to decode.
 */
function guessed(bytes: Uint8Array): Decoded {
  const sample = Buffer.from(bytes.subarray(0, 64 * 1024));
  let high = 0;
  for (const b of sample) if (b >= 0x80) high++;
  if (high >= 8) {
    const guess = jschardet.detect(sample, { minimumThreshold: 0.15 });
    const name = guess.encoding ? (guess.encoding.toLowerCase() === 'gb2312' ? 'gb18030' : guess.encoding) : null;
    if (name && GUESSABLE.test(name)) {
      const text = decodeWith(name, bytes);
      if (text !== null) return { text, warning: `it declares no encoding and is not UTF-8; read as ${guess.encoding} (guessed from the bytes; add encoding="..." to its XML declaration if that is wrong)` };
    }
  }
  return { text: decodeWith('windows-1252', bytes) ?? '', warning: 'it declares no encoding and is not UTF-8; read as Windows-1252 (a guess; add encoding="..." to its XML declaration if the text looks wrong)' };
}

/**
 * UTF-16 or UTF-32 without a byte-order mark: a document starts with "<" or
 * white space, so the position of the zero bytes around that first character
 * tells the width and the byte order (XML 1.0, appendix F).
 */
function wideEncoding(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const z = (i: number) => b[i] === 0;
  if (!z(0) && z(1) && z(2) && z(3)) return 'utf-32le';
  if (z(0) && z(1) && z(2) && !z(3)) return 'utf-32be';
  if (!z(0) && z(1) && !z(2) && z(3)) return 'utf-16le';
  if (z(0) && !z(1) && z(2) && !z(3)) return 'utf-16be';
  return null;
}

/** The `charset` parameter of a Content-Type header, or null. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m ? m[1]! : null;
}

/** The encoding an XML declaration or an HTML <meta> names within the first bytes, or null. */
export function declaredEncoding(bytes: Uint8Array): string | null {
  // The declaration itself is ASCII, so reading the head as Latin-1 is safe.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1]!;
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta ? meta[1]! : null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'utf-32le';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'utf-32be';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The WHATWG name of an encoding label ('latin1' -> 'windows-1252'), or null when unknown. */
function encodingName(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** Decodes with `label`, or null when the label is unknown (or, if fatal, the bytes do not fit). */
function decodeWith(label: string, bytes: Uint8Array, fatal = false): string | null {
  if (encodingName(label) === null) {
    // Not a WHATWG label (UTF-32, IBM855, EUC-TW): iconv-lite may know it (and drops a BOM).
    return !fatal && iconv.encodingExists(label) ? iconv.decode(Buffer.from(bytes), label) : null;
  }
  try {
    // TextDecoder drops a BOM by default, which is what we want.
    const decoder = new TextDecoder(label, { fatal });
    const text = decoder.decode(bytes);
    return decoder.encoding === 'windows-1252' ? fixWindows1252(text) : text;
  } catch {
    return null;
  }
}

/**
 * Node 20.18.3+ decodes windows-1252 (and so latin1/iso-8859-1, its WHATWG
 * aliases) as plain ISO-8859-1, leaving bytes 0x80-0x9F as C1 controls instead
 * of the quotes, dashes and euro sign they are (nodejs/node#60888). The 32
 * code points of that range are mapped here; the five bytes windows-1252
 * leaves undefined stay as they are, so this is a no-op on a fixed Node.
 */
const CP1252_C1 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F'
  + '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}
