// The command line: one file per command, registered here. Errors meant for the
// user (GazetteError) print as one message on stderr; anything else prints its
// stack, since it is a bug. Both exit non-zero.
import { Command, CommanderError } from 'commander';
import { createApp, type AppOptions } from '../app.js';
import { isGazetteError, ErrorCodes } from '../errors.js';
import type { CliContext, Io } from './context.js';
import { registerBuild } from './build.js';
import { registerStart } from './start.js';
import { registerSummarize } from './summarize.js';
import { registerSubscribers } from './subscribers.js';
import { registerSend } from './send.js';
import { registerServe } from './serve.js';
import { registerPreview } from './preview.js';
import { registerStatus } from './status.js';
import { registerRun } from './run.js';
import { registerArticles } from './articles.js';

export interface MainOptions {
  io?: Partial<Io>;
  /** Overrides the environment (tests pass their own). */
  env?: AppOptions['env'];
  logger?: AppOptions['logger'];
  clock?: AppOptions['clock'];
}

/** Runs the CLI with raw arguments (without node and the script); resolves to the exit code. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io: Io = {
    out: options.io?.out ?? process.stdout,
    err: options.io?.err ?? process.stderr,
    isTty: options.io?.isTty ?? Boolean((process.stdout as { isTTY?: boolean }).isTTY),
  };
  let exitCode = 0;
  const ctx: CliContext = {
    io,
    boot: (flags, bootOptions) => createApp({ flags, env: options.env, logger: options.logger, clock: options.clock, quiet: bootOptions?.quiet }),
    setExitCode: (code) => { exitCode = code; },
  };
  const program = new Command('gazette')
    .description('Turns curated articles into a daily email digest.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of [registerStart, registerBuild, registerSummarize, registerSend, registerSubscribers, registerServe, registerPreview, registerStatus, registerRun, registerArticles]) {
    register(program, ctx);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode;
    }
    if (isGazetteError(err)) {
      io.err.write(`gazette: ${ErrorCodes[err.code]}: ${err.message}\n`);
      return 1;
    }
    io.err.write(`gazette: unexpected error (a bug; please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
