// A single web page by URL, as a Source: fetch it, decode it, and let
// Readability find the article (title, byline, site name, published time).
import type { Article } from '../../types.js';
import { decodeBody } from '../feeds/decode.js';
import { SourceFailure } from '../feeds/failure.js';
import { httpGet } from '../feeds/http.js';
import { caughtProblem, type SourceDeps } from '../feeds/source.js';
import { extractPage } from '../html.js';
import { articleId, hostOf } from '../ids.js';
import type { Source, SourceResult } from '../source.js';
import { PageTooLargeError } from './bound.js';

export interface PageSpec {
  url: string;
  /** The editor's name for the outlet; wins over the page's own site name. */
  label?: string;
  listedAt?: string;
}

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** A web page at `spec.url` as a Source of one Article. */
export function pageSource(spec: PageSpec, deps: SourceDeps = {}): Source {
  return { name: spec.url, read: () => readPage(spec, deps) };
}

/** Fetches and extracts one page; a failure is reported as a Problem naming the URL. */
export async function readPage(spec: PageSpec, deps: SourceDeps = {}): Promise<SourceResult> {
  try {
    return { articles: [await fetchArticle(spec, deps)], problems: [] };
  } catch (err) {
    return { articles: [], problems: [caughtProblem({ location: spec.url, listedAt: spec.listedAt }, err, deps)] };
  }
}

async function fetchArticle(spec: PageSpec, deps: SourceDeps): Promise<Article> {
  // Pages are fetched unconditionally: a page does not grow new items, and
  // "already sent" is decided by the issue history, not by the server.
  const answer = await httpGet(spec.url, { timeoutMs: deps.timeoutMs, userAgent: deps.userAgent, maxBytes: deps.maxBytes, accept: PAGE_ACCEPT, isPrivateAddress: deps.isPrivateAddress, resolver: deps.resolver });
  if (answer.notModified) throw new SourceFailure('HTTP_STATUS', 'the server answered 304 to an unconditional request');
  const type = answer.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && !/html|xml|text\/plain/.test(type)) {
    throw new SourceFailure('NO_ARTICLE', `the address serves ${type}, not a web page`);
  }
  const page = extractOrRefuse(decodeBody(answer.bytes, answer.contentType), answer.url);
  if (!page || page.text.trim() === '') {
    throw new SourceFailure('NO_ARTICLE', 'no article text was found in the page (Readability found no main content)');
  }
  const url = page.url ?? answer.url;
  return {
    id: articleId(url, spec.url),
    title: page.title ?? page.text.split('\n')[0]!.slice(0, 120),
    url,
    outlet: spec.label ?? page.siteName ?? hostOf(url) ?? 'Web',
    published: page.published,
    text: page.text,
    source: spec.url,
    tags: [],
    ...(page.byline ? { byline: page.byline } : {}),
  };
}

/** The extracted page; a page too large to read within bounds becomes a NO_ARTICLE failure with its reason. */
function extractOrRefuse(html: string, url: string): ReturnType<typeof extractPage> {
  try {
    return extractPage(html, url);
  } catch (err) {
    if (err instanceof PageTooLargeError) throw new SourceFailure('NO_ARTICLE', err.message);
    throw err;
  }
}
