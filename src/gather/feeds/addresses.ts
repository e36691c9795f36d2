// Which addresses are "inside": loopback, private, link-local and the other
// ranges no public site lives in. A redirect from a public address to one of
// these is how a third-party feed would make Gazette read an internal page
// (server-side request forgery), so http.ts refuses it. The host's resolved
// addresses are checked, not its name: "localhost" or a public-looking name
// that resolves to 127.0.0.1 is as internal as the number.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Decides whether an IP address (v4 or v6, as text) is internal. Injectable so tests can call a 127.0.0.x address "public". */
export type AddressClassifier = (ip: string) => boolean;

const inside = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", and 0.0.0.0 itself, which reaches the local host
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], // RFC 1918 private
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['100.64.0.0', 10], // carrier-grade NAT, shared address space
  ['192.0.0.0', 24], ['198.18.0.0', 15], // IETF protocol assignments, benchmarking
  ['224.0.0.0', 4], ['240.0.0.0', 4], // multicast, reserved and broadcast
] as const) inside.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], // unspecified, loopback
  ['fe80::', 10], ['fec0::', 10], // link-local, old site-local
  ['fc00::', 7], // unique local
  ['ff00::', 8], // multicast
] as const) inside.addSubnet(net, bits, 'ipv6');

/** The real classification: true for loopback, private, link-local, unique-local and other non-public addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(ip: string): boolean {
  const v4 = embeddedIpv4(ip);
  if (v4) return inside.check(v4, 'ipv4');
  const family = isIP(ip);
  if (family === 4) return inside.check(ip, 'ipv4');
  if (family === 6) return inside.check(ip, 'ipv6');
  return true; // not an address at all: never trusted as public
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or IPv4-compatible IPv6 address, or null. */
function embeddedIpv4(ip: string): string | null {
  if (isIP(ip) !== 6) return null;
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Every address a host name stands for, as the system resolver answers (tests hand in their own). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The addresses a URL's host stands for: the literal, or every address DNS
 * gives. Empty when the name does not resolve (fetch then says why). Bounded
 * by `signal`, so a slow resolver cannot hold the build past its time limit.
 */
export async function hostAddresses(url: URL, signal?: AbortSignal, resolver: Resolver = systemResolver): Promise<string[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  const resolved = resolver(host).then((all) => all.map((a) => a.address), () => []);
  if (!signal) return resolved;
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([resolved, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
