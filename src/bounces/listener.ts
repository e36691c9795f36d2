// `gazette bounces --listen`: a small inbound SMTP server (smtp-server) for the
// bounce domain's MX. It takes mail for the bounce domain and the unsubscribe
// address only (anything else is refused at RCPT TO, so it is never an open
// relay), caps the size, and processes each message before answering the final
// dot: a 250 means the message was acted on (or deliberately ignored), a 451
// that the database failed and the sending server should try again later.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { processReturnedMessage, type BounceOutcome, type BounceParts, type BounceSettings } from './process.js';

export interface ListenOptions {
  host: string;
  port: number;
  maxBytes: number;
  /** The MX host's key and certificate (PEM): STARTTLS is offered with them; without, the listener speaks plain SMTP only. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Told about each processed message (the CLI prints a line). */
  onOutcome?(outcome: BounceOutcome): void;
}

export interface BounceListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the listener; resolves once it accepts connections. */
export async function startBounceListener(parts: BounceParts, settings: BounceSettings, options: ListenOptions): Promise<BounceListener> {
  const domain = settings.bounceDomain.toLowerCase();
  const unsubscribe = settings.unsubscribeAddress.toLowerCase();
  const server = new SMTPServer({
    logger: false,
    banner: 'Gazette bounce and unsubscribe mailbox',
    // Inbound mail from other servers: no login. STARTTLS when the operator gave
    // the MX's certificate: senders then encrypt what they return (bounces quote
    // the message), and offering it is never required of them (RFC 3207).
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    authOptional: true,
    disableReverseLookup: true,
    size: options.maxBytes,
    onRcptTo(address, _session, callback) {
      const rcpt = address.address.toLowerCase();
      if (rcpt === unsubscribe || rcpt.endsWith(`@${domain}`)) return callback();
      callback(Object.assign(new Error(`5.1.1 <${address.address}>: this server takes mail for ${domain} and ${unsubscribe} only`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => { if (!stream.sizeExceeded) chunks.push(chunk); });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error(`5.3.4 message larger than ${options.maxBytes} bytes`), { responseCode: 552 }));
          return;
        }
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        processReturnedMessage(parts, settings, { raw: Buffer.concat(chunks), envelopeTo }).then(
          (outcome) => { options.onOutcome?.(outcome); callback(); },
          (err: unknown) => {
            parts.logger.error({ err }, 'could not process a returned message; the sending server was asked to retry');
            callback(Object.assign(new Error('4.3.0 temporary failure processing the message; try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  // A client that disconnects mid-message is reported as an 'error' event; it is not the server's failure.
  server.on('error', (err) => parts.logger.debug({ err }, 'bounce listener connection error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => { server.server.off('error', reject); resolve(); });
  });
  const address = server.server.address() as AddressInfo;
  return {
    host: options.host,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
