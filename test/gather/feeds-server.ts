// A real HTTP server on 127.0.0.1 for the feed tests: each path serves what the
// test set last, with ETag / Last-Modified validators honoured as a careful
// server does, and every request recorded.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body?: string | Buffer;
  type?: string;
  status?: number;
  /** Send an ETag (a hash of the body) and answer If-None-Match with 304. */
  etag?: boolean;
  /** Send this Last-Modified and answer If-Modified-Since with 304. */
  lastModified?: string;
  /** Answer with a redirect to this path. */
  redirect?: string;
  /** Never answer (for time-outs). */
  hang?: boolean;
}

export interface FeedServer {
  url(path: string): string;
  set(path: string, route: Route): void;
  /** Every request, with the status it was answered with (0 while unanswered). */
  readonly requests: { path: string; headers: IncomingHttpHeaders; status: number }[];
  close(): Promise<void>;
}

/** Starts a feed server on 127.0.0.1 (or another loopback address) on a free port. */
export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record = { path, headers: req.headers, status: 0 };
    requests.push(record);
    // Recorded before the answer leaves, so the test never races the client.
    const answer = (status: number, headers: Record<string, string>, body?: string | Buffer) => {
      record.status = status;
      res.writeHead(status, headers).end(body);
    };
    const route = routes.get(path);
    if (!route) {
      answer(404, { 'content-type': 'text/plain' }, 'no such feed');
      return;
    }
    if (route.hang) return;
    if (route.redirect) {
      answer(301, { location: route.redirect });
      return;
    }
    const body = route.body ?? '';
    const headers: Record<string, string> = { 'content-type': route.type ?? 'application/rss+xml; charset=utf-8' };
    const etag = route.etag ? `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` : undefined;
    if (etag) headers.etag = etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // RFC 9110: If-None-Match, when present, decides alone.
    const fresh = inm !== undefined
      ? etag !== undefined && inm.split(',').map((s) => s.trim()).includes(etag)
      : ims !== undefined && route.lastModified !== undefined && Date.parse(ims) >= Date.parse(route.lastModified);
    if (fresh && (route.status ?? 200) === 200) {
      answer(304, headers);
      return;
    }
    answer(route.status ?? 200, headers, body);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    set: (path, route) => { routes.set(path, route); },
    requests,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

/** A URL on 127.0.0.1 where nothing listens: a server is started and closed to free a port. */
export async function deadUrl(path = '/feed.xml'): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}${path}`;
}

/** A small RSS 2.0 feed with the given items, newest first. */
export function rssFeed(title: string, items: { title: string; link: string; date: string; html?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${esc(title)}</title><link>https://outlet.example.org/</link><description>test feed</description>
${items.map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid>${esc(i.link)}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate>
<content:encoded><![CDATA[${i.html ?? `<p>${esc(i.title)}. This is the full text of the article, long enough to be read as an article and not a teaser.</p>`}]]></content:encoded></item>`).join('\n')}
</channel></rss>`;
}
