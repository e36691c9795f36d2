// What every command file gets: where to print, and how to build the app from
// its flags. Commands stay thin: parse, call the app, print.
import type { App, AppOptions } from '../app.js';

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** True when stdout is a terminal (progress bars instead of log lines). */
  isTty: boolean;
}

export interface CliContext {
  io: Io;
  /** Builds the app with these command-line values layered over the environment. */
  boot(flags?: AppOptions['flags'], options?: { quiet?: boolean; database?: AppOptions['database']; clock?: AppOptions['clock'] }): App;
  /** Sets the process exit code without throwing (for "done, with failures"). */
  setExitCode(code: number): void;
}

/**
 * Boots the app quietly (the command prints its own account), runs `work`
 * with it and closes it, whatever happens. `database: 'existing'` for commands
 * that only read, so a mistyped DATABASE_URL never creates an empty database.
 */
export async function withQuietApp(ctx: CliContext, work: (app: App) => Promise<void>, database: 'create' | 'existing' = 'create'): Promise<void> {
  const app = ctx.boot({}, { quiet: true, database });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

/** Prints a line to stdout. */
export function println(io: Io, text = ''): void {
  io.out.write(text + '\n');
}

/** Prints JSON to stdout, two-space indented. */
export function printJson(io: Io, value: unknown): void {
  io.out.write(JSON.stringify(value, null, 2) + '\n');
}
