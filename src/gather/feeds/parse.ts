// Which kind of document is this? JSON Feed, an XML feed, or something else
// (most often a web page, or an error page served with status 200), which
// gets a "not a feed" failure that says what it looked like.
import { parseHTML } from 'linkedom';
import { SourceFailure } from './failure.js';
import { isJsonFeed, parseJsonFeed } from './json-feed.js';
import type { ParsedFeed } from './types.js';
import { absolute, parseXmlFeed } from './xml-feed.js';

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:rdf']);

/** Parses a decoded feed document of any supported format. `base` resolves relative links (the document's URL). */
export async function parseFeed(text: string, base: string | null = null): Promise<ParsedFeed> {
  const doc = text.replace(/^\uFEFF/, '');
  const start = doc.trimStart()[0];
  if (start === '{' || start === '[') return parseJson(doc, base);
  const { root, htmlDoctype } = prolog(doc);
  if (root === null) {
    if (htmlDoctype) throw notAFeed(describeHtml(doc, base));
    // A server's notice printed before the feed ("Warning: ... in feed.php"): skip to the XML, and say so.
    const at = doc.slice(0, 64 * 1024).search(/<(\?xml\s|rss[\s>]|feed[\s>]|rdf:RDF[\s>])/i);
    if (at > 0) {
      const feed = await parseFeed(doc.slice(at), base);
      return { ...feed, warnings: [`the document starts with ${at} characters that are not XML (often a server's error notice); they were skipped`, ...(feed.warnings ?? [])] };
    }
    throw notAFeed(doc.trim() === '' ? 'the document is empty' : 'the document is neither XML nor JSON');
  }
  // An XHTML doctype in front of <rss> (some CMSs add one) does not make it a page: the root decides.
  if (FEED_ROOTS.has(root)) return parseXmlFeed(doc, base);
  if (htmlDoctype || ['html', 'head', 'body'].includes(root)) throw notAFeed(describeHtml(doc, base));
  throw notAFeed(`the XML root element is <${root}>, not <rss>, <feed> or <rdf:RDF>`);
}

function parseJson(doc: string, base: string | null): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(doc);
  } catch (err) {
    throw new SourceFailure('BAD_FEED', `the JSON is malformed ${jsonErrorPlace(doc, err as Error)}`, { cause: err });
  }
  if (!isJsonFeed(data)) throw notAFeed('it is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")');
  return parseJsonFeed(data, base);
}

/** Where JSON.parse gave up, in the editor's terms (line and column), not in V8's words. */
function jsonErrorPlace(doc: string, err: Error): string {
  let at: number | null = null;
  const m = /position (\d+)/.exec(err.message);
  if (m) at = Number(m[1]);
  else if (/Unexpected end/.test(err.message)) return '(it ends before the JSON is complete)';
  else {
    // Node 20 says `Unexpected token '}', ..."items": [}" is not valid JSON`: find that excerpt.
    const t = /Unexpected token '([\s\S])', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(err.message);
    const i = t ? doc.indexOf(t[2]!) : -1;
    if (t && i >= 0) at = i + t[2]!.lastIndexOf(t[1]!);
  }
  if (at === null) return '(a syntax error)';
  const before = doc.slice(0, at);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `(a syntax error at line ${line}, column ${column})`;
}

/** The lower-cased name of the first element, skipping the prolog (declaration, comments, doctype); null when there is none. */
export function rootElement(doc: string): string | null {
  return prolog(doc).root;
}

/** The first element's name, and whether an HTML (or XHTML) doctype came before it. */
function prolog(doc: string): { root: string | null; htmlDoctype: boolean } {
  let rest = doc.trimStart();
  let htmlDoctype = false;
  for (;;) {
    const before = rest;
    if (rest.startsWith('<?')) rest = skipPast(rest, '?>');
    else if (rest.startsWith('<!--')) rest = skipPast(rest, '-->');
    else if (/^<!doctype/i.test(rest)) {
      htmlDoctype ||= /^<!doctype\s+html\b/i.test(rest);
      const m = /^<!doctype[^[>]*(\[[\s\S]*?\])?\s*>/i.exec(rest);
      rest = m ? rest.slice(m[0].length) : skipPast(rest, '>');
    } else break;
    rest = rest.trimStart();
    if (rest === before) break;
  }
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(rest);
  return { root: m ? m[1]!.toLowerCase() : null, htmlDoctype };
}

function skipPast(s: string, end: string): string {
  const i = s.indexOf(end);
  return i < 0 ? '' : s.slice(i + end.length);
}

/** What a web page served as a feed is, and where its real feed is when it links one. */
function describeHtml(doc: string, base: string | null): string {
  const { document } = parseHTML(doc);
  const title = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim();
  const alt = document.querySelector('link[rel~="alternate"][type*="rss"], link[rel~="alternate"][type*="atom"], link[rel~="alternate"][type*="feed+json"]');
  const href = absolute(alt?.getAttribute('href') ?? null, base);
  let message = `it is an HTML page${title ? ` ("${title.slice(0, 80)}")` : ''}`;
  if (href) message += `; the page names its feed as ${href}, use that address`;
  else message += '; to read a single article page, write "page: URL" in the sources list';
  return message;
}

function notAFeed(why: string): SourceFailure {
  return new SourceFailure('NOT_A_FEED', `not a feed: ${why}`);
}
