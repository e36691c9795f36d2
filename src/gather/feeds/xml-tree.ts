// A forgiving XML reader for feeds: htmlparser2's tokenizer in XML mode, with
// a small tree built here. Why not a strict XML parser (xml2js/sax under
// rss-parser, fast-xml-parser under feedsmith and @rowanmanning/feed-parser):
// feeds in the wild break XML in ways every mainstream reader forgives (a bare
// "&", an HTML entity XML does not know, an unclosed tag, a truncated
// document), and a strict parser loses the whole feed to one such byte, with
// an error message about its own internals. htmlparser2 never throws, reads
// in one linear pass, keeps no state between documents (a new Parser per
// call), and never expands DTD entities, so a billion-laughs document is just
// text. What it forgives is recorded as a warning instead of being silent.
import { decodeHTMLAttribute, decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rss1: 'http://purl.org/rss/1.0/',
  rss09: 'http://my.netscape.com/rdf/simple/0.9/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

/** Prefixes feeds use without declaring them; read as their usual namespaces. */
const USUAL_PREFIXES: Record<string, string> = {
  atom: NS.atom, a10: NS.atom, dc: NS.dc, dcterms: NS.dcterms, content: NS.content, rdf: NS.rdf, xhtml: NS.xhtml,
};

/**
 * Deeper than this is no feed (real feeds nest a dozen levels; XHTML content a
 * few dozen): deeper elements are flattened into the one at this depth, so
 * their text is kept, the tree stays shallow for every reader of it, and a
 * hostile document costs no more than a long one.
 */
export const MAX_DEPTH = 256;

/** HTML elements that never hold content; written unclosed ("<br>") inside a feed, they must not nest what follows. */
const VOID = new Set(['br', 'hr', 'img', 'wbr', 'input', 'area', 'embed', 'col', 'track']);

export interface XmlText {
  text: string;
  /** CDATA is taken literally; other text has its entities decoded when read. */
  cdata: boolean;
}

export interface XmlElement {
  /** As written, e.g. "dc:date". */
  name: string;
  /** Local name in lower case, e.g. "date". */
  local: string;
  /** Namespace URI, or '' when none is in scope. */
  ns: string;
  /** Attributes as written (qualified names), values decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
}

export type XmlNode = XmlElement | XmlText;

export function isElement(node: XmlNode): node is XmlElement {
  return 'local' in node;
}

export interface XmlDocument {
  root: XmlElement | null;
  /** The first place where the document was not well-formed and was read leniently. */
  problem: string | null;
}

interface Scope {
  el: XmlElement;
  prefixes: Record<string, string>;
}

/** Reads an XML document into a tree, never failing on malformed markup (only on absurd nesting). */
export function parseXml(xml: string): XmlDocument {
  let root: XmlElement | null = null;
  let problem: string | null = null;
  const stack: Scope[] = [];
  let inCdata = false;
  /** Elements opened past MAX_DEPTH and not yet closed: their closing tags must not pop the stack. */
  let flattened = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const local = name.slice(name.indexOf(':') + 1).toLowerCase();
        if (VOID.has(local) || stack.length >= MAX_DEPTH) {
          if (!VOID.has(local)) {
            flattened++;
            problem ??= `elements are nested more than ${MAX_DEPTH} deep; the deeper ones were flattened`;
          }
          const top = stack[stack.length - 1];
          const attrs = Object.fromEntries(Object.entries(attribs).map(([k, v]) => [k, decodeHTMLAttribute(v)]));
          if (top) top.el.children.push({ name, local, ns: top.el.ns, attrs, children: [], parent: top.el });
          return;
        }
        const parent = stack[stack.length - 1] ?? null;
        const attrs: Record<string, string> = {};
        let prefixes = parent?.prefixes ?? {};
        for (const [k, raw] of Object.entries(attribs)) {
          const v = decodeHTMLAttribute(raw);
          attrs[k] = v;
          if (k === 'xmlns' || k.startsWith('xmlns:')) {
            if (prefixes === parent?.prefixes) prefixes = { ...prefixes };
            prefixes[k === 'xmlns' ? '' : k.slice(6)] = v.trim();
          }
        }
        const colon = name.indexOf(':');
        const prefix = colon > 0 ? name.slice(0, colon) : '';
        const ns = prefixes[prefix] ?? USUAL_PREFIXES[prefix.toLowerCase()] ?? '';
        const el: XmlElement = { name, local: name.slice(colon + 1).toLowerCase(), ns, attrs, children: [], parent: parent?.el ?? null };
        if (parent) parent.el.children.push(el);
        else if (!root) root = el;
        else problem ??= `there is more than one top-level element (<${name}> after <${root.name}>); only the first was read`;
        stack.push({ el, prefixes });
      },
      onclosetag(name, isImplied) {
        if (VOID.has(name.slice(name.indexOf(':') + 1).toLowerCase())) return;
        if (flattened > 0) {
          flattened--;
          return;
        }
        // An implied close is one the document never wrote, except "<x/>",
        // which htmlparser2 reports the same way (it ends in "/>").
        const selfClosing = xml[parser.endIndex] === '>' && xml[parser.endIndex - 1] === '/';
        if (isImplied && !selfClosing && stack.length > 0) problem ??= `<${name}> is never closed (the document is cut short or mis-nested); read as far as it goes`;
        stack.pop();
      },
      ontext(data) {
        const top = stack[stack.length - 1];
        if (!top) return;
        const last = top.el.children[top.el.children.length - 1];
        if (last && !isElement(last) && last.cdata === inCdata) last.text += data;
        else top.el.children.push({ text: data, cdata: inCdata });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.end(xml);
  return { root, problem };
}

/** The text of a node: entities decoded (HTML's too, leniently: a bare "&" stays), CDATA as is, elements' text joined. */
export function textOf(node: XmlNode): string {
  if (!isElement(node)) return node.cdata ? node.text : decodeHTMLStrict(node.text);
  let out = '';
  const stack: XmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isElement(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    else out += n.cdata ? n.text : decodeHTMLStrict(n.text);
  }
  return out;
}

/** The children of `el` serialised as HTML (inline XHTML content), namespace prefixes dropped. */
export function innerHtml(el: XmlElement): string {
  return el.children.map(outerHtml).join('');
}

function outerHtml(node: XmlNode): string {
  if (!isElement(node)) return escapeText(node.cdata ? node.text : decodeHTMLStrict(node.text));
  const name = node.name.slice(node.name.indexOf(':') + 1);
  const attrs = Object.entries(node.attrs)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => ` ${k.slice(k.indexOf(':') + 1)}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return VOID.has(node.local) ? `<${name}${attrs}>` : `<${name}${attrs}>${innerHtml(node)}</${name}>`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Child elements of `el` with local name `local` (lower case) whose namespace is one of `nss`. */
export function children(el: XmlElement | null, local: string, nss: readonly string[]): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlElement => isElement(c) && c.local === local && nss.includes(c.ns));
}

export function child(el: XmlElement | null, local: string, nss: readonly string[]): XmlElement | null {
  return children(el, local, nss)[0] ?? null;
}

/** An attribute by local name (e.g. "base" finds xml:base, "ispermalink" is case-insensitive). */
export function attr(el: XmlElement, name: string): string | null {
  for (const [k, v] of Object.entries(el.attrs)) if (k.toLowerCase() === name) return v;
  return null;
}
