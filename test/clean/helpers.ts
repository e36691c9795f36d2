// Reads a fixture through the real content-folder reader and cleans it, as a build would.
import { resolve } from 'node:path';
import { cleanArticle, type CleanedArticle } from '../../src/clean/index.js';
import { readArticleFile } from '../../src/gather/content-folder.js';
import type { Article } from '../../src/types.js';

export const FIXTURES = resolve('test', 'clean', 'fixtures');

/** The cleaned article of a file (a fixture name, or a path). */
export async function cleaned(file: string): Promise<CleanedArticle> {
  return cleanArticle(await readArticleFile(file.includes('/') ? file : resolve(FIXTURES, file)));
}

/** An Article literal for tests that need no file. */
export function article(text: string, extra: Partial<Article> = {}): Article {
  return { id: 'a1', title: 'A headline for the test', url: null, outlet: 'test', published: null, text, source: 'test.txt', tags: [], ...extra };
}
