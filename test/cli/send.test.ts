// `gazette send` in-process with raw arguments, against a real smtp-server on
// 127.0.0.1 and the outbox, building from a real content folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sendIssue } from '../../src/pipeline/send-issue.js';
import { createApp } from '../../src/app.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { progressLog } from '../../src/cli/send-progress.js';
import { PassThrough } from 'node:stream';
import { SqliteRunStore } from '../../src/store/runs.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { renderedIssue } from '../deliver/helpers/fixture.js';
import { startSink, type Sink, type SinkOptions } from '../deliver/helpers/smtp-sink.js';
import { createServer } from 'node:net';
import { sendRecorded } from '../../src/cli/send.js';
import { isGazetteError } from '../../src/errors.js';
import { openSendLedger } from '../../src/deliver/open-ledger.js';

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const free = createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as { port: number }).port;
  await new Promise<void>((r) => free.close(() => r()));
  return port;
}

afterAll(cleanupTmp);

const DATE = '2026-11-20';
const ARTICLE = `---
title: The Harbour Line opens
outlet: River Post
url: https://riverpost.example/tram
published: 2026-11-20T06:00:00Z
---
The Harbour Line tram carried its first passengers on Friday. The line links the station with the ferry pier in eleven minutes. Fares match the buses.
`;

async function workspace(emails: string[], extra: Record<string, string> = {}) {
  const dir = tmpDir('gz-send-');
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
  const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_RETRY_DELAY_MS: '5', SMTP_RETRIES: '2', ...extra });
  for (const email of emails) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
  return { dir, env };
}

describe('gazette send', () => {
  let sink: Sink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });
  async function smtp(options: SinkOptions = {}) {
    sink = await startSink(options);
    return { SMTP_URL: sink.url, SMTP_MAX_CONNECTIONS: '2' };
  }

  it('delivers to every confirmed subscriber, prints the report, and sends nothing twice', async () => {
    const { env } = await workspace(['ann@example.org', 'bob@example.org', 'cy@example.org'], await smtp());
    const r = await runCli(['send', '--date', DATE, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ issue: DATE, recipients: 3, sent: 3, skipped: 0, failed: [] });
    expect(sink!.received.map((m) => m.to[0]).sort()).toEqual(['ann@example.org', 'bob@example.org', 'cy@example.org']);
    const mail = await simpleParser(sink!.received[0]!.raw);
    expect(mail.subject).toBeTruthy();
    expect(mail.text).toContain('Harbour Line');
    const url = (mail.headers.get('list') as unknown as { unsubscribe: { url: string } }).unsubscribe.url;
    expect(url).toMatch(/^https:\/\/news\.example\.com\/unsubscribe\?token=/);
    expect(mail.html).toContain(url.replace(/&/g, '&amp;'));
    expect(mail.text).toContain(url);

    const again = await runCli(['send', '--date', DATE, '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ recipients: 3, sent: 0, skipped: 3 });
    expect(sink!.received).toHaveLength(3);

    const human = await runCli(['send', '--date', DATE], env);
    expect(human.stdout).toMatch(/0 sent now, 3 already delivered, 0 failed, 0 left for a retry \(3 recipients\)/);
  });

  it('exits 0 when the only failure is permanent, and 1 while a temporary one remains', async () => {
    const { env } = await workspace(['ann@example.org', 'gone@example.org', 'full@example.org'], await smtp({
      answer: (rcpt) => rcpt === 'gone@example.org' ? { code: 550, message: 'No such user' } : rcpt === 'full@example.org' ? { code: 452, message: 'Mailbox full' } : null,
    }));
    const r = await runCli(['send', '--date', DATE, '--json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 recipient failed temporarily.*run `gazette send` again/);
    const report = JSON.parse(r.stdout);
    expect(report.sent).toBe(1);
    expect(report.failed).toEqual(expect.arrayContaining([
      { email: 'gone@example.org', code: 550, message: expect.stringContaining('No such user'), permanent: true },
      { email: 'full@example.org', code: 452, message: expect.stringContaining('Mailbox full'), permanent: false },
    ]));
    const shown = await runCli(['subscribers', 'show', 'gone@example.org', '--json'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'bounced' });

    // With the mailbox emptied the next run delivers the rest and exits 0.
    sink!.attempts.clear();
    await sink!.close();
    sink = await startSink({ answer: (rcpt) => (rcpt === 'gone@example.org' ? { code: 550, message: 'No such user' } : null) });
    const second = await runCli(['send', '--date', DATE, '--json'], { ...env, SMTP_URL: sink.url });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: 1, skipped: 1 });
    expect(sink.received.map((m) => m.to[0])).toEqual(['full@example.org']);
  });

  it('on a new database with nobody on the list yet, builds the issue and says there is nobody to send to (no internal error)', async () => {
    const { env } = await workspace([]);
    const r = await runCli(['send', '--date', DATE], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/unexpected error|no such table/);
  });

  it('--dry-run renders and counts, sending nothing', async () => {
    const { env } = await workspace(['ann@example.org', 'bob@example.org'], await smtp());
    const r = await runCli(['send', '--date', DATE, '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ issue: DATE, recipients: 2, sent: 0, skipped: 0, failed: [], dryRun: true });
    const human = await runCli(['send', '--date', DATE, '--dry-run'], env);
    expect(human.stdout).toMatch(/would go to 2 confirmed subscribers/);
    expect(sink!.received).toHaveLength(0);
  });

  it('--dry-run counts only the readers of a daily issue: a weekly reader is not among them', async () => {
    const { dir, env } = await workspace(['ann@example.org', 'bob@example.org'], await smtp());
    writeFileSync(join(dir, 'weekly.csv'), 'email,frequency\nbob@example.org,weekly:fri\n');
    expect((await runCli(['subscribers', 'import', join(dir, 'weekly.csv')], env)).code).toBe(0);
    const r = await runCli(['send', '--date', DATE, '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ recipients: 1, sent: 0 });
    expect(sink!.received).toHaveLength(0);
  });

  it('--to sends one test copy that is not recorded as a delivery', async () => {
    const { env } = await workspace(['ann@example.org'], await smtp());
    const r = await runCli(['send', '--date', DATE, '--to', 'editor@example.org'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/test copy .* to editor@example\.org/);
    expect(sink!.received.map((m) => m.to[0])).toEqual(['editor@example.org']);
    // Its footer links lead to the real pages, which refuse the placeholder token.
    const copy = await simpleParser(sink!.received[0]!.raw);
    expect(copy.text).toContain('Your preferences (time, frequency, topics): https://news.example.com/preferences?token=test-copy\n');
    // The real send afterwards still goes to the subscriber.
    const real = await runCli(['send', '--date', DATE, '--json'], env);
    expect(JSON.parse(real.stdout)).toMatchObject({ recipients: 1, sent: 1, skipped: 0 });
    const bad = await runCli(['send', '--date', DATE, '--to', 'not an address'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--to "not an address"/);
  });

  it('writes one valid .eml per recipient to outbox/<date>/ when SMTP_URL is unset, and records the run', async () => {
    const { dir, env } = await workspace(['ann@example.org', 'bob@example.org']);
    const r = await runCli(['send', '--date', DATE], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/through outbox .*2 sent now/);
    const folder = join(dir, 'outbox', DATE);
    const files = readdirSync(folder).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toHaveLength(2);
    const recipients = [];
    for (const f of files) {
      const mail = await simpleParser(readFileSync(join(folder, f)));
      recipients.push((mail.to as AddressObject).value[0]!.address);
      expect(mail.messageId).toMatch(new RegExp(`^<${DATE}\\.\\d+\\.[\\w-]+@example\\.com>$`));
      expect(mail.text).toContain('https://news.example.com/unsubscribe?token=');
    }
    expect(recipients.sort()).toEqual(['ann@example.org', 'bob@example.org']);
    const status = await runCli(['status', '--json'], env);
    expect(JSON.parse(status.stdout).runs[0]).toMatchObject({ issueDate: DATE, outcome: 'sent', recipients: 2, sent: 2 });
  });

  it('sendIssue delivers a rendered issue literal with the app\'s parts and records no run itself', async () => {
    const dir = tmpDir('gz-send-');
    const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', ...(await smtp()) });
    const app = createApp({ env, logger: silentLogger });
    try {
      await app.subscribers().upsertMany([{ email: 'ann@example.org', status: 'confirmed' }], { source: 'cli', reason: 'test' });
      const report = await sendIssue(app, renderedIssue('2026-11-21'));
      expect(report).toMatchObject({ issue: '2026-11-21', recipients: 1, sent: 1 });
      expect(await new SqliteRunStore(app.db()).recent()).toEqual([]); // sendIssue leaves run records to its caller
      expect(existsSync(join(dir, 'outbox'))).toBe(false);
    } finally {
      await app.close();
    }
    expect(sink!.received).toHaveLength(1);
  });

  it('off a terminal, reports progress as structured log lines at most every few seconds, and the last state at the end', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c) => { text += c; });
    const view = progressLog(createLogger('info', out), DATE, 60_000);
    view.update({ total: 10, done: 1, sent: 1, failed: 0 });
    view.update({ total: 10, done: 2, sent: 2, failed: 0 });
    view.stop();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'delivery progress', issue: DATE, done: 1, total: 10 });
    expect(lines[1]).toMatchObject({ msg: 'delivery progress', done: 2, sent: 2, failed: 0 });
    expect(typeof lines[1].perSecond).toBe('number');
  });

  it('a relay that cannot be reached: send pauses with the reason, the run is recorded as failed, no row stays sending, and the next send delivers', async () => {
    const port = await closedPort();
    const { env } = await workspace(['ann@example.org', 'bob@example.org'], { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_OUTAGE_MS: '300' });
    const r = await runCli(['send', '--date', DATE], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/paused: the SMTP server could not be reached for \d+ s \(latest: .*ECONNREFUSED.*\)\. 0 sent in this run, 2 left/);
    const status = await runCli(['status', '--json'], env);
    const runs = JSON.parse(status.stdout).runs;
    expect(runs[0]).toMatchObject({ issueDate: DATE, outcome: 'failed' });
    expect(runs[0].reason).toMatch(/could not be reached/);
    const app = createApp({ env, logger: silentLogger });
    try {
      expect(await openSendLedger(app.engine()).counts(DATE)).toMatchObject({ queued: 2, sending: 0 });
    } finally {
      await app.close();
    }
    const again = await runCli(['send', '--date', DATE, '--json'], { ...env, ...(await smtp()) });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 2, pending: 0 });
  });

  it('a failure report shows the reply code once ("550 5.1.1 …", not "550 550 5.1.1 …")', async () => {
    const { env } = await workspace(['ann@example.org', 'gone@example.org'], await smtp({
      answer: (rcpt) => (rcpt === 'gone@example.org' ? { code: 550, message: '5.1.1 No such user' } : null),
    }));
    const r = await runCli(['send', '--date', DATE], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('failed: gone@example.org: 550 5.1.1 No such user');
    expect(r.stdout).not.toContain('550 550');
  });

  it('--dry-run does not count who unsubscribed since as already having the issue', async () => {
    const { env } = await workspace(['ann@example.org', 'bob@example.org'], await smtp());
    expect((await runCli(['send', '--date', DATE], env)).code).toBe(0);
    expect((await runCli(['subscribers', 'remove', 'bob@example.org'], env)).code).toBe(0);
    expect((await runCli(['subscribers', 'add', 'cy@example.org', '--confirmed'], env)).code).toBe(0);
    const dry = await runCli(['send', '--date', DATE, '--dry-run', '--json'], env);
    expect(JSON.parse(dry.stdout)).toMatchObject({ recipients: 2, skipped: 1 });
    const human = await runCli(['send', '--date', DATE, '--dry-run'], env);
    expect(human.stdout).toMatch(/would go to 2 confirmed subscribers due now, 1 of whom already have it/);
    expect(human.stdout).toMatch(/about 1 message of [0-9.]+ KB,/);
    const real = await runCli(['send', '--date', DATE, '--json'], env);
    expect(JSON.parse(real.stdout)).toMatchObject({ sent: 1 });
  });

  it('a database that refuses writes mid-send: the error names it (not "a bug"), and a run record it cannot write does not hide it', async () => {
    const dir = tmpDir('gz-send-');
    sink = await startSink({ delayMs: 3 });
    const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: sink.url, SMTP_MAX_CONNECTIONS: '2' });
    const app = createApp({ env, logger: silentLogger });
    try {
      const rows = Array.from({ length: 60 }, (_, i) => ({ email: `r${i}@example.org`, status: 'confirmed' as const }));
      await app.subscribers().upsertMany(rows, { source: 'cli', reason: 'test' });
      const out = new PassThrough();
      const ctx = { io: { out, err: new PassThrough(), isTty: false }, setExitCode: () => {}, boot: () => app } as unknown as Parameters<typeof sendRecorded>[0];
      const watcher = setInterval(() => { if (sink!.received.length >= 10) { app.db().pragma('query_only = ON'); clearInterval(watcher); } }, 2);
      const err = await sendRecorded(ctx, app, renderedIssue('2026-11-22')).catch((e: unknown) => e);
      clearInterval(watcher);
      expect(isGazetteError(err, 'DATABASE'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(/SQLITE_READONLY/);
    } finally {
      await app.close();
    }
  });
});
