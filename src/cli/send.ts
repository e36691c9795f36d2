// `gazette send`: delivers the issue to every confirmed subscriber
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette send`. */
export function registerSend(program: Command, _ctx: CliContext): void {
  program
    .command('send')
    .description('delivers the issue to every confirmed subscriber')
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette send` is not available yet.');
    });
}
