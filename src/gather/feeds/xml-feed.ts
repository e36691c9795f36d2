// RSS 2.0, RSS 0.9x, RSS 1.0 (RDF), Atom 1.0 and Atom 0.3, mapped from the
// forgiving tree of xml-tree.ts. Written here rather than taken from a feed
// library because the cases that matter are in the mapping: items outside a
// <channel>, guid permalinks, xml:base, Atom text constructs (xhtml, base64),
// Atom and Dublin Core dates inside RSS, Atom 0.3's issued/modified. Tried on
// this project's case fixtures (December 2026): @rowanmanning/feed-parser 2.1
// (the best of them) refuses a document without <channel>, ignores guid
// permalinks, base64 and atom:published in RSS, and throws on deep nesting;
// feedsmith 3.0 returns raw constructs (base64, {value, type}) and unresolved
// links, and refuses a cut-short feed; @extractus/feed-extractor 8 refuses a
// bare "&"; rss-parser 3 (before) leaked xml2js errors and shared its state.
import { htmlInlineToText } from '../html.js';
import { parseFeedDate } from './dates.js';
import { SourceFailure } from './failure.js';
import type { EntryBody, FeedEntry, ParsedFeed } from './types.js';
import { attr, child, children, innerHtml, isElement, NS, parseXml, textOf, type XmlElement } from './xml-tree.js';

/** RSS elements have no namespace (2.0) or RSS 1.0's / 0.9's. */
const RSS = ['', NS.rss1, NS.rss09];
/** Atom elements: 1.0, 0.3, or (in some feeds) none at all. */
const ATOM = [NS.atom, NS.atom03, ''];
const ATOM_IN_RSS = [NS.atom, NS.atom03];
const DC = [NS.dc];
const DCTERMS = [NS.dcterms];

/** Parses an RSS or Atom document. Throws SourceFailure BAD_FEED only when nothing feed-like is in it. */
export function parseXmlFeed(xml: string, base: string | null): ParsedFeed {
  const { root, problem } = parseXml(xml);
  if (!root) throw new SourceFailure('BAD_FEED', 'the XML has no root element');
  const warnings = problem ? [`the XML is not well-formed: ${problem}`] : [];
  adoptRootNamespace(root);
  const feed = root.local === 'feed' ? atomFeed(root, base) : rssFeed(root, base, warnings);
  return { ...feed, warnings: [...warnings, ...(feed.warnings ?? [])], ...(problem ? { malformed: true } : {}) };
}

function rssFeed(root: XmlElement, base: string | null, warnings: string[]): ParsedFeed {
  const format = root.local === 'rdf' ? 'rdf' : 'rss';
  const channel = child(root, 'channel', RSS);
  const items = findItems(root);
  if (!channel && format === 'rss') {
    if (items.length === 0) throw new SourceFailure('BAD_FEED', 'the <rss> document has no <channel> and no <item> elements, so there is nothing to read');
    warnings.push(`the <rss> document has no <channel> element; its ${items.length} item(s) were read anyway`);
  }
  const head = channel ?? root;
  const link = resolveLink(head, text(child(head, 'link', RSS)), base);
  const entryBase = link ?? base;
  return {
    format,
    title: plainTitle(text(child(head, 'title', RSS)), true),
    link,
    entries: items.map((item) => rssEntry(item, entryBase, base)),
  };
}

/**
 * Some RSS 2.0 feeds declare a namespace of their own on <rss>
 * ("http://backend.userland.com/rss2"), some Atom feeds a misspelt Atom one;
 * the elements in the root's own namespace are read as the format's.
 */
function adoptRootNamespace(root: XmlElement): void {
  const own = root.ns;
  const target = root.local === 'rss' ? '' : root.local === 'feed' ? NS.atom : null;
  if (target === null || own === '' || own === target || own === NS.atom03) return;
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.ns === own) el.ns = target;
    for (const c of el.children) if (isElement(c)) stack.push(c);
  }
}

/** Every <item> in the document, not inside another item: in <channel> (RSS 2.0), beside it (RSS 1.0), or loose. */
function findItems(root: XmlElement): XmlElement[] {
  const found: XmlElement[] = [];
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el !== root && el.local === 'item' && RSS.includes(el.ns)) {
      found.push(el);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (isElement(c)) stack.push(c);
    }
  }
  return found;
}

function rssEntry(item: XmlElement, entryBase: string | null, docBase: string | null): FeedEntry {
  const guidEl = child(item, 'guid', RSS);
  const guid = text(guidEl);
  const linkEl = child(item, 'link', RSS);
  const atomLink = alternateLink(children(item, 'link', ATOM_IN_RSS));
  let link = resolveAt(linkEl, text(linkEl) ?? (linkEl ? attr(linkEl, 'href') : null), entryBase, docBase)
    ?? resolveAt(atomLink, atomLink ? attr(atomLink, 'href') : null, entryBase, docBase);
  // A guid is the item's address unless it says isPermaLink="false" (RSS 2.0's default is true).
  // A relative guid is taken only when it says so explicitly: plain ids ("1234") are common.
  const permaLink = attr(guidEl ?? item, 'ispermalink')?.trim().toLowerCase();
  if (!link && guidEl && guid && permaLink !== 'false' && (/^https?:\/\//i.test(guid) || permaLink === 'true')) {
    const candidate = resolveAt(guidEl, guid, entryBase, docBase);
    if (candidate && /^https?:\/\//i.test(candidate)) link = candidate;
  }
  const date = firstDate([
    child(item, 'pubdate', RSS), child(item, 'date', DC), child(item, 'published', ATOM_IN_RSS), child(item, 'issued', ATOM_IN_RSS),
    child(item, 'issued', DCTERMS), child(item, 'created', DCTERMS), child(item, 'updated', ATOM_IN_RSS), child(item, 'modified', ATOM_IN_RSS), child(item, 'modified', DCTERMS),
  ]);
  const encoded = markup(child(item, 'encoded', [NS.content]));
  const atomContent = construct(child(item, 'content', ATOM_IN_RSS));
  const description = markup(child(item, 'description', RSS)) ?? text(child(item, 'description', DC));
  const atomSummary = construct(child(item, 'summary', ATOM_IN_RSS));
  const content = encoded ? { html: encoded } : atomContent;
  const summary = description ? { html: description } : atomSummary;
  const author = text(child(item, 'creator', DC)) ?? text(child(item, 'author', RSS)) ?? text(child(child(item, 'author', ATOM_IN_RSS), 'name', ATOM_IN_RSS));
  const titleEl = child(item, 'title', RSS);
  const atomTitle = construct(child(item, 'title', ATOM_IN_RSS));
  return {
    id: guid ?? (item.attrs['rdf:about']?.trim() || null),
    title: plainTitle(markup(titleEl), true) ?? constructTitle(atomTitle) ?? plainTitle(text(child(item, 'title', DC)), true),
    link,
    published: date?.iso ?? null,
    ...(date?.zoneless ? { zonelessDate: true } : {}),
    content: nonEmpty(content),
    summary: nonEmpty(sameBody(summary, content) ? null : summary),
    author: plainTitle(author, true),
    tags: [...children(item, 'category', RSS).map((c) => text(c)), ...children(item, 'subject', DC).map((c) => text(c))].filter((t): t is string => t !== null),
  };
}

function atomFeed(root: XmlElement, base: string | null): ParsedFeed {
  const linkEl = alternateLink(children(root, 'link', ATOM));
  const link = resolveAt(linkEl, linkEl ? attr(linkEl, 'href') : null, base, base);
  const entryBase = link ?? base;
  return {
    format: 'atom',
    title: constructTitle(construct(child(root, 'title', ATOM))),
    link,
    entries: children(root, 'entry', ATOM).map((entry) => atomEntry(entry, entryBase, base)),
  };
}

function atomEntry(entry: XmlElement, entryBase: string | null, docBase: string | null): FeedEntry {
  const linkEl = alternateLink(children(entry, 'link', ATOM));
  const date = firstDate([
    child(entry, 'published', ATOM), child(entry, 'issued', ATOM), child(entry, 'created', ATOM), child(entry, 'date', DC),
    child(entry, 'updated', ATOM), child(entry, 'modified', ATOM),
  ]);
  const content = construct(child(entry, 'content', ATOM), true);
  const summary = construct(child(entry, 'summary', ATOM), true);
  return {
    id: text(child(entry, 'id', ATOM)),
    title: constructTitle(construct(child(entry, 'title', ATOM))),
    link: resolveAt(linkEl, linkEl ? attr(linkEl, 'href') : null, entryBase, docBase),
    published: date?.iso ?? null,
    ...(date?.zoneless ? { zonelessDate: true } : {}),
    content: nonEmpty(content),
    summary: nonEmpty(sameBody(summary, content) ? null : summary),
    author: plainTitle(text(child(child(entry, 'author', ATOM), 'name', ATOM)) ?? text(child(entry, 'creator', DC)), true),
    tags: children(entry, 'category', ATOM).map((c) => attr(c, 'term')?.trim() || text(c)).filter((t): t is string => !!t),
  };
}

/** The entry's own page: the first link with no rel or rel="alternate", else the first link. */
function alternateLink(links: XmlElement[]): XmlElement | null {
  const usable = links.filter((l) => attr(l, 'href')?.trim());
  return usable.find((l) => { const rel = attr(l, 'rel')?.trim().toLowerCase(); return !rel || rel === 'alternate'; }) ?? usable[0] ?? null;
}

/**
 * An Atom text construct (also RSS's atom: elements): type text, html or
 * xhtml (1.0), a MIME type and mode escaped, base64 or xml (0.3). Plain text
 * that is plainly HTML is read as HTML in bodies, as lenient readers do.
 */
function construct(el: XmlElement | null, body = false): EntryBody | null {
  if (!el || attr(el, 'src')) return null;
  const type = (attr(el, 'type') ?? 'text').trim().toLowerCase();
  const mode = attr(el, 'mode')?.trim().toLowerCase();
  const htmlType = type === 'html' || type === 'text/html';
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') {
    const div = el.children.find((c): c is XmlElement => isElement(c) && c.local === 'div');
    return { html: innerHtml(div ?? el) };
  }
  let value = textOf(el);
  if (mode === 'base64') {
    if (!htmlType && !/^text\//.test(type) && type !== 'text') return null; // an image or other binary
    value = Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (htmlType || mode === 'escaped') return { html: value };
  if (body && /<\/?(p|br|div|a|img|em|strong|b|i|ul|ol|li|h[1-6]|blockquote|span)\b[^>]*>/i.test(value)) return { html: value };
  return { text: value };
}

function constructTitle(c: EntryBody | null): string | null {
  if (!c) return null;
  return 'html' in c ? plainTitle(c.html, true) : plainTitle(c.text, false);
}

function firstDate(els: (XmlElement | null)[]): ReturnType<typeof parseFeedDate> {
  for (const el of els) {
    const d = parseFeedDate(text(el));
    if (d) return d;
  }
  return null;
}

/**
 * A link resolved against the xml:base in force at `el` (xml:base values
 * themselves resolve against the document's address); without any xml:base,
 * against `fallback` (the channel's link, else the document's address).
 */
function resolveAt(el: XmlElement | null, href: string | null, fallback: string | null, docBase: string | null): string | null {
  if (!href || href.trim() === '') return null;
  const bases: string[] = [];
  for (let e = el; e; e = e.parent) {
    const b = e.attrs['xml:base'];
    if (b !== undefined) bases.unshift(b.trim());
  }
  if (bases.length === 0) return absolute(href, fallback);
  let b: string | null = docBase;
  for (const x of bases) b = absolute(x, b) ?? b;
  return absolute(href, b);
}

function resolveLink(el: XmlElement, href: string | null, base: string | null): string | null {
  return resolveAt(el, href, base, base);
}

function nonEmpty(body: EntryBody | null): EntryBody | null {
  if (!body) return null;
  const value = 'html' in body ? body.html : body.text;
  return value.trim() === '' ? null : body;
}

function sameBody(a: EntryBody | null, b: EntryBody | null): boolean {
  if (!a || !b) return false;
  return ('html' in a ? a.html : a.text).trim() === ('html' in b ? b.html : b.text).trim();
}

/** Control characters that are never text (C0 but tab/newline, DEL, C1). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Titles are often HTML in practice (entities, <sup>); readers show their text, without control characters. */
function plainTitle(value: string | null, maybeHtml: boolean): string | null {
  if (value === null) return null;
  const s = value.replace(CONTROL, '');
  const text = maybeHtml && /[<&]/.test(s) ? htmlInlineToText(s).replace(CONTROL, '') : s.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** HTML held by an element: escaped or CDATA text as it is, or markup written unescaped inside it (serialised). */
function markup(el: XmlElement | null): string | null {
  if (!el) return null;
  const raw = el.children.some(isElement) ? innerHtml(el) : textOf(el);
  return raw.trim() === '' ? null : raw.trim();
}

function text(el: XmlElement | null): string | null {
  if (!el) return null;
  const t = textOf(el).trim();
  return t === '' ? null : t;
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
