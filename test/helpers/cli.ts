// Runs the CLI in-process with raw arguments, as a user types them, and
// captures what it prints.
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
