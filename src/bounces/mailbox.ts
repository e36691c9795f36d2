// `gazette bounces --imap`: reads returned mail from a mailbox (imapflow), for
// operators whose bounce domain's MX is an ordinary mail server. Each message
// not yet marked is processed and then flagged \Seen and $Gazette, so a later
// run skips it; a message whose processing failed (the database was down)
// stays unmarked and is read again next time. Processing is idempotent per
// report, so a crash between processing and flagging repeats nothing.
import { ImapFlow } from 'imapflow';
import { GazetteError } from '../errors.js';
import { processReturnedMessage, type BounceOutcome, type BounceParts, type BounceSettings } from './process.js';

/** The keyword marking a message Gazette has processed. */
export const PROCESSED_FLAG = '$Gazette';

export interface MailboxRun {
  processed: number;
  failed: number;
  skipped: number;
}

interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** Splits IMAP_URL (imap://user:pass@host:port/MAILBOX or imaps://…). */
export function parseImapUrl(url: string): ImapTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GazetteError('CONFIG', 'IMAP_URL is not a URL; use imaps://user:password@host:993/INBOX.');
  }
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') throw new GazetteError('CONFIG', `IMAP_URL must start with imap:// or imaps:// (got ${parsed.protocol}//).`);
  if (!parsed.hostname || !parsed.username) throw new GazetteError('CONFIG', 'IMAP_URL needs a user and a host: imaps://user:password@host:993/INBOX.');
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** Processes every unmarked message of the mailbox once; resolves to the counts. */
export async function readMailbox(parts: BounceParts, settings: BounceSettings, url: string, options: { maxBytes: number; onOutcome?(o: BounceOutcome): void }): Promise<MailboxRun> {
  const target = parseImapUrl(url);
  const client = new ImapFlow({
    host: target.host, port: target.port, secure: target.secure,
    auth: { user: target.user, pass: target.pass }, logger: false,
  });
  // A dropped connection is reported by the command that was waiting; this keeps it from ending the process.
  client.on('error', (err: Error) => parts.logger.warn({ err }, 'IMAP connection error'));
  try {
    await client.connect();
  } catch (err) {
    throw new GazetteError('TRANSPORT', `Cannot log in to the mailbox at ${target.host}:${target.port} as ${target.user}: ${(err as { responseText?: string }).responseText ?? (err as Error).message}. Check IMAP_URL.`, { cause: err });
  }
  const run: MailboxRun = { processed: 0, failed: 0, skipped: 0 };
  try {
    const lock = await client.getMailboxLock(target.mailbox);
    try {
      const uids = (await client.search({ unKeyword: PROCESSED_FLAG }, { uid: true })) || [];
      const sizes = new Map<number, number>();
      // Sizes first, in one command: no other command may run inside a fetch loop.
      if (uids.length) for await (const m of client.fetch(uids.join(','), { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);
      for (const uid of uids) {
        if ((sizes.get(uid) ?? 0) > options.maxBytes) {
          parts.logger.warn({ uid, bytes: sizes.get(uid) }, `mailbox message ${uid} is larger than BOUNCE_MAX_BYTES; marked without processing`);
          await client.messageFlagsAdd(String(uid), [PROCESSED_FLAG], { uid: true });
          run.skipped++;
          continue;
        }
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        try {
          const outcome = await processReturnedMessage(parts, settings, { raw: message.source, envelopeTo: [] });
          options.onOutcome?.(outcome);
        } catch (err) {
          parts.logger.error({ err, uid }, 'could not process a mailbox message; it stays unmarked for the next run');
          run.failed++;
          continue;
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen', PROCESSED_FLAG], { uid: true });
        run.processed++;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return run;
}
