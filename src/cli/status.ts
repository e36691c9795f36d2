// `gazette status`: recent runs and the next scheduled one
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette status`. */
export function registerStatus(program: Command, _ctx: CliContext): void {
  program
    .command('status')
    .description('recent runs and the next scheduled one')
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette status` is not available yet.');
    });
}
