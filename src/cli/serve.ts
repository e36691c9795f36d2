// `gazette serve`: the public HTTP service
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette serve`. */
export function registerServe(program: Command, _ctx: CliContext): void {
  program
    .command('serve')
    .description('the public HTTP service')
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette serve` is not available yet.');
    });
}
