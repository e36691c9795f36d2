// `gazette run` as operators run it: real child processes (bin/gazette.js),
// one SQLite file (or, for two schedulers, one PostgreSQL database), a real SMTP server on 127.0.0.1 that is slow to accept so a
// send is still going when the process is told to stop.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sqlite.js';
import { createRunStore, SqliteRunStore } from '../../src/store/runs.js';
import { ENGINE_KINDS, freshEngine } from '../helpers/engines.js';
import { hasPostgres } from '../helpers/postgres.js';
import { isolatedEnv, runCli, spawnGazette, type GazetteChild } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const SUBSCRIBERS = 30;
// Child processes start tsx and build an issue; on a busy two-core machine that takes a while.
const SLOW = 180_000;

interface Inbox { port: number; perRecipient: Map<string, number>; total(): number; close(): Promise<void> }

/** An SMTP server that waits `delayMs` before accepting each message, and counts what each recipient got. */
async function slowInbox(delayMs: number): Promise<Inbox> {
  const perRecipient = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => setTimeout(() => {
        for (const r of session.envelope.rcptTo) perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
        callback();
      }, delayMs));
    },
  });
  server.on('error', () => {});
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.server.address() as AddressInfo).port,
    perRecipient,
    total: () => [...perRecipient.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

type Child = GazetteChild;

const gazetteRun = (env: Record<string, string>): Child => spawnGazette(['run'], env);

/** Polls `ok` until it holds; fails with `what` and the child's output if a child exits first or it takes too long. */
async function until(ok: () => boolean, what: string, children: Child[], limitMs = 120_000): Promise<void> {
  const start = Date.now();
  let exited: Child | undefined;
  for (const c of children) void c.exit.then(() => { exited ??= c; });
  while (!ok()) {
    if (exited) throw new Error(`a gazette run exited while waiting for ${what}:\n${exited.out()}\n${exited.err().slice(-2000)}`);
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}:\n${children.map((c) => c.out() + c.err().slice(-2000)).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function workspace(smtpPort: number, extra: Record<string, string> = {}) {
  const dir = tmpDir();
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'bridge.md'), `---
title: The bridge reopens
outlet: River Post
url: https://riverpost.example/bridge
---
The Elm Street bridge reopened on Friday after eighteen months of repairs. Engineers replaced the steel deck. Cyclists get their own lane.
`);
  const csv = ['email,name,status', ...Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${String(i).padStart(2, '0')}@example.org,Reader ${i},confirmed`)].join('\n');
  writeFileSync(join(dir, 'list.csv'), csv + '\n');
  const env = isolatedEnv(dir, {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SMTP_MAX_CONNECTIONS: '2',
    // Every second: the run starts at once, and ticks keep coming while it sends.
    GAZETTE_SCHEDULE: '* * * * * *',
    GAZETTE_TZ: 'Europe/Paris',
    LOG_LEVEL: 'info',
    ...extra,
  });
  const imported = await runCli(['subscribers', 'import', join(dir, 'list.csv')], env);
  expect(imported.code, imported.stderr).toBe(0);
  return { dir, env };
}

describe('gazette run (child processes)', () => {
  let inbox: Inbox | undefined;
  const children: Child[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await inbox?.close();
    inbox = undefined;
  });

  it('stops on SIGTERM in the middle of a send, exits 0, and the restarted scheduler delivers the rest: everyone once', async () => {
    // Slow enough (30 messages over 5 connections take about 1.5 s) that the stop lands mid-way on a busy machine too.
    inbox = await slowInbox(250);
    const { dir, env } = await workspace(inbox.port);

    const first = gazetteRun(env);
    children.push(first);
    await until(() => inbox!.total() >= 5, 'the first messages', [first]);
    first.proc.kill('SIGTERM');
    const firstExit = await first.exit;
    expect(firstExit, first.err().slice(-2000)).toEqual({ code: 0, signal: null });
    expect(first.out()).toMatch(/^Gazette scheduler: GAZETTE_SCHEDULE "\* \* \* \* \* \*" in Europe\/Paris/);
    expect(first.out().match(/^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+0[12]:00\)$/gm)).toHaveLength(3);
    expect(first.out()).toContain('SIGTERM: stopping');
    const atStop = inbox.total();
    // The stop came mid-way: some readers were still waiting.
    expect(atStop).toBeLessThan(SUBSCRIBERS);

    const second = gazetteRun(env);
    children.push(second);
    await until(() => inbox!.total() >= SUBSCRIBERS && /: sent;/.test(second.out()), 'everyone to be reached', [second]);
    second.proc.kill('SIGINT');
    expect(await second.exit).toEqual({ code: 0, signal: null });

    expect(inbox.perRecipient.size).toBe(SUBSCRIBERS);
    expect([...inbox.perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const runs = new SqliteRunStore(openSqlite(join(dir, 'data', 'gazette.db')));
    const date = (await runs.recent(1))[0]!.issueDate;
    const history = await runs.forIssue(date);
    expect(history.map((r) => r.outcome)).toEqual(['interrupted', 'sent']);
    // The restarted process's delivery ticker resumes at once, beside the run of the issue:
    // the run counts what either of them delivered as sent or skipped, everyone once.
    expect(history[1]!.sent + history[1]!.skipped).toBe(SUBSCRIBERS);
    expect(history[1]!.skipped).toBeGreaterThanOrEqual(history[0]!.sent);
  }, SLOW);

  for (const kind of ENGINE_KINDS) it.runIf(kind === 'sqlite' || hasPostgres('gazette run, two schedulers'))(`two schedulers started together on one ${kind} database: one runs the issue, the other stands aside, everyone once`, async () => {
    inbox = await slowInbox(20);
    const db = await freshEngine(kind);
    const { env } = await workspace(inbox.port, { DATABASE_URL: db.url });
    const a = gazetteRun(env);
    const b = gazetteRun(env);
    children.push(a, b);
    await until(() => inbox!.total() >= SUBSCRIBERS && /: sent;/.test(a.out() + b.out()), 'everyone to be reached', [a, b]);
    // Give the other a few ticks to (wrongly) run the issue again.
    await new Promise((r) => setTimeout(r, 2_500));
    a.proc.kill('SIGTERM');
    b.proc.kill('SIGTERM');
    expect(await a.exit).toEqual({ code: 0, signal: null });
    expect(await b.exit).toEqual({ code: 0, signal: null });

    expect([...inbox.perRecipient.values()]).toEqual(Array(SUBSCRIBERS).fill(1));
    try {
      const runs = createRunStore(db.engine);
      const history = await runs.forIssue((await runs.recent(1))[0]!.issueDate);
      // Only one of them ran the issue: the other found it leased or settled.
      expect(history.map((r) => [r.outcome, r.sent])).toEqual([['sent', SUBSCRIBERS]]);
    } finally {
      await db.close();
    }
  }, SLOW);
});
