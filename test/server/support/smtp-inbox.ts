// A real SMTP server (smtp-server on 127.0.0.1, port 0) that parses what it
// receives with mailparser, so tests can read the confirmation mail as a mail
// client would and follow its link.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  url: string;
  mails: ParsedMail[];
  /** Resolves with the n-th mail (1-based) once it has arrived. */
  nth(n: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** Starts an SMTP server that keeps every mail it accepts. */
export async function startInbox(): Promise<Inbox> {
  const mails: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        mails.push(mail);
        for (const wake of waiters.splice(0)) wake();
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async nth(n) {
      while (mails.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return mails[n - 1]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The confirm link in a confirmation mail's text part. */
export function confirmLinkIn(mail: ParsedMail): string {
  const match = /https?:\/\/\S+\/confirm\?token=\S+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no confirm link in the mail:\n${mail.text}`);
  return match[0];
}
