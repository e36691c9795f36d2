// The embedded default transport: one .eml file per recipient in a folder,
// for a fresh clone without an SMTP server. Each file is written to a temporary
// name and renamed into place, so a reader (or a crash) never sees half a
// message; sending to the same recipient again replaces the file, which mirrors
// a resend with the same Message-ID. A message marked distinct (a confirmation
// mail: each has its own link) gets a file of its own, named by its Message-ID
// too, so a second confirmation does not wipe out the first.
import { createHash } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GazetteError } from '../../errors.js';
import type { OutgoingMessage, SendOutcome, Transport } from '../transport.js';

/** A transport writing each message to `dir`/<recipient>.eml (or <recipient>.<message>.eml when distinct). */
export function createOutboxTransport(dir: string): Transport {
  let ready: Promise<unknown> | undefined;
  let seq = 0;
  return {
    name: `outbox ${dir}`,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const file = join(dir, message.distinct ? outboxMessageFileName(message.to, message.messageId) : outboxFileName(message.to));
      const tmp = join(dir, `.tmp-${process.pid}-${++seq}.eml`);
      try {
        ready ??= mkdir(dir, { recursive: true });
        await ready;
        await writeFile(tmp, message.raw);
        await rename(tmp, file);
      } catch (err) {
        await unlink(tmp).catch(() => {});
        throw new GazetteError('TRANSPORT', `Cannot write ${file}: ${(err as Error).message}. Check that GAZETTE_OUTBOX_DIR is writable and the disk has room.`, { cause: err });
      }
      return { status: 'sent', code: 250, response: `250 written to ${file}` };
    },
    async close() {},
  };
}

/**
 * A file name safe for any address: the address reduced to harmless characters
 * (readable in a listing), plus a hash of the exact address so that two
 * addresses that reduce alike never share a file.
 */
export function outboxFileName(address: string): string {
  const readable = address.toLowerCase().replace(/[^a-z0-9@._+-]/g, '_').replace(/^\.+/, '_').slice(0, 100);
  return `${readable}.${shortHash(address)}.eml`;
}

/** The file of one distinct message to `address`: its outboxFileName with a hash of the Message-ID added. */
export function outboxMessageFileName(address: string, messageId: string): string {
  return outboxFileName(address).replace(/\.eml$/, `.${shortHash(messageId)}.eml`);
}

const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);
