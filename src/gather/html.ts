// Web pages are reduced to their article with Mozilla's Readability (Firefox's
// reader view) on linkedom, a light DOM that is much faster than jsdom and good
// enough for Readability's needs.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { htmlToText } from 'html-to-text';

export interface ExtractedPage {
  title: string | null;
  text: string;
  byline: string | null;
  siteName: string | null;
  published: string | null;
  url: string | null;
  lang: string | null;
}

/** Converts an HTML fragment to plain text with paragraphs separated by blank lines. */
export function htmlFragmentToText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'figure', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
}

function meta(document: Document, ...names: string[]): string | null {
  for (const name of names) {
    const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return null;
}

/** Extracts the article of a page; null when Readability finds none. `baseUrl` resolves relative links. */
export function extractPage(html: string, baseUrl?: string): ExtractedPage | null {
  const { document } = parseHTML(html);
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
