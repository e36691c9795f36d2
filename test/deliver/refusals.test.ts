// What a permanent refusal costs a subscriber. A relay refusing the sender or
// the connection (5.7.x, "Client host rejected", a streak of refusals with
// nothing accepted) pauses the send and bounces nobody; a refusal of one
// address while others pass bounces that subscriber; `subscribers restore`
// undoes a bounce, in the history, and the next send delivers the copy.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { DeliveryStopped, deliverIssue, type DeliverOptions } from '../../src/deliver/index.js';
import { classifyRefusal } from '../../src/deliver/refusal.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import type { Transport } from '../../src/deliver/transport.js';
import { silentLogger } from '../../src/log.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { fixture, renderedIssue, settings, tokens, type Fixture } from './helpers/fixture.js';
import { startSink, type Sink, type SinkOptions } from './helpers/smtp-sink.js';

afterAll(cleanupTmp);
const DATE = '2025-03-01';

describe('refusals', () => {
  let fx: Fixture | undefined;
  let sink: Sink | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    fx?.cleanup();
    fx = sink = transport = undefined;
  });
  async function setup(n: number, options: SinkOptions) {
    fx = await fixture(n);
    sink = await startSink(options);
    transport = createSmtpTransport({ url: sink.url, maxConnections: 2 });
  }
  function run(extra: Partial<DeliverOptions> = {}) {
    return deliverIssue({ engine: fx!.engine, subscribers: fx!.store, transport: transport!, tokens, clock: systemClock, logger: silentLogger }, renderedIssue(DATE),
      { ...settings, concurrency: 2, pollMs: 20, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 }, ...extra });
  }
  async function bounced(): Promise<string[]> {
    return (await fx!.store.list({ limit: 1000 })).filter((s) => s.status === 'bounced').map((s) => s.email);
  }

  it('classifies answers by what they are about', () => {
    expect(classifyRefusal({ code: 554, response: '554 5.7.1 <reader1@example.org>: Client host rejected: Access denied', command: 'RCPT TO' })).toBe('policy');
    expect(classifyRefusal({ code: 554, response: '554 5.7.1 <x@example.org>: Relay access denied', command: 'RCPT TO' })).toBe('policy');
    expect(classifyRefusal({ code: 530, response: '530 5.7.0 Authentication required', command: 'RCPT TO' })).toBe('policy');
    expect(classifyRefusal({ code: 550, response: '550 5.1.1 <x@example.org>: Recipient address rejected: User unknown', command: 'RCPT TO' })).toBe('address');
    expect(classifyRefusal({ code: 552, response: '552 5.2.2 Mailbox full', command: 'RCPT TO' })).toBe('address');
    expect(classifyRefusal({ code: 550, response: '550 No such user', command: 'RCPT TO' })).toBe('address');
    expect(classifyRefusal({ code: 554, response: '554 Transaction failed', command: 'RCPT TO' })).toBe('policy');
    expect(classifyRefusal({ code: 554, response: '554 5.6.0 Message content rejected', command: 'DATA' })).toBe('content');
  });

  it('"554 5.7.1 Client host rejected" for every address pauses at once and bounces nobody', async () => {
    await setup(30, { answer: (rcpt) => ({ code: 554, message: `5.7.1 <${rcpt}>: Client host rejected: Access denied` }) });
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryStopped);
    expect((err as Error).message).toMatch(/about the sender or the connection, not the address \(554 5\.7\.1 .*Client host rejected.*\); nobody was marked bounced/);
    expect(await bounced()).toEqual([]);
    expect(await openSendLedger(fx!.engine).counts(DATE)).toMatchObject({ queued: 30, sending: 0, failed: 0 });
  });

  it('a streak of plain 550s with nothing accepted pauses without bouncing, and requeues them', async () => {
    await setup(30, { answer: () => ({ code: 550, message: 'Rejected' }) });
    const err = await run({ refusalStreak: 6 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryStopped);
    expect((err as Error).message).toMatch(/6 addresses in a row were refused with nothing accepted in between .*nobody was marked bounced/);
    expect(await bounced()).toEqual([]);
    expect(await openSendLedger(fx!.engine).counts(DATE)).toMatchObject({ queued: 30, sending: 0, failed: 0 });
  });

  for (const [kind, message] of [['550 5.1.1', '5.1.1 <rcpt>: Recipient address rejected: User unknown'], ['plain 550', 'No such user here']] as const) {
    it(`12 dead addresses in a row (${kind}) before 30 good ones: the good get one copy each, the dead are bounced, the send does not pause for good`, async () => {
      const dead = new Set(Array.from({ length: 12 }, (_, i) => `reader${i + 1}@example.org`));
      await setup(42, { answer: (rcpt) => (dead.has(rcpt) ? { code: 550, message: message.replace('rcpt', rcpt) } : null) });
      // Before the fix every run paused on the same refused rows, claimed first again, and nobody after them got the issue.
      let report: Awaited<ReturnType<typeof run>> | undefined;
      for (let i = 0; i < 3 && !report; i++) report = await run().catch((e: unknown) => { expect(e).toBeInstanceOf(DeliveryStopped); return undefined; });
      expect(report).toBeDefined();
      expect(report!.pending).toBe(0);
      const good = sink!.received.map((m) => m.to[0]!).filter((e) => !dead.has(e));
      expect(good).toHaveLength(30);
      expect(new Set(good).size).toBe(30);
      expect((await bounced()).sort()).toEqual([...dead].sort());
      expect(await openSendLedger(fx!.engine).counts(DATE)).toMatchObject({ sent: 30, failed: 12, queued: 0, sending: 0, temp_failed: 0 });
    });
  }

  for (const message of ['Rejected', 'denied']) {
    it(`a small list refused with bare "550 ${message}" for everyone bounces nobody and pauses with the reason`, async () => {
      await setup(5, { answer: () => ({ code: 550, message }) });
      // Before the fix the 5 held refusals (fewer than the streak) were bounced at the end of the run.
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryStopped);
      expect((err as Error).message).toMatch(/refused .*nobody was marked bounced/);
      expect(await bounced()).toEqual([]);
      expect(await openSendLedger(fx!.engine).counts(DATE)).toMatchObject({ queued: 5, sending: 0, failed: 0, sent: 0 });
    });
  }

  it('a 550 on one address while the others pass bounces that one only', async () => {
    await setup(30, { answer: (rcpt) => (rcpt === 'reader7@example.org' ? { code: 550, message: '5.1.1 No such user' } : null) });
    const report = await run();
    expect(report.sent).toBe(29);
    expect(await bounced()).toEqual(['reader7@example.org']);
  });
});

/**
 * Ann and Bob on the list, the issue of DATE sent through a relay that refuses
 * Bob's copy the first time (so Bob is bounced); the sink and the environment.
 */
async function bobRefusedOnce(prefix: string) {
  const dir = tmpDir(prefix);
  mkdirSync(join(dir, 'content'), { recursive: true });
  const sink = await startSink({ answer: (rcpt, n) => (rcpt === 'bob@example.org' && n === 1 ? { code: 550, message: '5.1.1 No such user' } : null) });
  const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: sink.url, GAZETTE_ON_EMPTY: 'send' });
  for (const e of ['ann@example.org', 'bob@example.org']) expect((await runCli(['subscribers', 'add', e, '--confirmed'], env)).code).toBe(0);
  expect((await runCli(['send', '--date', DATE], env)).code).toBe(0);
  return { sink, env };
}

describe('gazette subscribers restore', () => {
  it('makes bounced addresses confirmed again, records it in their history, and the next send delivers their copy', async () => {
    const { sink, env } = await bobRefusedOnce('gz-restore-');
    try {
      expect(JSON.parse((await runCli(['subscribers', 'show', 'bob@example.org', '--json'], env)).stdout)).toMatchObject({ status: 'bounced' });

      const r = await runCli(['subscribers', 'restore', 'bob@example.org', 'ann@example.org', '--reason', 'relay misconfigured'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Restored bob@example\.org to confirmed; their copy of the issue of 2025-03-01 goes out/);
      expect(r.stdout).toMatch(/ann@example\.org is confirmed, not bounced; nothing changed/);
      const shown = JSON.parse((await runCli(['subscribers', 'show', 'bob@example.org', '--json'], env)).stdout);
      expect(shown.status).toBe('confirmed');
      expect(JSON.stringify(shown)).toContain('relay misconfigured');

      const again = await runCli(['send', '--date', DATE, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ sent: 1, skipped: 1 });
      expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['ann@example.org', 'bob@example.org']);

      const unknown = await runCli(['subscribers', 'restore', 'nobody@example.org'], env);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toMatch(/Not on the list: nobody@example\.org/);
    } finally {
      await sink.close();
    }
  });
});

describe('gazette subscribers restore after a replay', () => {
  it('re-queues the refused copy of the newest edition still going out, not of a later edition a replay made', async () => {
    const { sink, env } = await bobRefusedOnce('gz-restore-replay-');
    try {
      // A day replayed a week ahead: its edition is on record, but not going out yet.
      const ahead = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const replay = await runCli(['send', '--at', `${ahead}T12:00Z`], env);
      expect(replay.code, replay.stderr).toBe(0);
      const r = await runCli(['subscribers', 'restore', 'bob@example.org'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Restored bob@example\\.org to confirmed; their copy of the issue of ${DATE} goes out`));
      const again = await runCli(['send', '--date', DATE, '--json'], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ sent: 1 });
    } finally {
      await sink.close();
    }
  });
});

describe('addresses with non-ASCII local parts (zoë@example.com)', () => {
  it('are refused at add, import and subscribe alike, saying why', async () => {
    const { checkAddress } = await import('../../src/subscribers/address.js');
    const checked = checkAddress('zoë@example.com');
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(/non-ASCII character \("ë"\) before the "@".*SMTPUTF8/);
    expect(checkAddress('zoe@exämple.com').ok).toBe(true); // an international domain has an ASCII form
    const dir = tmpDir('gz-utf8-');
    const env = isolatedEnv(dir);
    const r = await runCli(['subscribers', 'add', 'zoë@example.com', '--confirmed'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/non-ASCII/);
  });

  it('one already on the list is bounced at the first send, not kept confirmed and failing every issue', async () => {
    const fx = await fixture(3);
    const sink = await startSink();
    const transport = createSmtpTransport({ url: sink.url, maxConnections: 1 });
    try {
      // As an older version stored it, past today's check.
      fx.db.prepare(`UPDATE subscribers SET email = 'zoë@example.org', email_key = 'zoë@example.org' WHERE email = 'reader2@example.org'`).run();
      const report = await deliverIssue({ engine: fx.engine, subscribers: fx.store, transport, tokens, clock: systemClock, logger: silentLogger }, renderedIssue(DATE),
        { ...settings, concurrency: 1, pollMs: 20 });
      expect(report.sent).toBe(2);
      expect(report.failed).toEqual([expect.objectContaining({ email: 'zoë@example.org', permanent: true, message: expect.stringMatching(/non-ASCII/) })]);
      const id = fx.db.prepare(`SELECT id FROM subscribers WHERE email = 'zoë@example.org'`).pluck().get() as number;
      expect((await fx.store.find(id))?.status).toBe('bounced');
    } finally {
      await transport.close();
      await sink.close();
      fx.cleanup();
    }
  });
});
