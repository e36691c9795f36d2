// `gazette build`: builds the issue without sending it; with --week, the
// weekly edition of that ISO week from the daily issues already sent.
import type { Command } from 'commander';
import { relative } from 'node:path';
import { buildIssue, type BuiltIssue } from '../pipeline/build-issue.js';
import { buildWeeklyEdition } from '../editions/weekly.js';
import { editionKind } from '../editions/edition.js';
import { spanLabel } from '../render/issue-data.js';
import { GazetteError } from '../errors.js';
import type { App } from '../app.js';
import { isReadWarning } from '../pipeline/read-articles.js';
import { STORY_CUT } from '../pipeline/cap-stories.js';
import { count } from './plural.js';
import { type CliContext, type Io, printJson, println } from './context.js';
import { parseDate, parseWeek, parseContentDir } from './options.js';
import { checkIssueHtml, formatChecks, loadMjmlBaseline } from '../render/checks.js';

interface BuildFlags {
  date?: string;
  week?: string;
  content?: string;
  json?: boolean;
}

/** Registers `gazette build`. */
export function registerBuild(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('build the issue without sending: writes out/<date>/email.html, email.txt and issue.json')
    .option('--date <YYYY-MM-DD>', 'issue date (default: today in GAZETTE_TZ)', parseDate)
    .option('--week <YYYY-Www>', 'build the weekly edition of this ISO week from its sent daily issues instead (writes out/<week>/)', parseWeek)
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)', parseContentDir)
    .option('--json', 'print issue.json to stdout')
    .action(async (flags: BuildFlags) => {
      if (flags.date && flags.week) throw new GazetteError('INPUT', 'Give --date (a daily issue) or --week (a weekly edition), not both.');
      const app = ctx.boot({ contentDir: flags.content }, { quiet: true });
      try {
        const built = flags.week ? await buildWeekly(app, flags.week) : await buildIssue(app.buildParts(), app.buildSettings(flags.date));
        reportProblems(ctx.io, built);
        if (flags.json) printJson(ctx.io, built.stored.issue);
        else printBuilt(ctx.io, built);
        // Checks follow the summary; with --json they go to stderr so stdout stays pure issue.json.
        await printChecks(flags.json ? ctx.io.err : ctx.io.out, built);
      } finally {
        await app.close();
      }
    });
}

/** The weekly edition of `week`, with the daily issue's story limit and the list's names. */
async function buildWeekly(app: App, week: string): Promise<BuiltIssue> {
  const { issues, clock, logger } = app.buildParts();
  const { maxStories, templatesDir, outDir, listName, publicUrl } = app.buildSettings();
  return buildWeeklyEdition({ issues, clock, logger }, { week, maxStories, templatesDir, outDir, listName, publicUrl });
}

/** Lists skipped inputs, and inputs read with a warning, on stderr, one line each, with what to do. */
export function reportProblems(io: Io, built: BuiltIssue): void {
  for (const p of built.problems) io.err.write(`warning: ${isReadWarning(p) ? '' : 'skipped '}${p.where}: ${p.message}\n`);
  for (const d of built.dropped) if (d.code === STORY_CUT) io.err.write(`left out ${d.where}: ${d.reason}\n`);
}

/** Prints the pre-flight checks (size, client support, alt text, links, hidden text), one line each. */
export async function printChecks(out: NodeJS.WritableStream, built: BuiltIssue): Promise<void> {
  const expected = await loadMjmlBaseline();
  for (const line of formatChecks(checkIssueHtml(built.stored.html, { expected }))) out.write(`${line}\n`);
}

/** The human summary of a build. */
export function printBuilt(io: Io, built: BuiltIssue, options: { settled?: boolean } = {}): void {
  const { issue } = built.stored;
  if (editionKind(issue.date) === 'weekly') return printWeekly(io, built);
  const counts = `${count(issue.stories.length, 'story', 'stories')} from ${count(issue.articleCount, 'article')}`;
  // Warnings (a feed read leniently, a section name that matches none) left nothing out: only skipped inputs are counted.
  const skipped = built.problems.filter((p) => !isReadWarning(p)).length;
  const cut = built.dropped.filter((d) => d.code === STORY_CUT).length;
  const notes = [skipped ? `${count(skipped, 'input')} skipped` : '', cut ? `${count(cut, 'article')} of stories over GAZETTE_MAX_STORIES left out, listed above` : ''].filter(Boolean);
  // `settled`: nobody is owed a copy any more, so it is not "being" delivered.
  if (built.reused) println(io, `The issue of ${issue.date} (${counts}) is already ${options.settled ? 'delivered' : 'being delivered'}, so it was reused as it is, not rebuilt.`);
  else println(io, `Built the issue of ${issue.date}: ${counts}${notes.length ? ` (${notes.join('; ')})` : ''}.`);
  printShape(io, built);
}

/** Subject, sections and files: the lines a daily issue and a weekly edition share. */
function printShape(io: Io, built: BuiltIssue): void {
  const { issue } = built.stored;
  const where = relative(process.cwd(), built.dir) || built.dir;
  println(io, `  subject: ${issue.subject}`);
  if (issue.sections) {
    const sizes = issue.sections.map((name) => `${name} (${issue.stories.filter((s) => s.section === name).length})`);
    println(io, `  sections: ${sizes.join(', ')}`);
  }
  println(io, `  wrote ${where}/email.html (${(issue.htmlBytes / 1024).toFixed(1)} KB), email.txt, issue.json`);
}

/** The human summary of a weekly edition's build. */
function printWeekly(io: Io, built: BuiltIssue): void {
  const { issue } = built.stored;
  const what = `the weekly edition of ${issue.date} (${spanLabel(issue.date)})`;
  const counts = `${count(issue.stories.length, 'story', 'stories')} from ${count(issue.articleCount, 'source')}`;
  if (built.reused) println(io, `${what[0]!.toUpperCase()}${what.slice(1)}, ${counts}, is already being delivered, so it was reused as it is, not rebuilt.`);
  else if (issue.stories.length === 0) println(io, `Built ${what}: no daily issue of that week was sent, so it has no stories.`);
  else println(io, `Built ${what}: ${counts}.`);
  printShape(io, built);
}
