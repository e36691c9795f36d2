// `gazette preview`: the editor's live preview of the next issue, on
// 127.0.0.1, rebuilt and pushed to the open page on every change in content/
// or templates/. Runs until Ctrl-C (SIGINT) or SIGTERM.
import type { Command } from 'commander';
import { GazetteError } from '../errors.js';
import { startPreview } from '../preview/index.js';
import type { CliContext } from './context.js';
import { parseDate, parsePort, parseContentDir } from './options.js';

interface PreviewFlags {
  port?: number;
  content?: string;
  date?: string;
}

/** Registers `gazette preview`. */
export function registerPreview(program: Command, ctx: CliContext): void {
  program
    .command('preview')
    .description("the editor's live preview of the next issue: a local page that updates on every change in content/ or templates/")
    .option('--port <N>', 'port on 127.0.0.1 (default: PORT plus one, 8081; 0 picks a free one)', parsePort)
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)', parseContentDir)
    .option('--date <YYYY-MM-DD>', 'issue date (default: the next issue not yet sent)', parseDate)
    .action(async (flags: PreviewFlags) => {
      const app = ctx.boot({ contentDir: flags.content }, { quiet: true });
      const port = flags.port ?? Math.min(app.config.port + 1, 65535);
      let preview;
      try {
        preview = await startPreview(app, { port, contentDir: flags.content, date: flags.date });
      } catch (err) {
        await app.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new GazetteError('INPUT', `Port ${port} on 127.0.0.1 is already in use; pass --port N (or --port 0 for any free one).`, { cause: err });
        }
        throw err;
      }
      const { state } = preview.session;
      ctx.io.out.write(`Preview of the issue of ${state.issue?.date ?? '(not built)'} at ${preview.url}\n`);
      ctx.io.out.write(`Watching ${preview.contentDir} and ${preview.templatesDir}; press Ctrl-C to stop.\n`);
      if (state.error) ctx.io.err.write(`warning: the issue does not build yet: ${state.error}\n`);
      await untilSignal();
      await preview.close();
      await app.close();
    });
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
