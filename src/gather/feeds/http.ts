// One GET over Node's fetch (undici): a time limit on the whole exchange,
// redirects followed one by one (and checked), a size cap, conditional request
// headers, and every way it can fail turned into a SourceFailure that says
// what happened and what to do.
import { toIso } from '../html.js';
import { Agent, fetch, type Response } from 'undici';
import { hostAddresses, isPrivateAddress, systemResolver, type AddressClassifier, type Resolver } from './addresses.js';
import type { Validators } from './cache.js';
import { SourceFailure } from './failure.js';

export const DEFAULT_USER_AGENT = 'Gazette/0.1 (newsletter digest; feed reader)';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** As many as browsers allow before calling it a loop would be too many for a feed; five is plenty in practice. */
export const MAX_REDIRECTS = 10;

export interface HttpOptions {
  timeoutMs?: number;
  userAgent?: string;
  accept?: string;
  maxBytes?: number;
  /** Sent as If-None-Match / If-Modified-Since. */
  validators?: Validators | null;
  /** Which addresses count as internal for the redirect rule; the real classification unless a test says otherwise. */
  isPrivateAddress?: AddressClassifier;
  /** How host names resolve, for the check and the connection alike; the system's resolver unless a test says otherwise. */
  resolver?: Resolver;
}

export type HttpAnswer =
  | { notModified: true }
  | { notModified: false; status: number; url: string; contentType: string | null; bytes: Uint8Array; validators: Validators };

/** GETs `url`; a 304 is `{notModified: true}`; anything but 2xx/304 throws SourceFailure. */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept: options.accept ?? '*/*',
  };
  const etag = safeEtag(options.validators?.etag);
  const lastModified = safeDate(options.validators?.lastModified);
  if (etag) headers['if-none-match'] = etag;
  if (lastModified) headers['if-modified-since'] = lastModified;
  // One signal for connect, headers and body: a server that trickles bytes
  // cannot hold the build past the limit.
  const signal = AbortSignal.timeout(timeoutMs);
  const isInternal = options.isPrivateAddress ?? isPrivateAddress;
  const resolver = options.resolver ?? systemResolver;
  const gate: Gate = { inside: false };
  const agent = guardedAgent(gate, isInternal, resolver);
  try {
    return await exchange(url, headers, signal, timeoutMs, options, { isInternal, resolver, gate, agent });
  } finally {
    // The connections were this request's own (the gate is per request): none is kept for later.
    void agent.destroy().catch(() => {});
  }
}

async function exchange(url: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number, options: HttpOptions, guard: Guard): Promise<HttpAnswer> {
  const { response, url: finalUrl } = await fetchFollowing(url, headers, signal, timeoutMs, guard);
  if (response.status === 304) {
    await response.body?.cancel();
    return { notModified: true };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SourceFailure('HTTP_STATUS', `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; ${statusAdvice(response.status)}`);
  }
  const bytes = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES, timeoutMs);
  const validators: Validators = {};
  const newEtag = safeEtag(response.headers.get('etag'));
  const newLastModified = safeDate(response.headers.get('last-modified'));
  if (newEtag) validators.etag = newEtag;
  if (newLastModified) validators.lastModified = newLastModified;
  return { notModified: false, status: response.status, url: finalUrl, contentType: response.headers.get('content-type'), bytes, validators };
}

/**
 * Follows redirects by hand, so that each one is checked before it is
 * followed: to http(s) only, at most MAX_REDIRECTS, and never from a public
 * address to an internal one (loopback, private, link-local...), judged on the
 * addresses the host resolves to. Where the editor listed an internal address
 * (a feed on the same machine), its redirects within the inside stay allowed.
 * The connection itself resolves through guardedAgent, which applies the same
 * rule to the addresses it connects to: a DNS answer that changes between the
 * check and the connection (rebinding) cannot lead inside either.
 */
async function fetchFollowing(url: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number, guard: Guard): Promise<{ response: Response; url: string }> {
  const { isInternal, resolver, gate, agent } = guard;
  let current = url;
  let inside: boolean;
  try {
    inside = (await hostAddresses(new URL(url), signal, resolver)).some(isInternal);
  } catch (err) {
    throw fetchFailure(err, timeoutMs);
  }
  for (let hops = 0; ; hops++) {
    let response: Response;
    try {
      // The connection may go inside only where this hop's check allowed it.
      gate.inside = inside;
      response = await fetch(current, { headers, redirect: 'manual', signal, dispatcher: agent });
    } catch (err) {
      throw fetchFailure(err, timeoutMs);
    }
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return { response, url: current };
    await response.body?.cancel().catch(() => {});
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new SourceFailure('REDIRECT', `${current} redirects to "${location.slice(0, 200)}", which is not a valid address`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new SourceFailure('REDIRECT', `${current} redirects to ${next.protocol} address ${next.href.slice(0, 200)}; only http and https are followed`);
    }
    if (hops >= MAX_REDIRECTS) {
      throw new SourceFailure('REDIRECT', `more than ${MAX_REDIRECTS} redirects (the last from ${current} to ${next.href}); the address loops or is wrong`);
    }
    let addresses: string[];
    try {
      addresses = await hostAddresses(next, signal, resolver);
    } catch (err) {
      throw fetchFailure(err, timeoutMs);
    }
    if (!inside && addresses.length === 0) {
      // Not resolvable now: fetch would resolve it again itself, and what it
      // found then would escape the check, so the redirect is not followed.
      throw new SourceFailure('REDIRECT', `${current} redirects to ${next.href}, whose host ${next.hostname} does not resolve; it was not followed`);
    }
    const internal = addresses.find(isInternal);
    if (!inside && internal !== undefined) {
      throw new SourceFailure('REDIRECT', `${current} redirects to ${next.href}, which is an internal address (${internal}: loopback, private or link-local); a public address may not lead inside, so it was not followed`);
    }
    inside = internal !== undefined;
    current = next.href;
  }
}

/** Whether the hop being fetched may connect to an internal address (its check decided). */
interface Gate { inside: boolean }

interface Guard {
  isInternal: AddressClassifier;
  resolver: Resolver;
  gate: Gate;
  agent: Agent;
}

/**
 * An undici Agent whose connections resolve host names through `resolver` and
 * refuse an internal address unless the gate allows it. The check before each
 * hop reads DNS once and the connection would read it again; a hostile DNS
 * server could answer a public address to the first and a private one to the
 * second. Checking here, on the very addresses the socket is given, closes
 * that gap. (undici is the client behind Node's own fetch, used directly for
 * its `connect.lookup` hook; addresses written as numbers skip the lookup and
 * are judged by the check alone, which sees exactly them.)
 */
function guardedAgent(gate: Gate, isInternal: AddressClassifier, resolver: Resolver): Agent {
  type Callback = (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
  return new Agent({
    connect: {
      lookup(hostname: string, options: { all?: boolean }, callback: Callback) {
        resolver(hostname).then((all) => {
          if (all.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), []);
          const internal = gate.inside ? undefined : all.find((a) => isInternal(a.address));
          if (internal) {
            return callback(new SourceFailure('REDIRECT', `${hostname} resolved to the internal address ${internal.address} (loopback, private or link-local) when connecting, though it resolved to a public one when checked; a public address may not lead inside, so nothing was fetched`), []);
          }
          if (options.all) return callback(null, all);
          callback(null, all[0]!.address, all[0]!.family);
        }, (err: Error) => callback(err, []));
      },
    } as never,
  });
}

async function readCapped(response: Response, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SourceFailure) throw err;
    throw fetchFailure(err, timeoutMs);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): SourceFailure {
  return new SourceFailure('TOO_LARGE', `the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; this is not a feed or article page Gazette can read`);
}

/** Turns what fetch threw into a failure naming the cause (ECONNREFUSED, ENOTFOUND, a time-out...). */
function fetchFailure(err: unknown, timeoutMs: number): SourceFailure {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  // The connection's own refusal (guardedAgent) says what happened already.
  if (e?.cause instanceof SourceFailure) return e.cause;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new SourceFailure('TIMEOUT', `no complete answer within ${timeoutMs / 1000} s; the server is down or slow (the limit is GAZETTE_FEED_TIMEOUT_MS)`, { cause: err });
  }
  const cause = e?.cause;
  const code = cause?.code;
  const reason = code === 'ENOTFOUND' ? 'the host name does not resolve; check the address'
    : code === 'ECONNREFUSED' ? 'the connection was refused; nothing is listening at that address'
    : code === 'ECONNRESET' ? 'the server closed the connection'
    : code && /CERT|SSL|TLS/i.test(code) ? 'the TLS certificate was not accepted'
    : 'the request failed';
  const detail = [code, cause?.message ?? e?.message].filter(Boolean).join(': ');
  return new SourceFailure('NETWORK', `${reason} (${detail})`, { cause: err });
}

function statusAdvice(status: number): string {
  if (status === 404 || status === 410) return 'the address is gone or wrong; check it in the sources list';
  if (status === 401 || status === 403) return 'the server refuses access to this address';
  if (status === 429) return 'the server asks to slow down; it is tried again on the next run';
  if (status >= 500) return 'the server has a problem; it is tried again on the next run';
  return 'check the address in the sources list';
}

/**
 * An ETag goes back to the server in a header, so it must be a plain visible
 * ASCII string (RFC 9110 entity-tag, or the unquoted form some servers send).
 */
function safeEtag(value: string | null | undefined): string | undefined {
  return value && /^[\x21-\x7e][\x20-\x7e]{0,254}$/.test(value) ? value : undefined;
}

/** A Last-Modified value is sent back only when it is a real HTTP date. */
function safeDate(value: string | null | undefined): string | undefined {
  if (!value || !/^[\x20-\x7e]{1,64}$/.test(value) || toIso(value) === null) return undefined;
  return value;
}
