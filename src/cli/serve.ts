// `gazette serve`: the public HTTP service (subscribe, confirm, unsubscribe,
// health) until SIGINT or SIGTERM, then a clean close: in-flight requests and
// confirmation mails finish, the transport and the database are closed.
import { once } from 'node:events';
import type { Command } from 'commander';
import { issueSectionNames } from '../gather/issue-file.js';
import { createServer } from '../server/index.js';
import { engineStorageCheck } from '../server/storage.js';
import { archiveModule } from '../server/routes/archive.js';
import { webhooksModule, type WebhookOptions } from '../server/routes/webhooks.js';
import type { App } from '../app.js';
import { cronSpec } from '../schedule/cron-spec.js';
import { schedulerHealth } from '../schedule/health.js';
import { GazetteError } from '../errors.js';
import { trustProxyValue } from '../config/schema.js';
import { type CliContext, println } from './context.js';
import { parsePort } from './options.js';

interface ServeFlags {
  port?: number;
  host: string;
  trustProxy?: boolean | string;
}

/** Registers `gazette serve`. */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('the public HTTP service: subscribe with double opt-in, one-click unsubscribe, preferences, archive of past issues and their feed, health')
    .option('--port <n>', 'port to listen on (default: PORT or 8080; 0 picks a free one)', parsePort)
    .option('--host <address>', 'address to listen on; 0.0.0.0 for every interface (e.g. in a container)', 'localhost')
    .option('--trust-proxy [hops-or-addresses]', 'behind reverse proxies: believe X-Forwarded-For from this many hops (alone: 1) or these proxy addresses; overrides TRUST_PROXY')
    .action(async (flags: ServeFlags) => {
      // --trust-proxy alone means the usual one proxy in front.
      const trustFlag = flags.trustProxy === true ? '1' : flags.trustProxy || undefined;
      const app = ctx.boot({ port: flags.port, trustProxy: trustFlag });
      // Worked out once: a health check must not fail on every request over a setting.
      const schedule = cronSpec(app.config.schedule, app.config.tz);
      const transport = app.transport({ subdir: 'confirmations' });
      try {
        const server = await createServer({
          store: app.subscribers(),
          tokens: await app.tokens(),
          mailer: await app.confirmationMailer(transport),
          clock: app.clock,
          logger: app.logger,
          publicUrl: app.config.publicUrl,
          listName: app.config.listName,
          listTimezone: app.config.tz,
          // Read per request: the preferences page offers the sections the editor names today.
          sections: () => issueSectionNames(app.config.contentDir),
          trustProxy: app.config.trustProxy ? trustProxyValue(app.config.trustProxy) ?? false : false,
          // The scheduler's last success and next run (from `gazette run`'s reports).
          // storage: SQLite takes a write and its folder has room (a full disk is a 503, not "ok"); PostgreSQL answers.
          health: { storage: engineStorageCheck(app.engine()), scheduler: () => schedulerHealth(app.runs(), schedule, app.clock) },
          // GET /archive, /archive/<date> and /feed.xml: the issues whose delivery started.
          // POST /webhooks/<provider>: bounce and complaint reports from the providers configured.
          routes: [archiveModule(app.issues()), webhooksModule(webhookOptions(app))],
        });
        const address = await listenOrExplain(server, app.config.port, flags.host);
        println(ctx.io, `Serving ${app.config.listName} at ${address} (links in mail use PUBLIC_URL ${app.config.publicUrl}); Ctrl-C stops.`);
        const signal = await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
        app.logger.info({ signal }, 'stopping');
        await server.close();
        println(ctx.io, 'Stopped.');
      } finally {
        await transport.close();
        await app.close();
      }
    });
}

/** The providers whose webhooks are configured. */
function webhookOptions(app: App): WebhookOptions {
  const { config } = app;
  return {
    bounces: app.bounces(),
    ses: config.sesTopicArn ? { topicArn: config.sesTopicArn } : undefined,
    postmark: config.postmarkWebhookAuth ? { auth: config.postmarkWebhookAuth } : undefined,
    mailgun: config.mailgunSigningKey ? { signingKey: config.mailgunSigningKey } : undefined,
    sendgrid: config.sendgridWebhookKey ? { publicKey: config.sendgridWebhookKey } : undefined,
  };
}

/** Listens, turning "port taken" and "not allowed" into one line that says what to do. */
async function listenOrExplain(server: Awaited<ReturnType<typeof createServer>>, port: number, host: string): Promise<string> {
  try {
    return await server.listen({ port, host });
  } catch (err) {
    await server.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new GazetteError('CONFIG', `Port ${port} on ${host} is already in use (another gazette serve?). Stop that process, or pick another port with --port N or PORT=N (0 picks a free one).`, { cause: err });
    }
    if (code === 'EACCES') {
      throw new GazetteError('CONFIG', `Not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges). Pick another port with --port N or PORT=N.`, { cause: err });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new GazetteError('CONFIG', `Cannot listen on ${host}: no such address on this machine. Use --host localhost, or 0.0.0.0 for every interface.`, { cause: err });
    }
    throw err;
  }
}
