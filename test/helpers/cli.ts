// Runs the CLI in-process with raw arguments, as a user types them, and
// captures what it prints; or as a real child process (`spawnGazette`) for
// tests that kill it or run several at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { silentLogger } from '../../src/log.js';
import type { Clock } from '../../src/clock.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gazette ...args` with `env` as the whole environment. */
export async function runCli(args: string[], env: Record<string, string | undefined>, options: { clock?: Clock } = {}): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => { stdout += c; });
  err.on('data', (c) => { stderr += c; });
  const code = await main(args, { io: { out, err, isTty: false }, env, logger: silentLogger, clock: options.clock });
  return { code, stdout, stderr };
}

/** An environment that keeps every file of a run inside `dir`. */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GAZETTE_CONTENT_DIR: `${dir}/content`,
    GAZETTE_OUT_DIR: `${dir}/out`,
    GAZETTE_DATA_DIR: `${dir}/data`,
    GAZETTE_OUTBOX_DIR: `${dir}/outbox`,
    DATABASE_URL: `sqlite:${dir}/data/gazette.db`,
    GAZETTE_TZ: 'UTC',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** A `gazette` child process, its output so far, and how it ended. */
export interface GazetteChild {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `bin/gazette.js ...args` as a child process with `env` (and PATH) as its whole environment. */
export function spawnGazette(args: string[], env: Record<string, string>): GazetteChild {
  const proc = spawn(process.execPath, [resolve('bin/gazette.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => { stdout += d; });
  proc.stderr!.on('data', (d) => { stderr += d; });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  return { proc, exit, out: () => stdout, err: () => stderr };
}
