// `gazette summarize [--sentences N] [--json] FILE...`: summarizes article
// files of any format `build` reads, each on its own (no clustering). A file
// that cannot be read is reported on stderr with its path and reason; the
// others are still summarized, and the exit code says whether any failed.
import { InvalidArgumentError, type Command } from 'commander';
import { cleanArticle } from '../clean/index.js';
import { messageOf } from '../errors.js';
import { readArticleFile } from '../gather/content-folder.js';
import { budgetFromConfig, createSummarizer } from '../summarize/index.js';
import { type CliContext, type Io, printJson, println } from './context.js';

interface SummarizeFlags {
  sentences?: number;
  json?: boolean;
}

/** One summarized file, as `--json` prints it. */
export interface FileSummary {
  file: string;
  title: string;
  summary: string[];
}

/** Registers `gazette summarize`. */
export function registerSummarize(program: Command, ctx: CliContext): void {
  program
    .command('summarize')
    .description('summarize article files (.md, .txt, .html): a few whole sentences from each')
    .argument('<files...>', 'article files')
    .option('--sentences <n>', 'sentences per summary, 1 to 20 (default: GAZETTE_SUMMARY_SENTENCES, else 3)', parseSentences)
    .option('--json', 'print [{ "file", "title", "summary": ["sentence", ...] }]')
    .action(async (files: string[], flags: SummarizeFlags) => {
      const app = ctx.boot(flags.sentences ? { summarySentences: flags.sentences } : {}, { quiet: true });
      try {
        const summarizer = createSummarizer(app.config, app.logger);
        const budget = budgetFromConfig(app.config);
        const results: FileSummary[] = [];
        let failed = 0;
        for (const file of files) {
          try {
            const article = cleanArticle(await readArticleFile(file));
            if (article.text.trim() === '') throw new Error('no article text is left once page furniture is removed');
            const summary = await summarizer.summarize({ id: article.id, title: article.title, articles: [article] }, budget);
            const result = { file, title: article.title, summary };
            results.push(result);
            if (!flags.json) printSummary(ctx.io, result);
          } catch (err) {
            failed++;
            ctx.io.err.write(`gazette: ${file}: ${reason(err)}\n`);
          }
        }
        if (flags.json) printJson(ctx.io, results);
        if (failed > 0) ctx.setExitCode(1);
      } finally {
        await app.close();
      }
    });
}

function parseSentences(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError(`"${value}" is not a whole number from 1 to 20.`);
  return n;
}

/** A file-system error in words, else the reader's own message. */
function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file; check the path';
  if (code === 'EISDIR') return 'this is a folder; pass the article files in it';
  if (code === 'EACCES') return 'permission denied; check the file can be read';
  return messageOf(err);
}

/** The readable form: the title, where it came from, then one sentence a line. */
function printSummary(io: Io, result: FileSummary): void {
  println(io, result.title);
  println(io, `  (${result.file})`);
  if (result.summary.length === 0) println(io, '  No whole sentence to quote: the text is too short or cut off.');
  for (const sentence of result.summary) println(io, `  ${sentence}`);
  println(io);
}
