// The preview's HTTP side (Fastify, as `serve` uses): the page, the email as
// sent in a frame, the fragments the page swaps in, and server-sent events
// that say when to. It listens on 127.0.0.1 only and answers only requests
// addressed to it by a loopback name, so a web page elsewhere cannot read it
// through DNS rebinding.
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderPage, renderStories, renderTop, type PageContext } from './page.js';
import type { PreviewEvent, PreviewSession } from './session.js';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const ASSETS = { js: asset('preview.js'), css: asset('preview.css') };

const PAGE_CSP = "default-src 'self'; img-src 'self' https: http: data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'";
// The email in its frame: inline styles and remote images as a mail client shows them; no script at all.
const EMAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'self'; base-uri 'none'";
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;
const KEEPALIVE_MS = 20_000;

/** Builds the preview server for `session` (not yet listening). */
export function createPreviewServer(session: PreviewSession, ctx: PageContext): FastifyInstance {
  const app = Fastify({ logger: false });
  const streams = new Set<ServerResponse>();

  app.addHook('onRequest', async (request, reply) => {
    if (!LOOPBACK.test(request.headers.host ?? '')) return reply.code(421).type('text/plain').send('The preview answers on 127.0.0.1 only.');
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
  });
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(renderPage(ctx, session.state)));
  app.get('/preview.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(ASSETS.js));
  app.get('/preview.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(ASSETS.css));

  app.get('/issue.html', async (_request, reply) => {
    const html = session.state.issue?.html ?? '<!doctype html><html lang="en"><title>No issue</title><p>No issue has been built yet.</p></html>';
    return reply.type('text/html; charset=utf-8').header('content-security-policy', EMAIL_CSP).send(html);
  });
  app.get('/issue.txt', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(session.state.issue?.text ?? ''));

  app.get('/fragments', async () => {
    const state = session.state;
    return { version: state.version, issueVersion: state.issueVersion, error: state.error, top: renderTop(ctx, state), stories: renderStories(ctx, state), text: state.issue?.text ?? '' };
  });

  app.get('/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    const send = (event: PreviewEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    // Reconnect fast after a restart; then say where the state is, in case the page missed updates.
    res.write('retry: 1000\n\n');
    send({ type: 'update', version: session.state.version });
    const off = session.subscribe(send);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    streams.add(res);
    request.raw.on('close', () => {
      off();
      clearInterval(keepalive);
      streams.delete(res);
    });
  });
  return app;
}

/** The URL a listening server answers on. */
export function serverUrl(app: FastifyInstance): string {
  const { address, port } = app.server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}
