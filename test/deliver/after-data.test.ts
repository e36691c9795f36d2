// A timeout or a reset after the message body was sent may follow the server
// taking the message: the answer was lost, not the message. Such a failure is
// an ordinary temporary one that uses up one of the recipient's attempts (a
// resend may be a duplicate, with the same Message-ID), not a relay outage
// retried without count until SMTP_OUTAGE_MS.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { deliverIssue } from '../../src/deliver/index.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import { failedOutcome } from '../../src/deliver/transports/smtp-outcome.js';
import type { Transport } from '../../src/deliver/transport.js';
import { silentLogger } from '../../src/log.js';
import { fixture, renderedIssue, settings, tokens, type Fixture } from './helpers/fixture.js';
import { startSink, type Sink } from './helpers/smtp-sink.js';

const DATE = '2025-03-01';

describe('failures after the message body', () => {
  let fx: Fixture | undefined;
  let sink: Sink | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    fx?.cleanup();
    fx = sink = transport = undefined;
  });

  it('classifies socket failures that may follow the body as counted temporary failures, and failures to connect as the relay\'s', () => {
    const mayFollowBody = [
      { code: 'ETIMEDOUT', message: 'Timeout', timeoutType: 'SOCKET_TIMEOUT', command: 'CONN' },
      { code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'read ECONNRESET', command: 'CONN' },
      { code: 'ESOCKET', originalCode: 'EPIPE', message: 'write EPIPE', command: 'CONN' },
      { code: 'ECONNECTION', message: 'Connection closed unexpectedly', command: 'DATA' },
    ];
    for (const err of mayFollowBody) {
      const outcome = failedOutcome(err, 'relay:25');
      expect(outcome.status, err.message).toBe('temporary');
      expect(outcome.connection, err.message).toBeFalsy();
    }
    const neverConnected = [
      { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:25', command: 'CONN' },
      { code: 'ETIMEDOUT', message: 'Connection timeout', timeoutType: 'CONNECT_TIMEOUT', command: 'CONN' },
      { code: 'ETIMEDOUT', message: 'Greeting never received', timeoutType: 'GREETING_TIMEOUT', command: 'CONN' },
      { code: 'EDNS', message: 'getaddrinfo ENOTFOUND relay', command: 'CONN' },
    ];
    for (const err of neverConnected) expect(failedOutcome(err, 'relay:25').connection, err.message).toBe(true);
  });

  it('a relay that takes the message and never answers the final dot: each try counts, the row waits for the next run, no outage pause', async () => {
    fx = await fixture(1);
    sink = await startSink({ silentAfterData: () => true });
    transport = createSmtpTransport({ url: sink.url, maxConnections: 1, timeouts: { connection: 1_000, greeting: 1_000, socket: 300 } });
    const report = await deliverIssue({ engine: fx.engine, subscribers: fx.store, transport, tokens, clock: systemClock, logger: silentLogger }, renderedIssue(DATE),
      { ...settings, concurrency: 1, pollMs: 20, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 }, outageMs: 4_000 });
    // Before: retried as an unreachable relay (no attempt counted) until the outage budget paused the send.
    expect(report).toMatchObject({ sent: 0, pending: 1 });
    expect(report.failed).toEqual([expect.objectContaining({ email: 'reader1@example.org', permanent: false })]);
    expect(sink.received).toHaveLength(2);
    const row = fx.db.prepare('SELECT state, attempts FROM deliveries WHERE issue_date = ?').get(DATE);
    expect(row).toEqual({ state: 'temp_failed', attempts: 2 });
    expect(await openSendLedger(fx.engine).counts(DATE)).toMatchObject({ temp_failed: 1, sending: 0 });
  });
});
