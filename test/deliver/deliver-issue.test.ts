import { simpleParser, type AddressObject } from 'mailparser';
import { afterEach, expect, it } from 'vitest';
import { manualClock, systemClock, type Clock } from '../../src/clock.js';
import { DeliveryStopped, deliverIssue, sendTestCopy, type DeliverOptions } from '../../src/deliver/index.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import type { Transport } from '../../src/deliver/transport.js';
import { isGazetteError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { describeEngines } from './helpers/engines.js';
import { engineFixture, renderedIssue, settings, tokens, type EngineFixture } from './helpers/fixture.js';
import { startSink, type Sink, type SinkOptions } from './helpers/smtp-sink.js';

const fast: Partial<DeliverOptions> = { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, pollMs: 20, concurrency: 3 };

describeEngines('deliverIssue against a real SMTP server', (kind) => {
  let fx: EngineFixture | undefined;
  let sink: Sink | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    await fx?.cleanup();
    fx = sink = transport = undefined;
  });

  async function setup(confirmed: number, sinkOptions: SinkOptions = {}) {
    fx = await engineFixture(kind, confirmed);
    sink = await startSink(sinkOptions);
    transport = createSmtpTransport({ url: sink.url, maxConnections: 3 });
  }
  function run(extra: Partial<DeliverOptions> = {}, date = '2025-03-01', clock: Clock = systemClock) {
    return deliverIssue({ engine: fx!.engine, subscribers: fx!.store, transport: transport!, tokens, clock, logger: silentLogger }, renderedIssue(date), { ...settings, ...fast, ...extra });
  }

  it('sends every confirmed subscriber exactly one message with the contract headers', async () => {
    await setup(25);
    const report = await run();
    expect(report).toMatchObject({ issue: '2025-03-01', recipients: 25, sent: 25, skipped: 0, failed: [], pending: 0 });
    expect(sink!.received).toHaveLength(25);
    const recipients = sink!.received.map((m) => m.to[0]).sort();
    expect(new Set(recipients).size).toBe(25);
    expect(recipients).not.toContain('pending@example.org');
    expect(recipients).not.toContain('left@example.org');

    for (const received of sink!.received) {
      const mail = await simpleParser(received.raw);
      const to = (mail.to as AddressObject).value[0]!.address!;
      expect(to).toBe(received.to[0]);
      const subscriber = (await fx!.store.find(to))!;
      expect(mail.messageId).toMatch(new RegExp(`^<2025-03-01\\.${subscriber.id}\\.[\\w-]+@example\\.com>$`));
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
      const list = mail.headers.get('list') as unknown as Record<string, { url?: string; mail?: string; id?: string }>;
      expect(list.id?.id).toBe('gazette.example.com');
      const url = list.unsubscribe!.url!;
      expect(url).toMatch(/^https:\/\/news\.example\.com\/unsubscribe\?token=/);
      expect(list.unsubscribe!.mail).toMatch(/^unsubscribe@example\.com\?subject=unsubscribe/);
      expect(tokens.verify('unsubscribe', new URL(url).searchParams.get('token')!)).toBe(String(subscriber.id));
      expect(mail.headerLines.some((h) => h.line === 'List-Unsubscribe-Post: List-Unsubscribe=One-Click')).toBe(true);
      // The personal link and address, intact in both parts.
      expect(mail.text).toContain(`Unsubscribe: ${url}\n`);
      expect(mail.text).toContain(`Sent to ${to}.`);
      expect(mail.html).toContain(`<a href="${url}">Unsubscribe</a>`);
    }

    // A second run delivers nothing twice.
    const again = await run();
    expect(again).toMatchObject({ recipients: 25, sent: 0, skipped: 25, pending: 0 });
    expect(sink!.received).toHaveLength(25);
  });

  it('retries 451 answers with back-off until every message arrives', async () => {
    await setup(12, { answer: (_rcpt, attempt) => (attempt === 1 ? { code: 451, message: 'Greylisted, try again' } : null) });
    const report = await run();
    expect(report).toMatchObject({ recipients: 12, sent: 12, failed: [], pending: 0 });
    expect(sink!.received).toHaveLength(12);
    expect([...sink!.attempts.values()].every((n) => n === 2)).toBe(true);
    const ledger = await fx!.all<{ attempts: number; code: number }>("SELECT attempts, last_code AS code FROM deliveries WHERE state = 'sent'");
    expect(ledger).toHaveLength(12);
    expect(ledger.every((r) => r.attempts === 2 && r.code === 250)).toBe(true);
  });

  it('records a 550 as a permanent failure with code and text, marks the subscriber bounced, and never retries it', async () => {
    await setup(6, { answer: (rcpt) => (rcpt === 'reader3@example.org' ? { code: 550, message: '5.1.1 No such mailbox' } : null) });
    const report = await run();
    expect(report.sent).toBe(5);
    expect(report.pending).toBe(0);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ email: 'reader3@example.org', code: 550, permanent: true });
    expect(report.failed[0]!.message).toContain('No such mailbox');
    expect((await fx!.store.find('reader3@example.org'))!.status).toBe('bounced');
    expect(sink!.attempts.get('reader3@example.org')).toBe(1);

    const again = await run();
    expect(again).toMatchObject({ sent: 0, skipped: 5, pending: 0 });
    expect(sink!.attempts.get('reader3@example.org')).toBe(1);
  });

  it('leaves a recipient still answered 4xx after the retry limit for the next run, which delivers it', async () => {
    let refuse = true;
    await setup(4, { answer: (rcpt) => (refuse && rcpt === 'reader2@example.org' ? { code: 452, message: 'Mailbox full' } : null) });
    const first = await run();
    expect(first).toMatchObject({ sent: 3, pending: 1 });
    expect(first.failed).toEqual([{ email: 'reader2@example.org', code: 452, message: expect.stringContaining('Mailbox full'), permanent: false }]);
    expect(sink!.attempts.get('reader2@example.org')).toBe(3);
    expect((await fx!.store.find('reader2@example.org'))!.status).toBe('confirmed');

    refuse = false;
    const second = await run();
    expect(second).toMatchObject({ sent: 1, skipped: 3, pending: 0, failed: [] });
    expect(sink!.received.filter((m) => m.to[0] === 'reader2@example.org')).toHaveLength(1);
  });

  it('pauses with a clear message when most recipients fail, instead of burning through the list', async () => {
    await setup(60, { answer: () => ({ code: 421, message: 'Service not available' }) });
    const err = await run({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, pause: { window: 10, minSamples: 10, maxErrorRate: 0.5 } }).catch((e: unknown) => e);
    expect(isGazetteError(err, 'PAUSED')).toBe(true);
    expect((err as Error).message).toMatch(/paused: \d+ of the last 10 recipients failed .*421.*run `gazette send` again/);
    const report = (err as DeliveryStopped).report;
    const tried = sink!.attempts.size;
    expect(tried).toBeGreaterThanOrEqual(10);
    expect(tried).toBeLessThan(30);
    expect(report.pending).toBe(60);
    const counts = await openSendLedger(fx!.engine).counts('2025-03-01');
    expect(counts.sending).toBe(0);
    expect(counts.queued + counts.temp_failed).toBe(60);
  });

  it('skips a subscriber who unsubscribed after being queued', async () => {
    let refuse = true;
    await setup(3, { answer: () => (refuse ? { code: 451, message: 'later' } : null) });
    const first = await run({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(first.pending).toBe(3);
    await fx!.setStatus('reader2@example.org', 'unsubscribed');
    refuse = false;
    const second = await run();
    expect(second).toMatchObject({ sent: 2, dropped: 1, recipients: 2, pending: 0 });
    expect(sink!.received.map((m) => m.to[0]).sort()).toEqual(['reader1@example.org', 'reader3@example.org']);
  });

  it('resends a row left "sending" by a crashed sender with the same Message-ID once its claim expires', async () => {
    await setup(5);
    const ledger = openSendLedger(fx!.engine);
    await run({ signal: AbortSignal.abort() }).catch(() => {}); // queues the rows, sends nothing
    expect(sink!.received).toHaveLength(0);
    const messageIds = new Map((await fx!.all<{ email: string; message_id: string }>('SELECT email, message_id FROM deliveries')).map((r) => [r.email, r.message_id]));
    // Another host's sender claimed two rows and died; its claim runs out soon.
    const stolen = await ledger.claim('2025-03-01', 'elsewhere:1:dead', Date.now(), 300, 2);
    expect(stolen).toHaveLength(2);
    const report = await run();
    expect(report).toMatchObject({ sent: 5, pending: 0 });
    for (const received of sink!.received) {
      const mail = await simpleParser(received.raw);
      expect(mail.messageId).toBe(messageIds.get(received.to[0]!));
    }
  });

  it('stops with the transport error and gives every claimed row back when the server refuses the login', async () => {
    fx = await engineFixture(kind, 5);
    sink = await startSink({ auth: { user: 'u', pass: 'right' } });
    transport = createSmtpTransport({ url: `smtp://u:wrong@127.0.0.1:${sink.port}` });
    const err = await run().catch((e: unknown) => e);
    expect(isGazetteError(err, 'TRANSPORT')).toBe(true);
    const counts = await openSendLedger(fx.engine).counts('2025-03-01');
    expect(counts).toMatchObject({ queued: 5, sending: 0, sent: 0, failed: 0 });
    expect((await fx.store.find('reader1@example.org'))!.status).toBe('confirmed');
  });

  it('keeps its claims and records answers even when the transport answers at once (never starves the event loop)', async () => {
    fx = await engineFixture(kind, 1500);
    const seen = new Map<string, number>();
    // A transport that accepts without I/O, like the benchmark's discard: every await resolves at once.
    transport = { name: 'instant', async send(m) { seen.set(m.to, (seen.get(m.to) ?? 0) + 1); return { status: 'sent', code: 250, response: '250 ok' }; }, async close() {} };
    // The run lasts several claim lifetimes. 500 ms leaves room for a loaded CI
    // machine's pauses on SQLite; a PostgreSQL run is slower (a round trip per
    // claim and flush), so its lifetime is longer, still well under the run.
    const report = await run({ claimTtlMs: kind === 'postgres' ? 2000 : 500, concurrency: 10 });
    expect(report).toMatchObject({ sent: 1500, pending: 0 });
    expect(seen.size).toBe(1500);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('stops cleanly when asked mid-way: in-flight messages finish, the rest waits in the queue', async () => {
    await setup(40, { delayMs: 10 });
    const stop = new AbortController();
    const err = await run({ signal: stop.signal, onProgress: (p) => { if (p.sent >= 5) stop.abort(); } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryStopped);
    expect((err as DeliveryStopped).interrupted).toBe(true);
    expect((err as Error).message).toMatch(/stopped on request .* run `gazette send` again/i);
    const counts = await openSendLedger(fx!.engine).counts('2025-03-01');
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBe(sink!.received.length);
    expect(counts.sent + counts.queued).toBe(40);
    expect(counts.queued).toBeGreaterThan(0);
    const rest = await run();
    expect(rest).toMatchObject({ sent: counts.queued, skipped: counts.sent, pending: 0 });
    expect(sink!.received).toHaveLength(40);
  });

  it('dates its records by the given clock, even one that stands still', async () => {
    await setup(4);
    const clock = manualClock('2025-03-01T07:00:00Z');
    const report = await run({}, '2025-03-01', clock);
    expect(report.sent).toBe(4);
    const stamps = await fx!.all('SELECT DISTINCT sent_at FROM deliveries');
    expect(stamps).toEqual([{ sent_at: '2025-03-01T07:00:00.000Z' }]);
    expect((await simpleParser(sink!.received[0]!.raw)).date?.toISOString()).toBe('2025-03-01T07:00:00.000Z');
  });

  it('sends a test copy without recording it as a delivery', async () => {
    await setup(2);
    const outcome = await sendTestCopy({ transport: transport!, clock: systemClock }, renderedIssue(), { ...settings, to: 'editor@example.org' });
    expect(outcome.status).toBe('sent');
    expect(sink!.received.map((m) => m.to[0])).toEqual(['editor@example.org']);
    expect((await simpleParser(sink!.received[0]!.raw)).messageId).toBe(outcome.messageId);
    openSendLedger(fx!.engine);
    expect(await fx!.all('SELECT count(*) AS n FROM deliveries')).toEqual([{ n: 0 }]);
    await expect(sendTestCopy({ transport: transport!, clock: systemClock }, renderedIssue(), { ...settings, to: 'x@y.org\r\nBcc: z@y.org' })).rejects.toThrow(/--to/);
  });
});
