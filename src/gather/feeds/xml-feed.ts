// RSS 2.0, RSS 0.9x, RSS 1.0 (RDF) and Atom through rss-parser, a maintained
// parser over xml2js; this file only maps its output to FeedEntry and shields
// the run from two of its habits (see TolerantParser).
import Parser from 'rss-parser';
import { htmlInlineToText, toIso } from '../html.js';
import { SourceFailure } from './failure.js';
import type { EntryBody, FeedEntry, ParsedFeed } from './types.js';

type Fields = Record<string, unknown>;

/**
 * rss-parser turns an Atom `published`/`updated` into ISO with
 * `new Date(x).toISOString()`, which throws on a bad date and so loses the
 * whole feed for one bad entry; such dates are dropped before it looks.
 */
class TolerantParser extends Parser<Fields, Fields> {
  parseItemAtom(entry: Record<string, unknown>): unknown {
    for (const key of ['published', 'updated']) {
      const value = entry[key];
      if (Array.isArray(value) && typeof value[0] === 'string' && toIso(value[0].trim()) === null) delete entry[key];
    }
    return (Parser.prototype as unknown as { parseItemAtom(e: unknown): unknown }).parseItemAtom.call(this, entry);
  }
}

// One instance: the parser keeps no state between documents. `defaultRSS: 2`
// reads an <rss> without a version attribute (seen in the wild) as RSS 2.0.
const parser = new TolerantParser({ defaultRSS: 2 });

/** Parses an RSS or Atom document whose root element is `root`. Throws SourceFailure BAD_FEED when the XML is broken. */
export async function parseXmlFeed(xml: string, root: string, base: string | null): Promise<ParsedFeed> {
  let out: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    out = await parser.parseString(xml);
  } catch (err) {
    const reason = (err as Error).message.replace(/\s+/g, ' ').trim();
    throw new SourceFailure('BAD_FEED', `the feed's XML is malformed (${reason})`, { cause: err });
  }
  const format = root === 'feed' ? 'atom' : /rdf$/i.test(root) ? 'rdf' : 'rss';
  const link = absolute(str(out.link), base);
  const entryBase = link ?? base;
  return {
    format,
    title: plainTitle(out.title),
    link,
    entries: (out.items ?? []).map((item) => toEntry(item as Fields, entryBase, format === 'atom')),
  };
}

function toEntry(item: Fields, base: string | null, atom: boolean): FeedEntry {
  const encoded = str(item['content:encoded']);
  const content = str(item.content);
  const summary = str(item.summary);
  // rss-parser names an RSS description `content` and keeps Atom's summary
  // apart; map both to the full/short distinction the article needs.
  const full = encoded ?? (atom ? content : null);
  const short = atom ? summary : content ?? summary;
  return {
    id: str(item.guid) ?? str(item.id),
    title: plainTitle(item.title),
    link: absolute(str(item.link), base),
    published: toIso(str(item.isoDate) ?? str(item.pubDate)),
    content: html(full),
    summary: html(short === full ? null : short),
    author: plainTitle(item.creator ?? item.author),
    tags: Array.isArray(item.categories) ? item.categories.map(categoryName).filter((t): t is string => t !== null) : [],
  };
}

function html(value: string | null): EntryBody | null {
  return value && value.trim() !== '' ? { html: value } : null;
}

/** Titles are often HTML in practice (entities, <sup>); readers show their text. */
function plainTitle(value: unknown): string | null {
  const s = str(value);
  if (s === null) return null;
  const text = /[<&]/.test(s) ? htmlInlineToText(s) : s.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

function categoryName(c: unknown): string | null {
  if (typeof c === 'string') return c.trim() || null;
  if (c && typeof c === 'object') {
    const o = c as { _?: unknown; $?: { term?: unknown } };
    return str(o._) ?? str(o.$?.term);
  }
  return null;
}

/** `link` made absolute against `base` (relative links occur in Atom feeds); null when neither is usable. */
export function absolute(link: string | null, base: string | null): string | null {
  if (!link) return null;
  const trimmed = link.trim();
  try {
    return new URL(trimmed, base ?? undefined).toString();
  } catch {
    return /^https?:\/\//i.test(trimmed) ? trimmed : null;
  }
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return str((value as { _: string })._);
  return null;
}
