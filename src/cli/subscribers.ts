// `gazette subscribers`: manages the subscriber list
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette subscribers`. */
export function registerSubscribers(program: Command, _ctx: CliContext): void {
  program
    .command('subscribers')
    .description('manages the subscriber list')
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette subscribers` is not available yet.');
    });
}
