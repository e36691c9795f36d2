// GET /healthz: 200 with {"status":"ok","db":"ok",…} while the database answers,
// 503 otherwise. Other parts add fields (the scheduler its next run) through
// ServerDeps.health; a check that throws turns the answer into a 503.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../index.js';

/** One extra health field: its value, computed per request; throw when unhealthy. */
export type HealthCheck = () => unknown | Promise<unknown>;

/** Registers GET /healthz. */
export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const checks: Record<string, HealthCheck> = {
    // A real query: the file is open, readable and the schema is in place.
    db: async () => { await ctx.store.countConfirmed(); return 'ok'; },
    ...ctx.health,
  };
  app.get('/healthz', async (request, reply) => {
    const body: Record<string, unknown> = { status: 'ok' };
    let healthy = true;
    for (const [name, check] of Object.entries(checks)) {
      try {
        body[name] = await check();
      } catch (err) {
        healthy = false;
        request.log.error({ err, check: name }, 'health check failed');
        // The reason goes to the log, not to whoever asks.
        body[name] = 'failing';
      }
    }
    if (!healthy) body.status = 'failing';
    return reply.code(healthy ? 200 : 503).send(body);
  });
}
