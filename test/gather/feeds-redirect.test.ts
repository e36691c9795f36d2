// Server-side request forgery by redirect (issue 14, item 5): a feed or page
// at a public address that redirects to an internal one (loopback, private,
// link-local, unique-local, 0.0.0.0, IPv4-mapped IPv6) is not followed, with
// a problem naming both addresses; judged on resolved addresses, so
// "localhost" counts as 127.0.0.1. Real HTTP servers: "public" is 127.0.0.2,
// which the injected classifier calls public; the internal page is on
// 127.0.0.1. The real classification is checked on its own below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/gather/feeds/addresses.js';
import { MAX_REDIRECTS } from '../../src/gather/feeds/http.js';
import { readFeed, type SourceDeps } from '../../src/gather/feeds/source.js';
import { readPage } from '../../src/gather/pages/source.js';
import { rssFeed, startFeedServer, type FeedServer } from './feeds-server.js';

const item = { title: 'Quay lights replaced', link: 'https://outlet.example.org/quay', date: '2025-06-02T08:00:00Z' };
const SECRET = '<html><head><title>Admin</title></head><body><article><h1>Internal</h1><p>The internal admin page must never be read by a public feed. It holds secrets, like the database password and the keys to everything.</p></article></body></html>';
let outside: FeedServer;
let inside: FeedServer;
const deps: SourceDeps = { timeoutMs: 5000, isPrivateAddress: (ip) => ip !== '127.0.0.2' && isPrivateAddress(ip) };

beforeAll(async () => {
  outside = await startFeedServer('127.0.0.2');
  inside = await startFeedServer('127.0.0.1');
  inside.set('/admin', { body: SECRET, type: 'text/html' });
  inside.set('/feed.xml', { body: rssFeed('Inside Outlet', [item]) });
  inside.set('/hop', { redirect: inside.url('/feed.xml') });
});
afterAll(async () => {
  await outside.close();
  await inside.close();
});

describe('redirects from a public address', () => {
  const port = () => new URL(inside.url('/')).port;
  it.each([
    ['loopback by number', () => inside.url('/admin'), '127.0.0.1'],
    ['loopback by name (resolved)', () => `http://localhost:${port()}/admin`, /^(127\.0\.0\.1|::1)$/],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port()}/admin`, '::ffff:7f00:1'],
    ['IPv6 loopback', () => `http://[::1]:${port()}/admin`, '::1'],
    ['0.0.0.0', () => `http://0.0.0.0:${port()}/admin`, '0.0.0.0'],
    ['a private 10/8 address', () => 'http://10.1.2.3/admin', '10.1.2.3'],
    ['a private 172.16/12 address', () => 'http://172.20.0.5/admin', '172.20.0.5'],
    ['a private 192.168/16 address', () => 'http://192.168.1.1/admin', '192.168.1.1'],
    ['link-local (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['IPv6 link-local', () => 'http://[fe80::1]/admin', 'fe80::1'],
    ['IPv6 unique-local', () => 'http://[fd00::5]/admin', 'fd00::5'],
    ['IPv4-compatible IPv6 loopback', () => `http://[::127.0.0.1]:${port()}/admin`, '::7f00:1'],
  ])('a feed is not led to %s', async (_name, target, ip) => {
    const path = `/to-${Math.random().toString(36).slice(2)}.xml`;
    outside.set(path, { redirect: target() });
    const before = inside.requests.length;
    const { articles, problems } = await readFeed({ location: outside.url(path), listedAt: 'content/feeds.txt line 4' }, deps);
    expect(articles).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe(outside.url(path));
    expect(problems[0]!.code).toBe('REDIRECT');
    expect(problems[0]!.message).toContain(`${outside.url(path)} redirects to ${new URL(target()).href}, which is an internal address (`);
    expect(problems[0]!.message).toMatch(ip instanceof RegExp ? new RegExp(`internal address \\((${ip.source.slice(1, -1)}):`) : `internal address (${ip}:`);
    expect(problems[0]!.message).toContain('(listed in content/feeds.txt line 4)');
    expect(inside.requests.length).toBe(before);
  });

  it('a page is not led inside either, and nothing of the internal page is read', async () => {
    outside.set('/story', { redirect: inside.url('/admin') });
    const before = inside.requests.length;
    const { articles, problems } = await readPage({ url: outside.url('/story'), listedAt: 'content/feeds.txt line 9' }, deps);
    expect(articles).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['REDIRECT']);
    expect(problems[0]!.message).toContain(`${outside.url('/story')} redirects to ${inside.url('/admin')}`);
    expect(inside.requests.length).toBe(before);
  });

  it('a redirect to a host that does not resolve is not followed (fetch would resolve it again, unchecked)', async () => {
    outside.set('/nowhere', { redirect: 'http://no-such-host.invalid/admin' });
    const { articles, problems } = await readFeed({ location: outside.url('/nowhere') }, deps);
    expect(articles).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['REDIRECT']);
    expect(problems[0]!.message).toContain('no-such-host.invalid does not resolve; it was not followed');
  });

  it('a redirect that goes public, then inside, is refused at the step inside', async () => {
    inside.set('/out', { redirect: outside.url('/bounce') });
    outside.set('/bounce', { redirect: inside.url('/admin') });
    const { problems } = await readFeed({ location: inside.url('/out') }, deps);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining(`${outside.url('/bounce')} redirects to ${inside.url('/admin')}, which is an internal address`)]);
  });
});

describe('redirects that stay allowed or are refused for other reasons', () => {
  it('follows public-to-public redirects and resolves links against the final address', async () => {
    outside.set('/moved.xml', { redirect: '/feeds/new.xml' });
    outside.set('/feeds/new.xml', { body: rssFeed('Outside Outlet', [item]) });
    const { articles, problems } = await readFeed({ location: outside.url('/moved.xml') }, deps);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.title)).toEqual([item.title]);
  });

  it('keeps a local address the editor listed, and its redirects within the inside (real classification)', async () => {
    const { articles, problems } = await readFeed({ location: inside.url('/hop') }, { timeoutMs: 5000 });
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.outlet)).toEqual(['Inside Outlet']);
  });

  it('refuses a redirect loop after the limit, and other schemes', async () => {
    outside.set('/loop-a', { redirect: '/loop-b' });
    outside.set('/loop-b', { redirect: '/loop-a' });
    const loop = await readFeed({ location: outside.url('/loop-a') }, deps);
    expect(loop.problems.map((p) => [p.code, p.message])).toEqual([['REDIRECT', expect.stringMatching(new RegExp(`^more than ${MAX_REDIRECTS} redirects \\(the last from .+ to .+\\); the address loops or is wrong$`))]]);
    outside.set('/to-file', { redirect: 'file:///etc/passwd' });
    const file = await readFeed({ location: outside.url('/to-file') }, deps);
    expect(file.problems.map((p) => p.message)).toEqual([`${outside.url('/to-file')} redirects to file: address file:///etc/passwd; only http and https are followed`]);
  });
});

// DNS rebinding: a name that resolves to a public address when checked and to an
// internal one when the connection is made. The resolver below is such a DNS
// server (injected for the check and the connection alike); the connection
// judges the very addresses it is given, so the internal server is never reached.
describe('a host name whose answer changes between the check and the connection', () => {
  const rebinding = () => {
    const asked = new Map<string, number>();
    return (host: string) => {
      const n = (asked.get(host) ?? 0) + 1;
      asked.set(host, n);
      if (host === 'steady.test') return Promise.resolve([{ address: '127.0.0.2', family: 4 }]);
      if (host === 'rebind.test') return Promise.resolve([{ address: n === 1 ? '127.0.0.2' : '127.0.0.1', family: 4 }]);
      return Promise.resolve([]);
    };
  };
  const port = () => new URL(inside.url('/')).port;

  it('connects through the same resolver: a steady public name is read', async () => {
    outside.set('/steady.xml', { body: rssFeed('Steady Outlet', [item]) });
    const { articles, problems } = await readFeed({ location: `http://steady.test:${new URL(outside.url('/')).port}/steady.xml` }, { ...deps, resolver: rebinding() });
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.title)).toEqual(['Quay lights replaced']);
  });

  it('a redirect to a name that turns internal at connection time is refused, and nothing inside is asked', async () => {
    outside.set('/rebound', { redirect: `http://rebind.test:${port()}/admin` });
    const before = inside.requests.length;
    const { articles, problems } = await readFeed({ location: outside.url('/rebound') }, { ...deps, resolver: rebinding() });
    expect(articles).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['REDIRECT']);
    expect(problems[0]!.message).toContain('rebind.test resolved to the internal address 127.0.0.1 (loopback, private or link-local) when connecting');
    expect(inside.requests.length).toBe(before);
  });

  it('a listed feed whose own name turns internal at connection time is refused too', async () => {
    const before = inside.requests.length;
    const { problems } = await readFeed({ location: `http://rebind.test:${port()}/feed.xml` }, { ...deps, resolver: rebinding() });
    expect(problems.map((p) => p.code)).toEqual(['REDIRECT']);
    expect(inside.requests.length).toBe(before);
  });
});

describe('isPrivateAddress (the real classification)', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.169.254', '0.0.0.0', '100.64.0.1',
    '::1', '::', 'fe80::1', 'febf::1', 'fc00::1', 'fdff:ffff::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', 'not-an-ip',
  ])('%s is internal', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });
  it.each(['93.184.216.34', '8.8.8.8', '172.15.255.255', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2001:db8::1'])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});
