// `gazette summarize [--sentences N] [--json] FILE...`: summarizes article
// files of any format `build` reads, each on its own (no clustering). A file
// that cannot be read is reported on stderr with its path and reason; the
// others are still summarized, and the exit code says whether any failed.
// `gazette summarize --story DIR...`: each folder is one story (every article
// file in it), read, cleaned, ordered and titled the way `build` does, then
// summarized once: how one story's summary is measured on its own.
import { InvalidArgumentError, type Command } from 'commander';
import { cleanArticle, cleanArticles } from '../clean/index.js';
import { clusterStories } from '../cluster/index.js';
import { messageOf } from '../errors.js';
import { readArticleFile, readContentFolder } from '../gather/content-folder.js';
import { budgetFromConfig, createSummarizer, type Summarizer, type SummaryBudget } from '../summarize/index.js';
import type { Story } from '../types.js';
import { type CliContext, type Io, printJson, println } from './context.js';

interface SummarizeFlags {
  sentences?: number;
  json?: boolean;
  story?: boolean;
}

/** One summarized story folder, as `--story --json` prints it. */
export interface StorySummary {
  story: string;
  title: string;
  summary: string[];
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
    .description('summarize article files (.md, .txt, .html): a few whole sentences from each; with --story, one summary per folder')
    .argument('<files...>', 'article files, or with --story folders of one story each')
    .option('--sentences <n>', 'sentences per summary, 1 to 20 (default: GAZETTE_SUMMARY_SENTENCES, else 3)', parseSentences)
    .option('--json', 'print [{ "file", "title", "summary": ["sentence", ...] }] (with --story: [{ "story", "title", "summary" }])')
    .option('--story', 'each argument is a folder holding one story: all its article files are summarized together, as build would')
    .action(async (files: string[], flags: SummarizeFlags) => {
      const app = ctx.boot(flags.sentences ? { summarySentences: flags.sentences } : {}, { quiet: true });
      try {
        const summarizer = createSummarizer(app.config, app.logger);
        const budget = budgetFromConfig(app.config);
        if (flags.story) {
          const failed = await summarizeStories(ctx, files, summarizer, budget, flags.json === true);
          if (failed > 0) ctx.setExitCode(1);
          return;
        }
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

/** Summarizes each folder as one story; returns how many folders failed. */
async function summarizeStories(ctx: CliContext, dirs: string[], summarizer: Summarizer, budget: SummaryBudget, json: boolean): Promise<number> {
  const results: StorySummary[] = [];
  let failed = 0;
  for (const dir of dirs) {
    try {
      const story = await readStory(ctx, dir);
      const result = { story: dir, title: story.title, summary: await summarizer.summarize(story, budget) };
      results.push(result);
      if (!json) printSummary(ctx.io, { file: dir, title: result.title, summary: result.summary });
    } catch (err) {
      failed++;
      ctx.io.err.write(`gazette: ${dir}: ${storyReason(err)}\n`);
    }
  }
  if (json) printJson(ctx.io, results);
  return failed;
}

/**
 * A folder as one story, through build's own stages: the content-folder
 * reader, clean (which also merges exact duplicates), and the cluster stage
 * for the order of the articles and the story's headline. Should the cluster
 * stage split the folder, its groups are joined again, biggest first: the
 * folder says they are one story.
 */
async function readStory(ctx: CliContext, dir: string): Promise<Story> {
  const { articles, problems } = await readContentFolder(dir);
  for (const p of problems) {
    if (p.where === dir) throw Object.assign(new Error(p.message), { code: p.code });
    ctx.io.err.write(`gazette: ${p.where}: ${p.message}\n`);
  }
  const cleaned = cleanArticles(articles).filter((a) => a.text.trim() !== '');
  if (cleaned.length === 0) throw new Error('no article file with text in this folder; put .md, .txt or .html articles in it');
  const groups = clusterStories(cleaned);
  return { id: groups[0]!.id, title: groups[0]!.title, articles: groups.flatMap((g) => g.articles) };
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

/** Why a --story argument could not be read: the folder-shaped mistakes in words, else as for a file. */
function storyReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return 'this is a file, but --story takes folders (each holding the article files of one story); to summarize one file, run `gazette summarize FILE` without --story';
  if (code === 'ENOENT') return 'no such folder; check the path';
  return reason(err);
}

/** The readable form: the title, where it came from, then one sentence a line. */
function printSummary(io: Io, result: FileSummary): void {
  println(io, result.title);
  println(io, `  (${result.file})`);
  if (result.summary.length === 0) println(io, '  No whole sentence to quote: the text is too short or cut off.');
  for (const sentence of result.summary) println(io, `  ${sentence}`);
  println(io);
}
