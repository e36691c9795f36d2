// Web pages are reduced to their article with Mozilla's Readability (Firefox's
// reader view) on linkedom, a light DOM that is much faster than jsdom and good
// enough for Readability's needs.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { compile, type HtmlToTextOptions } from 'html-to-text';
import { boundHtml } from './pages/bound.js';

export interface ExtractedPage {
  title: string | null;
  text: string;
  byline: string | null;
  siteName: string | null;
  published: string | null;
  url: string | null;
  lang: string | null;
}

// Readers see the words, not the markup: links lose their href, images and
// media go, headings keep their case, and a figure keeps its caption (as the
// reader view does) but not the image.
const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'picture', format: 'skip' },
    { selector: 'video', format: 'skip' },
    { selector: 'audio', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'figure', format: 'block' },
    { selector: 'figcaption', format: 'paragraph' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
};
const converter = compile(TEXT_OPTIONS);
const inlineConverter = compile({ wordwrap: false, selectors: [...TEXT_OPTIONS.selectors!, { selector: 'p', format: 'inline' }] });

/**
 * Stands for a line break inside a preformatted block (code, a poem laid out
 * in text): the block comes out as one line holding these, so that `clean`
 * keeps it whole and never judges its lines one by one (a line of SQL is not a
 * breadcrumb). U+2028 LINE SEPARATOR; `clean` turns it back into a newline.
 */
export const PRE_BREAK = '\u2028';
const PRE_MARK = '\uE000';

/** Converts an HTML fragment to plain text with paragraphs separated by blank lines; a <pre> block stays one line (see PRE_BREAK). */
export function htmlFragmentToText(html: string): string {
  // html-to-text would fold a whitespace mark into a space: a private-use character crosses it, then becomes PRE_BREAK.
  // Flattened first: html-to-text recurses once per level of nesting.
  const flat = boundHtml(html, { maxBytes: Infinity, maxElements: Infinity }).html;
  const marked = flat.replace(/<pre\b[\s\S]*?<\/pre>/gi, (block) => block.replace(/\r?\n|<br\s*\/?>/gi, PRE_MARK));
  const text = converter(marked).replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return text.replace(new RegExp(`^[ ${PRE_MARK}]+|[ ${PRE_MARK}]+$`, 'gm'), (m) => m.replaceAll(PRE_MARK, '')).replaceAll(PRE_MARK, PRE_BREAK);
}

/** The text of a short HTML snippet (a title, a name) on one line. */
export function htmlInlineToText(html: string): string {
  return inlineConverter(html).replace(/\s+/g, ' ').trim();
}

function meta(document: Document, ...names: string[]): string | null {
  for (const name of names) {
    const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return null;
}

/**
 * Extracts the article of a page; null when Readability finds none. `baseUrl`
 * resolves relative links. The page is bounded first (see pages/bound.ts):
 * throws PageTooLargeError, with a reason, when it is too large to read.
 */
export function extractPage(html: string, baseUrl?: string): ExtractedPage | null {
  const { document } = parseHTML(boundHtml(html).html);
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(document, 'og:url');
  const url = resolveUrl(canonical, baseUrl) ?? baseUrl ?? null;
  const publishedMeta = meta(document, 'article:published_time', 'datePublished', 'date', 'DC.date.issued', 'pubdate');
  const article = new Readability(document as unknown as Document).parse();
  if (!article || !article.content) return null;
  return {
    title: article.title?.trim() || null,
    text: htmlFragmentToText(article.content),
    byline: article.byline?.trim() || null,
    siteName: article.siteName?.trim() || null,
    published: toIso(article.publishedTime ?? publishedMeta),
    url,
    lang: article.lang ?? null,
  };
}

function resolveUrl(href: string | null | undefined, base?: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}

/** An ISO timestamp from any date string Date understands, or null. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
