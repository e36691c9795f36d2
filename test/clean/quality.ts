// The figures of the clean stage on shared real-world data (../shared):
// - pages: token F1 of the cleaned text (extracted, then cleaned, as a build
//   reads an .html file) against the reader view's expected article, and
//   whether the title is the expected one;
// - leave-alone: sets of clean news bodies (news-events, BBC, ECB+, CNN) that
//   carry no furniture, so the share of words cleaning removes should be ~0,
//   with the rules that fired anyway.
// Used by quality.test.ts (thresholds) and bench/clean.ts (prints them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanArticle } from '../../src/clean/index.js';
import { removeSiteBoilerplate } from '../../src/clean/boilerplate.js';
import { readArticleFile } from '../../src/gather/content-folder.js';
import type { Article } from '../../src/types.js';
import { sharedPath } from '../helpers/shared.js';
import { overlap, referenceText, tokenF1, tokens } from '../helpers/token-f1.js';

export interface PageScore {
  name: string;
  f1: number;
  titleRight: boolean;
  title: string;
  expectedTitle: string | null;
}

const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Every shared page, read and cleaned through the real file reader. */
export async function scorePages(dir = sharedPath('data', 'pages')): Promise<PageScore[]> {
  const names = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'source.html'))).sort();
  const scores: PageScore[] = [];
  for (const name of names) {
    const a = cleanArticle(await readArticleFile(join(dir, name, 'source.html')));
    const want = tokens(referenceText(readFileSync(join(dir, name, 'expected.html'), 'utf8')));
    const meta = JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8')) as { title?: string | null };
    scores.push({ name, f1: tokenF1(tokens(a.text), want), titleRight: squash(a.title) === squash(meta.title), title: a.title, expectedTitle: meta.title ?? null });
  }
  return scores;
}

export interface LeaveAloneFigure {
  set: string;
  articles: number;
  /** Words (tokens) of the bodies cleaning removed, over all words. */
  removedShare: number;
  /** Articles that lost any word. */
  touched: number;
  /** How many times each rule fired over the set. */
  rules: Record<string, number>;
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

const item = (title: string, text: string, outlet: string, i: number): Article =>
  ({ id: `x${i}`, title, url: null, outlet, published: null, text, source: `${outlet}#${i}`, tags: [] });

/** The clean news sets, as articles: a title and its body, the way a build reads them. */
export function leaveAloneSets(): Record<string, Article[]> {
  const sets: Record<string, Article[]> = {};
  const news = sharedPath('data', 'news-events', 'articles.jsonl');
  if (existsSync(news)) sets['news-events'] = jsonl<{ title: string; text: string; source_domain: string }>(news).map((r, i) => item(r.title, r.text, r.source_domain, i));
  const bbc = sharedPath('data', 'bbc-news-summary', 'articles');
  if (existsSync(bbc)) {
    sets.bbc = readdirSync(bbc).sort().flatMap((cat) => readdirSync(join(bbc, cat)).sort().map((f) => {
      // Line 1 is the headline, as in a scraped .txt file.
      const [title, ...rest] = readFileSync(join(bbc, cat, f), 'latin1').split('\n');
      return item(title!.trim(), rest.join('\n'), 'BBC', sets.bbc?.length ?? 0);
    }));
  }
  const ecb = sharedPath('data', 'ecbplus', 'ecbplus_docs.jsonl');
  if (existsSync(ecb)) {
    sets['ecb+'] = jsonl<{ text: string }>(ecb).map((r, i) => {
      const [title, ...rest] = r.text.split('\n');
      return item(title!, rest.join('\n'), 'ECB+', i);
    }).filter((a) => a.text.trim() !== '');
  }
  const cnn = sharedPath('data', 'cnndm-dev', 'articles.jsonl');
  if (existsSync(cnn)) sets['cnndm-dev'] = jsonl<{ title: string; text: string }>(cnn).map((r, i) => item(r.title, r.text, 'CNN', i));
  return sets;
}

/** Cleans each set (each article, then the site-wide blocks across the set) and measures what it lost. */
export function scoreLeaveAlone(sets = leaveAloneSets()): LeaveAloneFigure[] {
  return Object.entries(sets).map(([set, articles]) => {
    let all = 0;
    let kept = 0;
    let touched = 0;
    const rules: Record<string, number> = {};
    // ECB+ has no outlets here (all one "site"), which makes its site-wide check stricter than real use.
    const cleaned = removeSiteBoilerplate(articles.map(cleanArticle));
    articles.forEach((a, i) => {
      const before = tokens(a.text);
      const after = cleaned[i]!;
      const left = overlap(tokens(after.text), before);
      all += before.length;
      kept += left;
      if (left < before.length) touched++;
      for (const [rule, n] of Object.entries(after.removed)) if (rule !== 'site-suffix') rules[rule] = (rules[rule] ?? 0) + n;
    });
    return { set, articles: articles.length, removedShare: all ? 1 - kept / all : 0, touched, rules };
  });
}
