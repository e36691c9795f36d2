// Bytes to text for feeds and pages. Feeds declare their encoding in the XML
// declaration, pages in a <meta> tag, servers in the Content-Type charset; many
// old feeds declare nothing and are Latin-1 anyway. TextDecoder knows the
// encodings (WHATWG labels), so only the choice of label is written here.

/** Decodes a feed or page body: BOM, then the HTTP charset, then the document's own declaration, then UTF-8. */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): string {
  const bom = bomEncoding(bytes);
  if (bom) return decodeWith(bom, bytes) ?? '';
  const candidates = [charsetOf(contentType), declaredEncoding(bytes), 'utf-8'];
  for (const label of candidates) {
    if (!label) continue;
    // A wrong declaration of UTF-8 is common (a server default); fatal decoding
    // catches it and lets the next candidate try.
    const text = decodeWith(label, bytes, encodingName(label) === 'utf-8');
    if (text !== null) return text;
  }
  // Undeclared and not UTF-8: almost always Windows-1252/Latin-1 in feeds of
  // that age, which also never fails to decode.
  return decodeWith('windows-1252', bytes) ?? '';
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
