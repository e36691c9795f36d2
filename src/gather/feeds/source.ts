// A feed as a Source: fetch it (or read the local file), decode, parse, map to
// Articles. Whatever goes wrong becomes one Problem naming the feed, so the
// other sources go on. A 304 answer costs no download: the stored copy of the
// last answer is read instead (see cache.ts for why it is not "no items").
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../log.js';
import type { Problem } from '../../types.js';
import type { Source, SourceResult } from '../source.js';
import type { AddressClassifier, Resolver } from './addresses.js';
import type { FeedCache } from './cache.js';
import { decodeDocument, type Decoded } from './decode.js';
import { SourceFailure } from './failure.js';
import { httpGet } from './http.js';
import { parseFeed } from './parse.js';
import { feedToArticles } from './to-articles.js';
import type { ParsedFeed } from './types.js';

/** What every network source needs, handed in by the composition root. */
export interface SourceDeps {
  /** Time limit of one request, connect to last byte. */
  timeoutMs?: number;
  /** Last answers and their validators, kept across runs; without one, every read is unconditional. */
  cache?: FeedCache;
  logger?: Logger;
  userAgent?: string;
  maxBytes?: number;
  /** Which addresses are internal, for the redirect rule (tests only; the real classification by default). */
  isPrivateAddress?: AddressClassifier;
  /** How host names resolve (tests only: a DNS server that changes its answer; the system's by default). */
  resolver?: Resolver;
}

/** A feed as listed: a URL or a local file path, with the editor's label and where it was listed. */
export interface FeedSpec {
  location: string;
  label?: string;
  /** For messages: e.g. "content/feeds.txt line 4". */
  listedAt?: string;
}

export const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** A feed (RSS, Atom, JSON Feed) at a URL or in a local file, as a Source. */
export function feedSource(spec: FeedSpec, deps: SourceDeps = {}): Source {
  return { name: spec.location, read: () => readFeed(spec, deps) };
}

/** Reads one feed; never throws, reports what went wrong instead. */
export async function readFeed(spec: FeedSpec, deps: SourceDeps = {}): Promise<SourceResult> {
  try {
    return isHttpUrl(spec.location) ? await readRemote(spec, deps) : await readLocal(spec);
  } catch (err) {
    return { articles: [], problems: [caughtProblem(spec, err, deps)] };
  }
}

/**
 * The Problem for whatever a source threw. A SourceFailure says what was
 * wrong with the source; anything else is a bug in Gazette, whose own text
 * ("Cannot read properties of undefined") would mean nothing to an editor:
 * it goes to the log, and the problem says so.
 */
export function caughtProblem(spec: { location: string; listedAt?: string }, err: unknown, deps: SourceDeps): Problem {
  if (err instanceof SourceFailure) {
    // The Problem is what gets reported (the pipeline logs it); debug only, not said twice.
    deps.logger?.debug({ source: spec.location, code: err.code }, err.message);
    return failureProblem(spec, err);
  }
  deps.logger?.error({ source: spec.location, err }, 'unexpected error while reading a source');
  return failureProblem(spec, new SourceFailure('BUG', 'it could not be read because of an unexpected error in Gazette (a bug; the details are in the log, please report it)'));
}

/** Decodes, parses and maps one feed document (an HTTP answer or a file's bytes); throws SourceFailure. */
export async function feedFromBytes(bytes: Uint8Array, contentType: string | null, base: string | null, spec: FeedSpec): Promise<{ feed: ParsedFeed; result: SourceResult }> {
  const feed = await parseDecoded(decodeDocument(bytes, contentType), base);
  return { feed, result: feedToArticles(feed, { source: spec.location, label: spec.label, listedAt: spec.listedAt }) };
}

async function readRemote(spec: FeedSpec, deps: SourceDeps): Promise<SourceResult> {
  const url = spec.location;
  const cached = (await deps.cache?.get(url)) ?? null;
  const answer = await httpGet(url, {
    timeoutMs: deps.timeoutMs,
    userAgent: deps.userAgent,
    maxBytes: deps.maxBytes,
    accept: FEED_ACCEPT,
    validators: cached,
    isPrivateAddress: deps.isPrivateAddress,
    resolver: deps.resolver,
  });
  if (answer.notModified && !cached) {
    // A 304 to a request that carried no validators: nothing to read.
    return { articles: [], problems: [] };
  }
  // Not modified: the stored copy is the feed. Its items are not "new" by
  // themselves; the issue history decides which ones an issue still needs.
  const doc = answer.notModified ? cached! : { body: answer.bytes, contentType: answer.contentType, url: answer.url };
  const { feed, result } = await feedFromBytes(doc.body, doc.contentType, doc.url, spec);
  // Stored only once the answer has been read, and only when it was
  // well-formed: a broken or cut-short answer must not turn the next run's
  // request into a 304 for content never (fully) used.
  if (!answer.notModified && !feed.malformed) await deps.cache?.put(url, { ...answer.validators, ...doc });
  deps.logger?.debug({ source: url, items: result.articles.length, notModified: answer.notModified }, 'feed read');
  return result;
}

async function readLocal(spec: FeedSpec): Promise<SourceResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(spec.location);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist'
      : code === 'EISDIR' ? 'it is a folder, not a feed file'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied; check who may read it'
      : `the file system refused (${code ?? 'unknown error'})`;
    throw new SourceFailure('FILE', `cannot read the feed file: ${why}`, { cause: err });
  }
  return (await feedFromBytes(bytes, null, null, spec)).result;
}

/** Parses decoded text; a guessed encoding becomes the feed's first warning. */
async function parseDecoded(decoded: Decoded, base: string | null): Promise<ParsedFeed> {
  const feed = await parseFeed(decoded.text, base);
  return decoded.warning ? { ...feed, warnings: [decoded.warning, ...(feed.warnings ?? [])] } : feed;
}

/** The Problem for a failed source: where, the failure code, and the message with where it was listed. */
export function failureProblem(spec: { location: string; listedAt?: string }, err: SourceFailure): Problem {
  return { where: spec.location, code: err.code, message: spec.listedAt ? `${err.message} (listed in ${spec.listedAt})` : err.message };
}

/** True for an http: or https: URL. */
export function isHttpUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}
