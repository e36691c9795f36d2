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
  const root = rootElement(doc);
  if (root === null) throw notAFeed(doc.trim() === '' ? 'the document is empty' : 'the document is neither XML nor JSON');
  if (['html', 'head', 'body', '!doctype html'].includes(root)) throw notAFeed(describeHtml(doc, base));
  if (!FEED_ROOTS.has(root)) throw notAFeed(`the XML root element is <${root}>, not <rss>, <feed> or <rdf:RDF>`);
  return parseXmlFeed(doc, root, base);
}

function parseJson(doc: string, base: string | null): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(doc);
  } catch (err) {
    throw new SourceFailure('BAD_FEED', `the JSON is malformed (${(err as Error).message})`, { cause: err });
  }
  if (!isJsonFeed(data)) throw notAFeed('it is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")');
  return parseJsonFeed(data, base);
}

/** The lower-cased name of the first element, skipping the prolog (declaration, comments, doctype); '!doctype html' for HTML5. */
export function rootElement(doc: string): string | null {
  let rest = doc.trimStart();
  for (;;) {
    if (rest.startsWith('<?')) rest = rest.slice(rest.indexOf('?>') + 2);
    else if (rest.startsWith('<!--')) rest = rest.slice(rest.indexOf('-->') + 3);
    else if (/^<!doctype\s+html/i.test(rest)) return '!doctype html';
    else if (/^<!doctype/i.test(rest)) rest = rest.replace(/^<!doctype[^[>]*(\[[\s\S]*?\])?\s*>/i, '');
    else break;
    rest = rest.trimStart();
  }
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(rest);
  return m ? m[1]!.toLowerCase() : null;
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
