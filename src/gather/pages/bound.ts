// Readability's work grows much faster than the page's nesting depth (it walks
// every candidate's ancestors and re-reads their text): 1,000 nested divs took
// 16 s, 100,000 overflowed the stack. Real article pages nest about 30 deep.
// So before the DOM is built, one streaming pass (htmlparser2's tokenizer,
// which keeps no tree and recurses nowhere) measures the page, drops what no
// reader sees (scripts, styles, comments), and unwraps elements nested past
// MAX_DEPTH: their tags go, their text stays, in order. A page still too large
// after that (bytes or elements) is refused with a reason instead of blocking
// the process. HTML fragments (a feed item's body) get the same flattening:
// html-to-text recurses per level and overflows the stack at 10,000.
import { Tokenizer } from 'htmlparser2';

/** Far beyond real pages (the 20 shared pages nest 8 to 27 deep), far below where Readability slows down. */
export const MAX_DEPTH = 64;
/** Markup left after scripts, styles and comments are gone: the shared pages keep at most 0.33 MB. */
export const MAX_MARKUP_BYTES = 2 * 1024 * 1024;
/**
 * Elements left: the shared pages keep at most 1,800. Readability's time grows
 * with elements times depth; at this bound a page built to be slow (every
 * element 64 deep, too little text, so Readability tries four times) takes
 * about 5 s on a busy 2-core machine, a real page a few tens of milliseconds.
 */
export const MAX_ELEMENTS = 10_000;

export interface BoundedHtml {
  html: string;
  /** The deepest nesting seen in the original page. */
  depth: number;
  /** How many elements were unwrapped because they sat deeper than MAX_DEPTH. */
  unwrapped: number;
  /** Elements kept. */
  elements: number;
}

/** Thrown when a page cannot be read within bounds; the message says why and what to do. */
export class PageTooLargeError extends Error {}

/** Elements whose content no reader sees; a JSON-LD script stays (Readability reads its metadata). */
const INVISIBLE = new Set(['script', 'style', 'noscript', 'template']);

/** Elements with no content and no end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame']);
/** An open element of one of these kinds ends when a sibling of the same kind starts (HTML's implied end tags). */
const SELF_ENDING: Record<string, string[]> = { p: ['p'], li: ['li'], dt: ['dt', 'dd'], dd: ['dt', 'dd'], tr: ['tr'], td: ['td', 'th'], th: ['td', 'th'], option: ['option'] };
/** Blocks whose start ends an open paragraph. */
const ENDS_P = new Set(['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);

interface Open {
  name: string;
  /** Its tags are cut (it sat too deep); its content stays. */
  unwrapped: boolean;
  /** It and its content are cut (a script, a style). */
  hidden: boolean;
  start: number;
}

/**
 * The page with invisible parts removed and deep nesting flattened; throws
 * PageTooLargeError past the size bound. htmlparser2's Parser keeps its stack
 * with unshift (quadratic in depth), so this drives its Tokenizer and keeps an
 * approximate stack of its own: void elements, implied end tags and stray end
 * tags handled the way browsers mostly do. Only depth depends on it.
 */
export function boundHtml(html: string, limits: { maxDepth?: number; maxBytes?: number; maxElements?: number } = {}): BoundedHtml {
  const maxDepth = limits.maxDepth ?? MAX_DEPTH;
  const maxBytes = limits.maxBytes ?? MAX_MARKUP_BYTES;
  const maxElements = limits.maxElements ?? MAX_ELEMENTS;
  // [start, end) ranges of the original to leave out.
  const cut: [number, number][] = [];
  const stack: Open[] = [];
  let depth = 0;
  let unwrapped = 0;
  let elements = 0;
  let hidden = 0;
  let tag: { name: string; start: number } | null = null;
  // How many of each name are open: a stray end tag is found stray without walking the stack.
  const openCount = new Map<string, number>();
  const close = (open: Open, endStart: number, endEnd: number): void => {
    openCount.set(open.name, openCount.get(open.name)! - 1);
    if (open.hidden) {
      hidden--;
      cut.push([open.start, endEnd]);
    } else if (open.unwrapped && endEnd > endStart) cut.push([endStart, endEnd]);
  };
  /** Closes the top elements implied closed by a new `name` (an unclosed <p> before a <div>, <li> before <li>). */
  const implyEnds = (name: string, at: number): void => {
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top || !((SELF_ENDING[top.name]?.includes(name)) || (top.name === 'p' && ENDS_P.has(name)))) return;
      close(stack.pop()!, at, at);
    }
  };
  const open = (end: number, selfClosing: boolean): void => {
    if (!tag) return;
    const { name, start } = tag;
    tag = null;
    implyEnds(name, start);
    if (VOID.has(name) || selfClosing && !/^(div|span|p)$/.test(name)) {
      if (hidden === 0 && stack.length >= maxDepth) cut.push([start, end + 1]);
      return;
    }
    const invisible = hidden === 0 && INVISIBLE.has(name) && !(name === 'script' && /\btype\s*=\s*["']?[^"'>]*ld\+json/i.test(html.slice(start, end)));
    const unwrap = hidden === 0 && stack.length >= maxDepth;
    if (unwrap) {
      cut.push([start, end + 1]);
      unwrapped++;
    }
    if (invisible) hidden++;
    else if (!unwrap && hidden === 0) elements++;
    stack.push({ name, unwrapped: unwrap, hidden: invisible, start });
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
    depth = Math.max(depth, stack.length);
  };
  const tokenizer = new Tokenizer({ decodeEntities: false }, {
    onopentagname(start, end) { tag = { name: html.slice(start, end).toLowerCase(), start: start - 1 }; },
    onopentagend(end) { open(end, false); },
    onselfclosingtag(end) { open(end, true); },
    onclosetag(start, end) {
      const name = html.slice(start, end).toLowerCase();
      const gt = html.indexOf('>', end);
      const stop = gt < 0 ? html.length : gt + 1;
      // A stray end tag (nothing of that name open) is ignored, as browsers do; else everything above it closes.
      if (!openCount.get(name)) {
        if (hidden === 0 && stack.length >= maxDepth) cut.push([start - 2, stop]);
        return;
      }
      // Walking down costs what the pops that follow cost, so this stays linear overall.
      let at = stack.length - 1;
      while (stack[at]!.name !== name) at--;
      while (stack.length > at + 1) close(stack.pop()!, start - 2, start - 2);
      close(stack.pop()!, start - 2, stop);
    },
    oncomment(start, end) {
      // `end` is the comment's closing ">"; its opening "<" is the last one before its text.
      if (hidden === 0) cut.push([html.lastIndexOf('<', start - 1), end + 1]);
    },
    onattribdata() {}, onattribentity() {}, onattribend() {}, onattribname() {}, oncdata() {}, ondeclaration() {},
    onend() {}, onprocessinginstruction() {}, ontext() {}, ontextentity() {},
  });
  tokenizer.write(html);
  tokenizer.end();
  // Whatever is still open at the end: a hidden element runs to the end of the page.
  while (stack.length) close(stack.pop()!, html.length, html.length);
  const out = stitch(html, cut);
  const bytes = maxBytes === Infinity ? 0 : Buffer.byteLength(out);
  if (bytes > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new PageTooLargeError(`the page holds ${mb(bytes)} MB of markup even without scripts and styles; Gazette reads pages up to ${mb(maxBytes)} MB (save the article alone, or as text)`);
  }
  if (elements > maxElements) {
    throw new PageTooLargeError(`the page has ${elements.toLocaleString('en')} elements; Gazette reads pages of up to ${maxElements.toLocaleString('en')} (an article page has about 2,000; save the article alone, or as text)`);
  }
  return { html: out, depth, unwrapped, elements };
}

/** The original text without the cut ranges; nested or overlapping ranges (a hidden element's inner cuts) merge. */
function stitch(html: string, cut: [number, number][]): string {
  if (cut.length === 0) return html;
  cut.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of cut) {
    if (end <= at) continue;
    if (start > at) parts.push(html.slice(at, start));
    at = Math.max(at, end);
  }
  parts.push(html.slice(at));
  return parts.join('');
}
