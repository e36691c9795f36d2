// A real SMTP server on 127.0.0.1 (smtp-server, port 0) that keeps what it
// receives, for delivery tests. `answer` decides per recipient and attempt
// whether RCPT TO is refused (4xx/5xx) — the way real servers greylist or
// reject addresses.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  /** When the server took the message (Date.now()). */
  at: number;
}

export interface SinkOptions {
  /** An SMTP error for this recipient at its n-th RCPT TO (1-based), or null to accept. */
  answer?: (rcpt: string, attempt: number) => { code: number; message: string } | null;
  /** Milliseconds to wait before accepting each message (keeps a sender busy long enough to be killed). */
  delayMs?: number;
  /** Keep the message but never answer the final dot (a relay whose reply is lost after it took the message). */
  silentAfterData?: (rcpt: string) => boolean;
  /** Require this user and password (AUTH PLAIN/LOGIN). */
  auth?: { user: string; pass: string };
  /** Keep only each message's header block as `raw` (tens of thousands of messages stay small). */
  headersOnly?: boolean;
  /** How long close() lets open connections go on before it says 421 and cuts them (smtp-server's default: 30 s). */
  closeTimeoutMs?: number;
}

export interface Sink {
  port: number;
  url: string;
  received: Received[];
  /** RCPT TO attempts per recipient. */
  attempts: Map<string, number>;
  close(): Promise<void>;
}

/** Starts a sink; close it in afterEach/afterAll. */
export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    closeTimeout: options.closeTimeoutMs,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const refusal = options.answer?.(address.address, n);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const accept = () => {
          let raw = Buffer.concat(chunks);
          if (options.headersOnly) {
            const end = raw.indexOf('\r\n\r\n');
            raw = Buffer.from(raw.subarray(0, end < 0 ? raw.length : end + 2));
          }
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            at: Date.now(),
          });
          if (options.silentAfterData?.(session.envelope.rcptTo[0]?.address ?? '')) return;
          callback();
        };
        if (options.delayMs) setTimeout(accept, options.delayMs);
        else accept();
      });
    },
  });
  // smtp-server reports a client that vanished (a killed sender) as an 'error' event.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const creds = options.auth ? `${options.auth.user}:${options.auth.pass}@` : '';
  return {
    port,
    url: `smtp://${creds}127.0.0.1:${port}`,
    received,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
