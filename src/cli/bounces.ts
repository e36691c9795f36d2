// `gazette bounces`: acts on returned mail. `--listen [HOST:]PORT` runs the
// inbound SMTP listener for the bounce domain's MX until SIGINT or SIGTERM;
// FILE... (or - for standard input, for an MTA's pipe) processes saved messages.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { isIP } from 'node:net';
import { bounceSetup, processReturnedMessage, startBounceListener, type BounceOutcome } from '../bounces/index.js';
import { readMailbox } from '../bounces/mailbox.js';
import { GazetteError } from '../errors.js';
import { type CliContext, printJson, println } from './context.js';

interface BouncesFlags {
  listen?: { host: string; port: number };
  imap?: boolean;
  to?: string;
  json?: boolean;
}

/** Registers `gazette bounces`. */
export function registerBounces(program: Command, ctx: CliContext): void {
  program
    .command('bounces')
    .description('act on returned mail: bounces (DSN), complaints (ARF) and unsubscribes by mail, from saved messages or as an SMTP listener')
    .argument('[files...]', 'saved messages (.eml) to process; - reads one from standard input')
    .option('--listen <[host:]port>', 'run an inbound SMTP server for BOUNCE_DOMAIN and the unsubscribe address (the MX points here)', parseListen)
    .option('--imap', 'read the mailbox IMAP_URL once: process every message not yet marked, then mark it ($Gazette, \\Seen)')
    .option('--to <address>', 'with files: the address the message was delivered to (its envelope recipient), when its headers do not say')
    .option('--json', 'print the outcomes (files) or the counts (--imap) as JSON')
    .action(async (files: string[], flags: BouncesFlags) => {
      if (!flags.listen && !flags.imap && files.length === 0) throw new GazetteError('INPUT', 'Give saved messages to process (gazette bounces FILE.eml, or - for standard input), --imap to read the mailbox IMAP_URL, or --listen [HOST:]PORT to receive them by SMTP.');
      const app = ctx.boot({}, { quiet: !flags.listen });
      try {
        const { parts, settings } = await bounceSetup(app);
        if (flags.imap) {
          if (!app.config.imapUrl) throw new GazetteError('CONFIG', 'gazette bounces --imap needs IMAP_URL (imaps://user:password@host:993/INBOX); set it in .env or the environment.');
          const run = await readMailbox(parts, settings, app.config.imapUrl, { maxBytes: app.config.bounceMaxBytes, onOutcome: (o) => { if (!flags.json) println(ctx.io, describe(o)); } });
          if (flags.json) printJson(ctx.io, run);
          else println(ctx.io, `Mailbox read: ${run.processed} processed, ${run.failed} left for the next run (could not be processed), ${run.skipped} too large.`);
          if (run.failed) ctx.setExitCode(1);
          return;
        }
        if (flags.listen) {
          const listener = await startBounceListener(parts, settings, {
            ...flags.listen, maxBytes: app.config.bounceMaxBytes, tls: await listenerTls(app.config),
            onOutcome: (o) => println(ctx.io, describe(o)),
          }).catch((err: NodeJS.ErrnoException) => {
            throw new GazetteError('CONFIG', `Cannot listen on ${flags.listen!.host}:${flags.listen!.port} (${err.code ?? err.message}); pick another port, or run with the privilege port 25 needs.`, { cause: err });
          });
          println(ctx.io, `Receiving mail for ${settings.bounceDomain} and ${settings.unsubscribeAddress} at ${listener.host}:${listener.port}${app.config.bounceTlsKey ? ' (STARTTLS offered)' : ''}; Ctrl-C stops.`);
          await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
          await listener.close();
          println(ctx.io, 'Stopped.');
          return;
        }
        const outcomes: (BounceOutcome & { file: string })[] = [];
        for (const file of files) {
          let raw: Buffer;
          try {
            raw = file === '-' ? await readStdin() : await readFile(file);
          } catch (err) {
            // A path that cannot be read is the caller's mistake, not a message
            // to ignore: named on stderr and the exit is non-zero; the other
            // files are still processed.
            const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
            ctx.io.err.write(`gazette: cannot read ${file} (${why}); check the path and that the file is readable.\n`);
            ctx.setExitCode(1);
            continue;
          }
          const outcome = await processReturnedMessage(parts, settings, { raw, envelopeTo: flags.to ? [flags.to] : [] });
          outcomes.push({ file, ...outcome });
        }
        if (flags.json) printJson(ctx.io, outcomes);
        else for (const o of outcomes) println(ctx.io, `${o.file}: ${describe(o)}`);
      } finally {
        await app.close();
      }
    });
}

/** One outcome as a line. */
function describe(o: BounceOutcome): string {
  const unchanged = o.changed === false && o.action !== 'soft' ? ' (status unchanged: already off the list)' : '';
  return o.email ? `${o.action} ${o.email}: ${o.reason}${unchanged}` : `${o.action}: ${o.reason}`;
}

/** Parses --listen: PORT, HOST:PORT or [IPv6]:PORT. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]:|([^:[\]]+):)?(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2] ?? '127.0.0.1';
  if (!match || port > 65535 || (match[1] && isIP(match[1]) !== 6)) {
    throw new InvalidArgumentError(`"${value}" is not [HOST:]PORT; write e.g. 2525, 0.0.0.0:25 or [::]:25.`);
  }
  return { host, port };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}


/** The key and certificate BOUNCE_TLS_KEY and BOUNCE_TLS_CERT name, read once; both or neither. */
async function listenerTls(config: { bounceTlsKey?: string; bounceTlsCert?: string }): Promise<{ key: Buffer; cert: Buffer } | undefined> {
  const { bounceTlsKey: keyFile, bounceTlsCert: certFile } = config;
  if (!keyFile && !certFile) return undefined;
  if (!keyFile || !certFile) throw new GazetteError('CONFIG', `STARTTLS needs both BOUNCE_TLS_KEY and BOUNCE_TLS_CERT; ${keyFile ? 'BOUNCE_TLS_CERT' : 'BOUNCE_TLS_KEY'} is missing. Set it, or unset the other to listen without TLS.`);
  const read = async (variable: string, file: string) => {
    try {
      return await readFile(file);
    } catch (err) {
      throw new GazetteError('CONFIG', `${variable} names ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); point it at a readable PEM file.`, { cause: err });
    }
  };
  return { key: await read('BOUNCE_TLS_KEY', keyFile), cert: await read('BOUNCE_TLS_CERT', certFile) };
}
