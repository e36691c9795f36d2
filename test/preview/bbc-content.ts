// Writes articles of ../shared/data/bbc-news-summary into a content folder as
// Markdown with front matter (a BBC URL and outlet each), so a test can build
// a full-size issue from text nobody on this project wrote. Temp folders only.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../helpers/shared.js';

export const BBC = ['data', 'bbc-news-summary'] as const;
const CATEGORIES = ['business', 'entertainment', 'politics'];

/** Writes the first `perCategory` articles of each category into `dir`; returns how many. `tags` tags four of every five with their category. */
export function writeBbcContent(dir: string, perCategory: number, options: { tags?: boolean } = {}): number {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const cat of CATEGORIES) {
    const folder = sharedPath(...BBC, 'articles', cat);
    for (const file of readdirSync(folder).sort().slice(0, perCategory)) {
      const [headline = '', ...body] = readFileSync(join(folder, file), 'utf8').split('\n');
      const id = file.replace(/\.txt$/, '');
      writeFileSync(join(dir, `bbc-${cat}-${id}.md`), [
        '---',
        `title: ${JSON.stringify(headline.trim())}`,
        'outlet: BBC News',
        `url: https://www.bbc.co.uk/news/${cat}-${id}`,
        `published: 2005-03-0${1 + (n % 9)}T08:00:00Z`,
        ...(options.tags && n % 5 !== 4 ? [`tags: [${cat}]`] : []),
        '---',
        body.join('\n'),
      ].join('\n'));
      n++;
    }
  }
  return n;
}
