// The command line: one file per command, registered here. Errors meant for the
// user (GazetteError) print as one message on stderr; anything else prints its
// stack, since it is a bug. Both exit non-zero.
//
// Start-up: a command's module (and the app, which pulls in every stage) is
// imported only when that command runs. `gazette --help` lists the commands
// from the table below without loading any of them; a test keeps each summary
// equal to the description the command's own file registers.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { AppOptions } from '../app.js';
import { isGazetteError, ErrorCodes } from '../errors.js';
import type { CliContext, Io } from './context.js';

type Register = (program: Command, ctx: CliContext) => void;

/** A command: its name, the summary `--help` lists, and how to load it. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'start', summary: "the main job: build today's issue from content/ and deliver it (npm start)", load: async () => (await import('./start.js')).registerStart },
  { name: 'build', summary: 'build the issue without sending: writes out/<date>/email.html, email.txt and issue.json', load: async () => (await import('./build.js')).registerBuild },
  { name: 'summarize', summary: 'summarize article files (.md, .txt, .html): a few whole sentences from each; with --story, one summary per folder', load: async () => (await import('./summarize.js')).registerSummarize },
  { name: 'send', summary: 'build (or reuse) the issue and deliver it to every confirmed subscriber, exactly once', load: async () => (await import('./send.js')).registerSend },
  { name: 'subscribers', summary: 'manage the subscriber list: add, import, list, show, remove, restore, export', load: async () => (await import('./subscribers.js')).registerSubscribers },
  { name: 'serve', summary: 'the public HTTP service: subscribe with double opt-in, one-click unsubscribe, preferences, archive of past issues and their feed, health', load: async () => (await import('./serve.js')).registerServe },
  { name: 'preview', summary: "the editor's live preview of the next issue: a local page that updates on every change in content/ or templates/", load: async () => (await import('./preview.js')).registerPreview },
  { name: 'status', summary: 'recent runs (issue, sent, skipped, failed, duration) and the next scheduled one', load: async () => (await import('./status.js')).registerStatus },
  { name: 'articles', summary: 'list every article the next build will use, as cleaned, and every input or item left out, with why', load: async () => (await import('./articles.js')).registerArticles },
  { name: 'db', summary: 'the database: migrate, status, and copy a SQLite database into PostgreSQL', load: async () => (await import('./db.js')).registerDb },
  { name: 'bounces', summary: 'act on returned mail: bounces (DSN), complaints (ARF) and unsubscribes by mail, from saved messages or as an SMTP listener', load: async () => (await import('./bounces.js')).registerBounces },
  { name: 'check-domain', summary: "check the sender's domain: SPF, DKIM (for DKIM_SELECTOR) and DMARC, with the DNS records to add", load: async () => (await import('./check-domain.js')).registerCheckDomain },
  { name: 'run', summary: 'the scheduler: builds and sends the issue on GAZETTE_SCHEDULE in GAZETTE_TZ until stopped (SIGTERM/SIGINT)', load: async () => (await import('./run.js')).registerRun },
];

export interface MainOptions {
  io?: Partial<Io>;
  /** Overrides the environment (tests pass their own). */
  env?: AppOptions['env'];
  logger?: AppOptions['logger'];
  clock?: AppOptions['clock'];
}

/** The version in package.json (two folders up from src/cli/ and from dist/cli/ alike). */
export function gazetteVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The command `argv` names (`help send` names send), or undefined. */
function commandNamed(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/** Runs the CLI with raw arguments (without node and the script); resolves to the exit code. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io: Io = {
    out: options.io?.out ?? process.stdout,
    err: options.io?.err ?? process.stderr,
    isTty: options.io?.isTty ?? Boolean((process.stdout as { isTTY?: boolean }).isTTY),
  };
  let exitCode = 0;
  const entry = commandNamed(argv);
  // Loaded only for a command that runs: `--help` and `--version` stay cheap.
  const createApp = entry ? (await import('../app.js')).createApp : undefined;
  const ctx: CliContext = {
    io,
    boot: (flags, bootOptions) => {
      if (!createApp) throw new Error('boot() called outside a command');
      return createApp({
        flags, env: options.env, logger: options.logger, clock: bootOptions?.clock ?? options.clock, quiet: bootOptions?.quiet,
        database: bootOptions?.database ?? 'create',
        // Told to a person at a terminal (scripts and tests keep a clean stderr); the log has it too.
        onDatabaseCreated: (path) => { if (io.isTty) io.err.write(`gazette: created a new database at ${path}\n`); },
        onWarning: (line) => { io.err.write(`gazette: warning: ${line}\n`); },
      });
    },
    setExitCode: (code) => { exitCode = code; },
  };
  const program = new Command('gazette')
    .description('Turns curated articles into a daily email digest.')
    .version(gazetteVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  if (entry) {
    (await entry.load())(program, ctx);
  } else {
    // Only the list of commands is needed (for --help or an unknown command).
    for (const c of COMMANDS) program.command(c.name).description(c.summary);
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
