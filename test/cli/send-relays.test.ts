// `gazette send` and `gazette status` with SMTP_URL listing two relays (real
// smtp-server sinks on 127.0.0.1): the report and status count each relay, by
// host:port, never with its password.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli, spawnGazette } from '../helpers/cli.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';

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

describe('gazette send through several relays', () => {
  let sinks: Sink[] = [];
  afterEach(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    sinks = [];
  });

  it('counts each relay in the report, the text and status, naming relays without their passwords', async () => {
    sinks = await Promise.all([startSink({ auth: { user: 'news', pass: 's3cret' } }), startSink()]);
    const [a, b] = sinks as [Sink, Sink];
    const dir = tmpDir('gz-send-relays-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
    const env = isolatedEnv(dir, {
      MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_RETRY_DELAY_MS: '5', SMTP_RETRIES: '2',
      SMTP_URL: `${a.url}?pool=2,${b.url}?pool=1`,
    });
    const emails = Array.from({ length: 12 }, (_, i) => `reader${i + 1}@example.org`);
    for (const email of emails) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);

    const r = await runCli(['send', '--date', DATE, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sent).toBe(12);
    const names = [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`];
    expect(report.relays).toEqual({
      ...(a.received.length ? { [names[0]!]: { sent: a.received.length, failed: 0 } } : {}),
      ...(b.received.length ? { [names[1]!]: { sent: b.received.length, failed: 0 } } : {}),
    });
    expect(a.received.length + b.received.length).toBe(12);
    expect(r.stdout + r.stderr).not.toContain('s3cret');

    const status = await runCli(['status', '--json'], env);
    const delivery = JSON.parse(status.stdout).deliveries.find((d: { issue: string }) => d.issue === DATE);
    expect(delivery.relays).toEqual(report.relays);
    const text = await runCli(['status'], env);
    for (const [name, c] of Object.entries(report.relays as Record<string, { sent: number }>)) expect(text.stdout).toContain(`relay ${name}: ${c.sent} sent, 0 failed`);
    expect(text.stdout).not.toContain('s3cret');

    // Delivered once: a second send through the same relays sends nothing.
    const again = await runCli(['send', '--date', DATE], env);
    expect(again.code).toBe(0);
    expect(a.received.length + b.received.length).toBe(12);
  });

  it('Ctrl-C while a message waits for the relay\'s hourly allowance stops the send at once; the next run sends the rest, nobody twice', async () => {
    sinks = [await startSink()];
    const [sink] = sinks as [Sink];
    const dir = tmpDir('gz-send-hourly-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
    const base = { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_RETRY_DELAY_MS: '5', SMTP_RETRIES: '2' };
    const env = isolatedEnv(dir, base);
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);

    // One message an hour: the first goes, the second waits for most of an hour.
    const child = spawnGazette(['send', '--date', DATE], { ...env, SMTP_URL: `${sink.url}?hourly=1` });
    while (sink.received.length < 1) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    child.proc.kill('SIGINT');
    // Without the stop reaching the rate limiter this would wait out the hour (and the test its time limit).
    const exit = await child.exit;
    expect(exit.signal).toBeNull();
    expect(sink.received).toHaveLength(1);

    const again = await runCli(['send', '--date', DATE, '--json'], { ...env, SMTP_URL: sink.url });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 2, skipped: 1 });
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
  }, 60_000);
});
