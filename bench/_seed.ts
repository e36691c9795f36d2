import { readArticleFile } from '../src/gather/content-folder.js';
import { cleanArticle } from '../src/clean/index.js';
import { createExtractiveSummarizer } from '../src/summarize/index.js';
const arts = await Promise.all(['000_53142c9a06c61052.txt', '002_a82f7b581be31684.txt'].map(async (f) => cleanArticle(await readArticleFile('../shared/seeds/' + f))));
const opts = JSON.parse(process.argv[2] ?? '{}');
for (const order of [[0, 1], [1, 0]]) {
  const story = { id: 's', title: arts[order[0]!]!.title, articles: order.map((i) => arts[i]!) };
  console.log(order, await createExtractiveSummarizer(opts).summarize(story, { sentences: 3, words: 0 }));
}
