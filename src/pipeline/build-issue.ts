// The pipeline: gather -> clean -> select -> cluster -> summarize -> render,
// then the issue is written to out/<date>/ and kept in the database. This is
// the one module that chains the stages; each stage only knows its own input.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Source } from '../gather/index.js';
import type { Dropped } from '../clean/index.js';
import { readArticles } from './read-articles.js';
import { capStories } from './cap-stories.js';
import { summarizeStory, type Summarizer, type SummaryBudget } from '../summarize/index.js';
import { arrangeStories, PLAN_WARNING } from '../arrange/index.js';
import { readIssueFile } from '../gather/issue-file.js';
import { personalize, renderIssue } from '../render/index.js';
import type { IssueStore, StoredIssue } from '../store/issues.js';
import type { ArrangedStory, Article, IssuePlan, Problem } from '../types.js';

export interface BuildParts {
  sources: readonly Source[];
  summarizer: Summarizer;
  issues: IssueStore;
  clock: Clock;
  logger: Logger;
  /** The content folder, whose issue.md (when there is one) arranges the issue; read afresh on every build. */
  contentDir?: string;
}

export interface BuildSettings {
  date: string;
  templatesDir: string;
  outDir: string;
  listName: string;
  publicUrl: string;
  budget: SummaryBudget;
  maxStories: number;
  maxAgeDays: number;
  /** False builds in memory only (the editor's preview): nothing saved to the issues table, no files written. Default true. */
  persist?: boolean;
}

export interface BuiltIssue {
  stored: StoredIssue;
  /** The stories in the order shown, with their section and the editor's summary, and their articles' full cleaned text (for the preview). */
  stories: ArrangedStory[];
  /** The editor's plan the issue was built with (null without content/issue.md). */
  plan: IssuePlan | null;
  problems: Problem[];
  /** Every input or item left out of the issue, and why (the sources' problems among them). */
  dropped: Dropped[];
  /** True when the issue was already being delivered and was reused, not rebuilt. */
  reused: boolean;
  /** Where the files were written. */
  dir: string;
}

/** Builds the issue of `settings.date` (or reuses it once delivery began) and writes out/<date>/. */
export async function buildIssue(parts: BuildParts, settings: BuildSettings): Promise<BuiltIssue> {
  const dir = join(settings.outDir, settings.date);
  const frozen = await parts.issues.get(settings.date);
  if (frozen?.frozenAt) {
    parts.logger.info({ date: settings.date }, 'issue already being delivered: reusing the stored issue');
    if (settings.persist !== false) await writeIssueFiles(dir, frozen, settings.publicUrl);
    return { stored: frozen, stories: [], plan: null, problems: [], dropped: [], reused: true, dir };
  }
  // Read before the sources: a broken issue.md stops the build at once, like a broken template.
  const planProblems: Problem[] = [];
  const plan = parts.contentDir ? planFor(parts.contentDir, settings.date, planProblems) : null;

  const read = await readArticles({
    sources: parts.sources,
    alreadyIncluded: await parts.issues.includedBefore(settings.date),
    now: parts.clock.now(),
    maxAgeDays: settings.maxAgeDays,
    logger: parts.logger,
  });
  const capped = capStories(read.articles, settings.maxStories);
  const stories = capped.stories;
  const dropped = [...read.dropped, ...capped.dropped];
  const unarranged = [];
  for (const story of stories) unarranged.push(await summarizeStory(story, parts.summarizer, settings.budget));
  const arrangement = arrangeStories(unarranged, plan);
  const summarized = arrangement.stories;
  const problems = [...read.problems, ...planProblems, ...arrangement.problems];
  for (const p of [...planProblems, ...arrangement.problems]) parts.logger.warn({ where: p.where, code: p.code }, p.message);

  const rendered = await renderIssue(unarranged, {
    date: settings.date,
    listName: settings.listName,
    publicUrl: settings.publicUrl,
    templatesDir: settings.templatesDir,
    articleCount: summarized.reduce((n, s) => n + s.articles.length, 0),
    plan,
    arrangement,
  });
  const articleIds = summarized.flatMap((s) => s.articles.map((a: Article) => a.id));
  if (settings.persist === false) {
    const stored: StoredIssue = { ...rendered, builtAt: parts.clock.now().toISOString(), frozenAt: null };
    return { stored, stories: summarized, plan, problems, dropped, reused: false, dir };
  }
  const stored = await parts.issues.save(rendered, articleIds, parts.clock.now());
  await writeIssueFiles(dir, stored, settings.publicUrl);
  parts.logger.info({ date: settings.date, stories: summarized.length, articles: articleIds.length, htmlBytes: rendered.issue.htmlBytes }, 'issue built');
  return { stored, stories: summarized, plan, problems, dropped, reused: false, dir };
}

/**
 * The plan of content/issue.md for the issue of `date`. A plan written for
 * another day (`date:`) keeps its sections, but its subject and intro are
 * yesterday's news: they are left out, with a warning saying so.
 */
function planFor(contentDir: string, date: string, problems: Problem[]): IssuePlan | null {
  const rel = relative(process.cwd(), resolve(contentDir, 'issue.md'));
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(contentDir, 'issue.md');
  const read = readIssueFile(contentDir, shown);
  if (!read) return null;
  if (!read.date || read.date === date) return read.plan;
  if (read.plan.subject || read.plan.intro.length) {
    problems.push({ where: shown, code: PLAN_WARNING, message: `dated ${read.date}, not ${date}: its subject and intro are left out of this issue; update or remove \`date:\`` });
  }
  const { subject: _subject, ...rest } = read.plan;
  return { ...rest, intro: [] };
}

/**
 * Writes email.html, email.txt and issue.json. The files are for reading and
 * previewing, so the personal fields hold a sample recipient's values.
 */
export async function writeIssueFiles(dir: string, issue: StoredIssue, publicUrl: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const base = publicUrl.replace(/\/+$/, '');
  const sample = { email: 'subscriber@example.com', unsubscribeUrl: `${base}/unsubscribe`, preferencesUrl: `${base}/preferences` };
  await writeAtomically(join(dir, 'email.html'), personalize(issue.html, sample, { html: true }));
  await writeAtomically(join(dir, 'email.txt'), personalize(issue.text, sample, { html: false }));
  await writeAtomically(join(dir, 'issue.json'), JSON.stringify(issue.issue, null, 2) + '\n');
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
