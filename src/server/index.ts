// The public HTTP service (Fastify): subscribe with double opt-in, confirm,
// one-click unsubscribe, the reader's preferences and health. createServer takes its parts as one object
// and registers one module per concern from routes/, so archive and preview
// routes can join later as further modules without touching these.
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { ConfirmationMailer } from '../subscribers/confirmation.js';
import type { SubscriberStore } from '../subscribers/store.js';
import type { TokenSigner } from '../subscribers/tokens.js';
import { createBackgroundTasks, type BackgroundTasks } from './background.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';
import { confirmRoutes } from './routes/confirm.js';
import { preferencesRoutes } from './routes/preferences.js';
import { subscribeRoutes } from './routes/subscribe.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { securityDefaults } from './security.js';
import type { SiteInfo } from './pages.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Work still running after its answer went out (confirmation mails); `drain()` waits for it. */
    backgroundWork: BackgroundTasks;
  }
}

/** A module of routes: registered as an encapsulated Fastify plugin with the server's parts. */
export type RouteModule = (app: FastifyInstance, deps: ServerContext) => Promise<void> | void;

export interface ServerDeps {
  store: SubscriberStore;
  tokens: TokenSigner;
  /** Sends the double opt-in mail. */
  mailer: ConfirmationMailer;
  clock: Clock;
  logger: Logger;
  /** PUBLIC_URL and the newsletter's name. */
  publicUrl: string;
  listName: string;
  /** GAZETTE_TZ: the zone a reader without one of their own gets the issue in (default UTC). */
  listTimezone?: string;
  /**
   * The section names in the editor's order (content/issue.md and the
   * default section), read per request so the preferences page follows the
   * editor's plan; none when absent.
   */
  sections?: () => readonly string[];
  /** POST /subscribe per client address (default: 5 a minute). */
  subscribeRateLimit?: { max: number; timeWindowMs: number };
  /** How long a confirm link works (default: 7 days). */
  confirmMaxAgeMs?: number;
  /** Least time between two confirmation mails to one address (default: 5 minutes). */
  resendGapMs?: number;
  /**
   * Fastify's trustProxy: the number of proxy hops, or the proxies' addresses,
   * whose X-Forwarded-For is believed (so the rate limit sees each client, not
   * the proxy). Never `true`: that believes any header a client writes.
   */
  trustProxy?: false | number | string | string[];
  /** Confirmation mails to one address in 24 hours at most (default 3), whatever client asks. */
  confirmationsPerDay?: number;
  /** More fields for GET /healthz (e.g. `scheduler`), each computed per request. */
  health?: Record<string, HealthCheck>;
  /** More route modules (archive, preview, …). */
  routes?: RouteModule[];
}

/** What each route module gets: the parts, plus the site info pages need and the background task runner. */
export interface ServerContext extends ServerDeps {
  site: SiteInfo;
  tasks: BackgroundTasks;
}

/** Builds the server (not yet listening); `listen` it, and `close` it to finish background work. */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is Fastify's logger; typed as the base so the instance is a plain FastifyInstance.
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Our own one-line request log (below) leaves out query strings, which hold tokens.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: fastifyTrust(deps.trustProxy),
    bodyLimit: 16 * 1024,
  });
  const tasks = createBackgroundTasks(deps.logger);
  const ctx: ServerContext = { ...deps, site: siteInfo(deps), tasks };

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, route: request.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  app.addHook('onClose', async () => { await tasks.drain(); });
  app.decorate('backgroundWork', tasks);

  await app.register(formbody);
  // Off by default; routes that need it say so in their config.
  await app.register(rateLimit, { global: false });
  securityDefaults(app, ctx.site);

  for (const module of [healthRoutes, subscribeRoutes, confirmRoutes, unsubscribeRoutes, preferencesRoutes, ...(deps.routes ?? [])]) {
    await app.register(async (scope) => { await module(scope, ctx); });
  }
  return app;
}

/** A hop count as the function Fastify's types accept (hop 0 is the address that connected). */
function fastifyTrust(trust: ServerDeps['trustProxy']): boolean | string | string[] | ((address: string, hop: number) => boolean) {
  if (trust === undefined || trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

function siteInfo(deps: ServerDeps): SiteInfo {
  const path = new URL(deps.publicUrl).pathname;
  return { listName: deps.listName, base: path.endsWith('/') ? path : `${path}/` };
}
