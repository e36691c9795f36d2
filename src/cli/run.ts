// `gazette run`: the scheduler
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette run`. */
export function registerRun(program: Command, _ctx: CliContext): void {
  program
    .command('run')
    .description('the scheduler')
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette run` is not available yet.');
    });
}
