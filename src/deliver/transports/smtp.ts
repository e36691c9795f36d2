// SMTP through nodemailer's pooled transport: one pool per run, a fixed number
// of long-lived connections, closed at the end. Messages arrive prebuilt, so
// nodemailer is given the bytes (`raw`) and an explicit envelope and only does
// SMTP (plus DKIM signing when configured).
import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { GazetteError } from '../../errors.js';
import type { OutgoingMessage, SendOutcome, Transport } from '../transport.js';
import { acceptedOutcome, failedOutcome, type SmtpErrorLike } from './smtp-outcome.js';

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
}

/** A pooled SMTP transport sending prebuilt messages. */
export function createSmtpTransport(options: SmtpTransportOptions): Transport {
  const server = parseSmtpUrl(options.url);
  // maxRequeues is a nodemailer option its type definitions do not list yet.
  const poolOptions: SMTPPool.Options & { maxRequeues: number } = {
    pool: true,
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: server.auth,
    maxConnections: options.maxConnections ?? 5,
    // nodemailer's default of 100 reconnects every 100 messages for no benefit here.
    maxMessages: Infinity,
    // The pool re-queues a message whose connection closed, without limit by default.
    // Retries belong to the delivery loop, which records each attempt and backs off.
    maxRequeues: 0,
    rateLimit: options.rateLimit || undefined,
    rateDelta: 1000,
    connectionTimeout: options.timeouts?.connection ?? 30_000,
    greetingTimeout: options.timeouts?.greeting ?? 30_000,
    socketTimeout: options.timeouts?.socket ?? 120_000,
    dkim: options.dkim,
    logger: false,
    getSocket: noDelaySocket,
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
        return failedOutcome(err as SmtpErrorLike, where);
      }
    },
    async close() {
      closed = true;
      pool.close();
    },
  };
}

/**
 * Connections with Nagle's algorithm off. nodemailer writes the end of DATA as a
 * small segment after the body; with Nagle on it waits for the server's delayed
 * ACK (40 ms on Linux), which caps each connection at about 25 messages a second.
 * `getSocket` is nodemailer's documented hook for supplying the socket; it still
 * does TLS (smtps) and STARTTLS on top.
 */
function noDelaySocket(options: SMTPPool.Options, callback: (err: Error | null, socketOptions: unknown) => void): void {
  const socket = net.connect({ host: options.host, port: options.port ?? (options.secure ? 465 : 587), noDelay: true });
  // net.connect alone waits for the system's TCP timeout (minutes) on a silent host.
  const timer = setTimeout(() => socket.destroy(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), options.connectionTimeout ?? 30_000);
  const onError = (err: Error & { code?: string }) => {
    clearTimeout(timer);
    callback(Object.assign(err, { code: err.code === 'ETIMEDOUT' ? 'ETIMEDOUT' : 'ECONNECTION' }), null);
  };
  socket.once('error', onError);
  socket.once('connect', () => {
    clearTimeout(timer);
    socket.off('error', onError);
    callback(null, { connection: socket });
  });
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
    throw new GazetteError('CONFIG', `SMTP_URL is not a URL (got ${JSON.stringify(url.replace(/:[^:@/]*@/, ':***@'))}); use smtp://user:pass@host:port or smtps://….`);
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
