// `gazette start` (what `npm start` runs): the main job on embedded defaults.
// Today: build the issue. Delivery to the sample subscribers joins it when the
// delivery stage lands.
import type { Command } from 'commander';
import { buildIssue } from '../pipeline/build-issue.js';
import type { CliContext } from './context.js';
import { printBuilt, reportProblems } from './build.js';

/** Registers `gazette start`. */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('the main job: build today\'s issue from content/ and deliver it (npm start)')
    .option('--content <dir>', 'content folder')
    .action(async (flags: { content?: string }) => {
      const app = ctx.boot({ contentDir: flags.content }, { quiet: true });
      try {
        const built = await buildIssue(app.buildParts(), app.buildSettings());
        reportProblems(ctx.io, built);
        printBuilt(ctx.io, built, app);
      } finally {
        await app.close();
      }
    });
}
