// `gazette preview`: the editor's live preview of the next issue
// Placeholder until its issue lands: it says so instead of pretending.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import type { CliContext } from './context.js';

/** Registers `gazette preview`. */
export function registerPreview(program: Command, _ctx: CliContext): void {
  program
    .command('preview')
    .description("the editor's live preview of the next issue")
    .allowUnknownOption()
    .action(() => {
      throw new GazetteError('INPUT', '`gazette preview` is not available yet.');
    });
}
