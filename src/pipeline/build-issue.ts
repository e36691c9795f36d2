// The pipeline: gather -> clean -> select -> cluster -> summarize -> render,
// then the issue is written to out/<date>/ and kept in the database. This is
// the one module that chains the stages; each stage only knows its own input.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Source } from '../gather/index.js';
import type { Dropped } from '../clean/index.js';
import { readArticles } from './read-articles.js';
import { clusterStories } from '../cluster/index.js';
import { summarizeStory, type Summarizer, type SummaryBudget } from '../summarize/index.js';
import { personalize, renderIssue } from '../render/index.js';
import type { IssueStore, StoredIssue } from '../store/issues.js';
import type { Article, Problem, SummarizedStory } from '../types.js';

export interface BuildParts {
  sources: readonly Source[];
  summarizer: Summarizer;
  issues: IssueStore;
  clock: Clock;
  logger: Logger;
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
  /** The stories with their articles' full cleaned text (for the preview). */
  stories: SummarizedStory[];
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
    return { stored: frozen, stories: [], problems: [], dropped: [], reused: true, dir };
  }

  const read = await readArticles({
    sources: parts.sources,
    alreadyIncluded: await parts.issues.includedBefore(settings.date),
    now: parts.clock.now(),
    maxAgeDays: settings.maxAgeDays,
    logger: parts.logger,
  });
  const { articles: fresh, problems, dropped } = read;
  const stories = clusterStories(fresh).slice(0, settings.maxStories);
  const summarized: SummarizedStory[] = [];
  for (const story of stories) summarized.push(await summarizeStory(story, parts.summarizer, settings.budget));

  const rendered = await renderIssue(summarized, {
    date: settings.date,
    listName: settings.listName,
    publicUrl: settings.publicUrl,
    templatesDir: settings.templatesDir,
    articleCount: summarized.reduce((n, s) => n + s.articles.length, 0),
  });
  const articleIds = summarized.flatMap((s) => s.articles.map((a: Article) => a.id));
  if (settings.persist === false) {
    const stored: StoredIssue = { ...rendered, builtAt: parts.clock.now().toISOString(), frozenAt: null };
    return { stored, stories: summarized, problems, dropped, reused: false, dir };
  }
  const stored = await parts.issues.save(rendered, articleIds, parts.clock.now());
  await writeIssueFiles(dir, stored, settings.publicUrl);
  parts.logger.info({ date: settings.date, stories: summarized.length, articles: articleIds.length, htmlBytes: rendered.issue.htmlBytes }, 'issue built');
  return { stored, stories: summarized, problems, dropped, reused: false, dir };
}

/**
 * Writes email.html, email.txt and issue.json. The files are for reading and
 * previewing, so the personal fields hold a sample recipient's values.
 */
export async function writeIssueFiles(dir: string, issue: StoredIssue, publicUrl: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const sample = { email: 'subscriber@example.com', unsubscribeUrl: `${publicUrl.replace(/\/+$/, '')}/unsubscribe` };
  await writeAtomically(join(dir, 'email.html'), personalize(issue.html, sample, { html: true }));
  await writeAtomically(join(dir, 'email.txt'), personalize(issue.text, sample, { html: false }));
  await writeAtomically(join(dir, 'issue.json'), JSON.stringify(issue.issue, null, 2) + '\n');
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
