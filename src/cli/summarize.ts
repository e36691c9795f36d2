// `gazette summarize`: summarizes article files
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette summarize`. */
export function registerSummarize(program: Command, _ctx: CliContext): void {
  program
    .command('summarize')
    .description('summarizes article files')
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette summarize` is not available yet.');
    });
}
