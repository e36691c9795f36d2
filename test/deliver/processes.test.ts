// Exactly once across processes: a sender killed mid-way (SIGKILL) and run
// again, and two senders at once, each a real child process on one SQLite file.
import { spawn, type ChildProcess } from 'node:child_process';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { fixture, type Fixture } from './helpers/fixture.js';
import { startSink, type Sink } from './helpers/smtp-sink.js';

const CHILD = new URL('./helpers/send-child.ts', import.meta.url).pathname;

function sender(dbPath: string, url: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Message-IDs received per recipient. */
async function idsByRecipient(sink: Sink): Promise<Map<string, string[]>> {
  const byRecipient = new Map<string, string[]>();
  for (const m of sink.received) {
    const id = (await simpleParser(m.raw)).messageId!;
    byRecipient.set(m.to[0]!, [...(byRecipient.get(m.to[0]!) ?? []), id]);
  }
  return byRecipient;
}

describe('delivery across processes', () => {
  let fx: Fixture | undefined;
  let sink: Sink | undefined;
  afterEach(async () => {
    await sink?.close();
    fx?.cleanup();
    fx = sink = undefined;
  });

  it('resumes after the sender is killed mid-way and reaches everyone exactly once', async () => {
    fx = await fixture(60);
    sink = await startSink({ delayMs: 25 });
    const first = sender(fx.dbPath, sink.url);
    while (sink.received.length < 15) {
      const exited = await Promise.race([first.done, new Promise((r) => setTimeout(r, 20))]);
      if (exited) throw new Error(`the sender finished before it could be killed: ${JSON.stringify(exited)}`);
    }
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const beforeResume = sink.received.length;
    expect(beforeResume).toBeLessThan(60);

    const second = await sender(fx.dbPath, sink.url).done;
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({ recipients: 60, pending: 0, failed: [] });
    expect(report.sent + report.skipped).toBe(60);

    const byRecipient = await idsByRecipient(sink);
    expect(byRecipient.size).toBe(60);
    for (const ids of byRecipient.values()) expect(new Set(ids).size).toBe(1);
    // Only messages in flight at the kill (3 connections) may arrive twice, with the same Message-ID.
    expect(sink.received.length - 60).toBeLessThanOrEqual(3);
    expect(await openSendLedger(fx.engine).counts('2025-03-01')).toMatchObject({ sent: 60, sending: 0, queued: 0 });
  });

  it('two senders at once deliver each message once', async () => {
    fx = await fixture(60);
    sink = await startSink({ delayMs: 5 });
    const [a, b] = await Promise.all([sender(fx.dbPath, sink.url).done, sender(fx.dbPath, sink.url).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const [ra, rb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(ra.sent + rb.sent).toBe(60);
    expect(sink.received).toHaveLength(60);
    const byRecipient = await idsByRecipient(sink);
    expect(byRecipient.size).toBe(60);
    for (const ids of byRecipient.values()) expect(ids).toHaveLength(1);
  });
});
