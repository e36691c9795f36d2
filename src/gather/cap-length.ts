// A length cap on every gathered article, before anything reads its text.
// The longest real articles run to about 100,000 characters (a long-form
// magazine piece); a file or feed item many times that is a dump, a mistake
// or an attack, and every later stage (clean's line rules, the clustering
// vectors, the summarizer) costs time and memory in proportion to it: a 28 MB
// file took 17 s and 1 GB to build before this cap. So the text is cut at the
// last paragraph break before the cap, and the cut is reported (a warning:
// the article is kept).
import type { Article, Problem } from '../types.js';

/** Characters of text an article keeps; three times the longest real article. */
export const MAX_ARTICLE_CHARS = 300_000;

/** Problem code of the warning for a cut article. */
export const ARTICLE_CUT = 'ARTICLE_CUT';

/** Cuts over-long article texts at a paragraph break, with a warning naming each. */
export function capArticleLength(articles: readonly Article[], max = MAX_ARTICLE_CHARS): { articles: Article[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const capped = articles.map((a) => {
    if (a.text.length <= max) return a;
    const head = a.text.slice(0, max);
    const paragraph = head.lastIndexOf('\n\n');
    const text = (paragraph > max / 2 ? head.slice(0, paragraph) : head.slice(0, Math.max(head.lastIndexOf(' '), max / 2))).trimEnd();
    problems.push({
      where: a.source,
      code: ARTICLE_CUT,
      message: `"${a.title.slice(0, 80)}" has ${a.text.length.toLocaleString('en')} characters of text; only the first ${text.length.toLocaleString('en')} are read (no news article is that long: check that the file or item is one article)`,
    });
    return { ...a, text };
  });
  return { articles: capped, problems };
}
