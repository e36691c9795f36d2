// SMTP through nodemailer's pooled transport: one pool per run, a fixed number
// of long-lived connections, closed at the end with QUIT. Messages arrive
// prebuilt, so nodemailer is given the bytes (`raw`) and an explicit envelope
// and only does SMTP (plus DKIM signing when configured).
//
// No custom socket factory: one used to turn off Nagle's algorithm, and a
// connection it failed to open stayed in the pool as a busy slot for good, so
// after `maxConnections` refused connections every later message waited
// forever (a send to a relay that was down ended in a silent exit 13).
// nodemailer 10 turns Nagle off itself and frees the slot of a failed connection.
import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool/index.js';
import { GazetteError } from '../../errors.js';
import type { OutgoingMessage, SendOutcome, Transport } from '../transport.js';
import { acceptedOutcome, failedOutcome, type SmtpErrorLike } from './smtp-outcome.js';
import { redactCredentials } from '../../config/load.js';

export interface DkimKey {
  domainName: string;
  keySelector: string;
  /** PEM text. */
  privateKey: string;
}

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** Parallel connections (default 5). */
  maxConnections?: number;
  /** Messages per second at most; 0 or unset: no limit. */
  rateLimit?: number;
  dkim?: DkimKey;
  /** Milliseconds to wait for a connection, the greeting, and socket silence. */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
  /** PEM certificates of the CAs that may sign the relay's certificate, trusted besides the public ones. */
  ca?: string[];
  /** With smtp://: refuse to send unless the server upgrades with STARTTLS. */
  requireTls?: boolean;
}

// The header fields DKIM signs, named here rather than left to nodemailer's
// default: RFC 8058 section 4 lets a mailbox offer one-click unsubscribe only
// when the signature covers both List-Unsubscribe and List-Unsubscribe-Post
// (older nodemailer defaults signed only the first).
export const DKIM_SIGNED_FIELDS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version',
  'Content-Type', 'Content-Transfer-Encoding', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post',
].join(':');

// How long close() waits for the servers to answer QUIT before cutting the connections.
const QUIT_WAIT_MS = 2_000;

/** A pooled SMTP transport sending prebuilt messages. */
export function createSmtpTransport(options: SmtpTransportOptions): Transport {
  const server = parseSmtpUrl(options.url);
  const poolOptions: SMTPPoolOptions = {
    pool: true,
    host: server.host,
    port: server.port,
    secure: server.secure,
    requireTLS: options.requireTls && !server.secure ? true : undefined,
    auth: server.auth,
    maxConnections: options.maxConnections ?? 5,
    // nodemailer's default of 100 reconnects every 100 messages for no benefit here.
    maxMessages: Infinity,
    // The pool re-queues a message whose connection closed (5 times by default).
    // Retries belong to the delivery loop, which records each attempt and backs off.
    maxRequeues: 0,
    rateLimit: options.rateLimit || undefined,
    rateDelta: 1000,
    connectionTimeout: options.timeouts?.connection ?? 30_000,
    greetingTimeout: options.timeouts?.greeting ?? 30_000,
    socketTimeout: options.timeouts?.socket ?? 120_000,
    // `ca` replaces Node's list; the public roots stay trusted next to a private CA.
    tls: options.ca?.length ? { ca: [...rootCertificates, ...options.ca] } : undefined,
    dkim: options.dkim ? { ...options.dkim, headerFieldNames: DKIM_SIGNED_FIELDS } : undefined,
    logger: false,
  };
  const pool = nodemailer.createTransport(poolOptions);
  const where = `${server.host}:${server.port ?? (server.secure ? 465 : 587)}`;
  let closed = false;
  return {
    name: `smtp ${where}`,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      if (closed) throw new GazetteError('TRANSPORT', 'The SMTP transport was used after it was closed (a bug).');
      try {
        const info = await pool.sendMail({ envelope: { from: message.from, to: [message.to] }, raw: message.raw });
        return acceptedOutcome(info.response);
      } catch (err) {
        return failedOutcome(err as SmtpErrorLike, where, { requireTls: !!options.requireTls });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await quitIdleConnections(pool.transporter);
      pool.close();
    },
  };
}

interface PooledConnection {
  available?: boolean;
  connection?: { quit(): void; once(event: string, listener: () => void): unknown };
}

/**
 * Says QUIT on every idle connection and waits (briefly) for the servers to
 * close them: the pool's own close() just drops the sockets, which servers log
 * as a lost connection. The pool keeps its connections in a private field; if a
 * later nodemailer renames it, close() falls back to dropping them.
 */
async function quitIdleConnections(transporter: unknown): Promise<void> {
  // A connection becomes available again one turn after its last answer.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  const connections = (transporter as { _connections?: PooledConnection[] })._connections;
  if (!Array.isArray(connections)) return;
  const waits: Promise<void>[] = [];
  for (const resource of connections) {
    const smtp = resource.connection;
    if (!resource.available || !smtp || typeof smtp.quit !== 'function') continue;
    resource.available = false;
    waits.push(new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, QUIT_WAIT_MS);
      timer.unref();
      smtp.once('end', () => { clearTimeout(timer); resolve(); });
      try {
        smtp.quit();
      } catch {
        clearTimeout(timer);
        resolve();
      }
    }));
  }
  await Promise.all(waits);
}

interface SmtpServer {
  host: string;
  port?: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** Splits SMTP_URL into nodemailer's connection options. */
export function parseSmtpUrl(url: string): SmtpServer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GazetteError('CONFIG', `SMTP_URL is not a URL (got ${JSON.stringify(redactCredentials(url))}); use smtp://user:pass@host:port or smtps://….`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new GazetteError('CONFIG', `SMTP_URL must start with smtp:// or smtps:// (got ${parsed.protocol}//).`);
  }
  if (!parsed.hostname) throw new GazetteError('CONFIG', 'SMTP_URL has no host name; use smtp://user:pass@host:port.');
  const user = decodeURIComponent(parsed.username);
  return {
    // URL keeps IPv6 literals in brackets; sockets want them bare.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : undefined,
    secure: parsed.protocol === 'smtps:',
    auth: user ? { user, pass: decodeURIComponent(parsed.password) } : undefined,
  };
}
