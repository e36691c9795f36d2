// Response headers every page gets, and error pages in place of Fastify's JSON.
// The headers are constants: nothing a visitor sends ends up in one.
import type { FastifyError, FastifyInstance } from 'fastify';
import { noticePage, TIMEZONE_SCRIPT_HASH, type SiteInfo } from './pages.js';

const HEADERS = {
  // Pages use no frames and no third-party anything; forms post to us. The one
  // script (the subscribe form's time zone) is allowed by its hash, nothing else.
  'content-security-policy': `default-src 'none'; script-src '${TIMEZONE_SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Confirm and unsubscribe URLs carry tokens: never pass them on as a referrer.
  'referrer-policy': 'no-referrer',
  // Token pages must not sit in shared caches.
  'cache-control': 'no-store',
} as const;

/**
 * Errors that say the database cannot be reached or is busy, not that the
 * request or the code is wrong: connection refused or lost (PostgreSQL's
 * class 08 and 57P0x, the socket's codes), SQLite busy or failing to read.
 */
export function storageUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|08\w{3}|57P0\d|53300|SQLITE_BUSY|SQLITE_LOCKED|SQLITE_IOERR\w*|SQLITE_CANTOPEN)$/.test(code)
    || /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test((error as Error).message ?? '');
}

/** Adds the default headers, and HTML pages for 404 and errors, to `app`. */
export function securityDefaults(app: FastifyInstance, site: SiteInfo): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(HEADERS);
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).type('text/html; charset=utf-8').send(noticePage(site, 'Not found', 'There is no page at this address.', true));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!error.statusCode && storageUnavailable(error)) {
      // The archive or the feed while the database is down: the same answer
      // /healthz and the forms give, one a visitor and a monitor understand.
      request.log.error({ err: error }, 'request failed: the database is unavailable');
      reply.code(503).header('retry-after', '60').type('text/html; charset=utf-8')
        .send(noticePage(site, 'Temporarily unavailable', 'This page cannot be read just now. Please try again in a minute.', true));
      return;
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const [title, message] = status === 429
      ? ['Too many requests', 'Too many requests came from your address. Wait a minute, then try again.']
      : status >= 500
        ? ['Something went wrong', 'The server could not answer this request. Try again later.']
        : ['Bad request', 'The server could not understand this request.'];
    reply.code(status).type('text/html; charset=utf-8').send(noticePage(site, title, message, status !== 500));
  });
}
