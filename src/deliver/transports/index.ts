// Chooses the transport from the configuration: SMTP when SMTP_URL is set,
// else the outbox folder (one subfolder per issue date).
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/index.js';
import { localDate } from '../../clock.js';
import { GazetteError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Transport } from '../transport.js';
import { createOutboxTransport } from './outbox.js';
import { parseRelayList } from './relay-url.js';
import { createRelaysTransport } from './relays.js';
import { createSmtpTransport, type DkimKey } from './smtp.js';

export { createOutboxTransport, outboxFileName, outboxMessageFileName } from './outbox.js';
export { parseRelayList, type RelaySpec } from './relay-url.js';
export { createRelaysTransport } from './relays.js';
export { createSmtpTransport, parseSmtpUrl, type DkimKey, type SmtpTransportOptions } from './smtp.js';

type TransportConfig = Pick<Config, 'smtpUrl' | 'outboxDir' | 'smtpMaxConnections' | 'smtpRateLimit' | 'dkimDomain' | 'dkimSelector' | 'dkimPrivateKey' | 'tz'>
  & Partial<Pick<Config, 'smtpCaFile' | 'smtpRequireTls' | 'nodeExtraCaCerts'>>;

export interface TransportChoice {
  /** The outbox subfolder (the issue date); default: today in GAZETTE_TZ. */
  date?: string;
  /** A subfolder under the date, for mail that is not the issue (test copies, confirmations). */
  subdir?: string;
  /** Where a relay set aside is reported (several relays only). */
  logger?: Pick<Logger, 'warn'>;
}

/** The run's one transport: SMTP when SMTP_URL is set, else `outbox/<date>/`. */
export function createTransport(config: TransportConfig, choice: TransportChoice = {}): Transport {
  if (config.smtpUrl) {
    const relays = parseRelayList(config.smtpUrl, { pool: config.smtpMaxConnections, rate: config.smtpRateLimit });
    // One relay without parameters: the single pooled transport, exactly as before relays could be listed.
    if (relays.length > 1 || relays[0]!.tuned) {
      return createRelaysTransport({
        relays, dkim: dkimKey(config), ca: relayCertificates(config), requireTls: config.smtpRequireTls,
        onRelayDown: (relay, why, until) => choice.logger?.warn({ relay, until: until === null ? 'the end of this run' : new Date(until).toISOString() },
          `relay ${relay} set aside (${why}); its messages go to the other relays`),
      });
    }
    return createSmtpTransport({
      url: config.smtpUrl,
      maxConnections: config.smtpMaxConnections,
      rateLimit: config.smtpRateLimit,
      dkim: dkimKey(config),
      ca: relayCertificates(config),
      requireTls: config.smtpRequireTls,
    });
  }
  const date = choice.date ?? localDate(new Date(), config.tz);
  return createOutboxTransport(join(resolve(config.outboxDir), date, ...(choice.subdir ? [choice.subdir] : [])));
}

/**
 * The PEM certificates of SMTP_CA_FILE and NODE_EXTRA_CA_CERTS. Node reads the
 * latter only from the process environment at start, so one written in `.env`
 * used to be ignored without a word; Gazette passes it to the SMTP connection.
 */
export function relayCertificates(config: Partial<Pick<Config, 'smtpCaFile' | 'nodeExtraCaCerts'>>): string[] | undefined {
  const files: [string, string][] = [];
  if (config.smtpCaFile) files.push(['SMTP_CA_FILE', config.smtpCaFile]);
  if (config.nodeExtraCaCerts && config.nodeExtraCaCerts !== config.smtpCaFile) files.push(['NODE_EXTRA_CA_CERTS', config.nodeExtraCaCerts]);
  if (files.length === 0) return undefined;
  return files.map(([name, file]) => {
    let pem: string;
    try {
      pem = readFileSync(resolve(file), 'utf8');
    } catch (err) {
      throw new GazetteError('CONFIG', `${name} names ${file}, which cannot be read (${(err as Error).message}); give the path of the relay's CA certificate (PEM).`, { cause: err });
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new GazetteError('CONFIG', `${name} names ${file}, which holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA certificate in PEM form.`);
    }
    return pem;
  });
}

/** The DKIM key from DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (PEM text or a path), or undefined when unset. */
export function dkimKey(config: Pick<Config, 'dkimDomain' | 'dkimSelector' | 'dkimPrivateKey'>): DkimKey | undefined {
  const { dkimDomain, dkimSelector, dkimPrivateKey } = config;
  if (!dkimDomain && !dkimSelector && !dkimPrivateKey) return undefined;
  if (!dkimDomain || !dkimSelector || !dkimPrivateKey) {
    throw new GazetteError('CONFIG', 'DKIM signing needs all three of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY; set the missing ones, or unset all three to send unsigned.');
  }
  let pem = dkimPrivateKey.replace(/\\n/g, '\n');
  if (!pem.includes('-----BEGIN')) {
    if (!existsSync(pem)) {
      throw new GazetteError('CONFIG', `DKIM_PRIVATE_KEY is neither PEM text nor an existing file (${pem}); give the key's PEM text or its path.`);
    }
    pem = readFileSync(pem, 'utf8');
  }
  try {
    createPrivateKey(pem);
  } catch (err) {
    throw new GazetteError('CONFIG', `DKIM_PRIVATE_KEY does not hold a usable private key (${(err as Error).message}); give a PEM key (RSA or Ed25519).`, { cause: err });
  }
  return { domainName: dkimDomain, keySelector: dkimSelector, privateKey: pem };
}
