import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArticleFile } from '../../src/gather/content-folder.js';
import { cleanArticle } from '../../src/clean/index.js';
import { createExtractiveSummarizer, splitSentences } from '../../src/summarize/index.js';
import { isFurniture, isWhole, quotesBalanced } from '../../src/summarize/candidates.js';
import type { Story } from '../../src/types.js';

const dir = resolve('..', 'shared', 'seeds');
if (!existsSync(dir)) console.log(`seeds summary test skipped: ${dir} is missing`);

describe.skipIf(!existsSync(dir))('the seeds story summary', () => {
  it('has no furniture, no dangling quote and no cut sentence', async () => {
    const articles = await Promise.all(
      ['000_53142c9a06c61052.txt', '002_a82f7b581be31684.txt'].map(async (f) => cleanArticle(await readArticleFile(join(dir, f)))),
    );
    const story: Story = { id: 'seeds', title: articles[0]!.title, articles };
    const sentencesOf = articles.map((a) => splitSentences(a.text));
    for (const budget of [{ sentences: 3, words: 0 }, { sentences: 8, words: 0 }, { sentences: 3, words: 60 }]) {
      const summary = await createExtractiveSummarizer().summarize(story, budget);
      expect(summary.length).toBeGreaterThan(0);
      expect(summary.length).toBeLessThanOrEqual(budget.sentences);
      for (const s of summary) {
        expect(isWhole(s), s).toBe(true);
        expect(quotesBalanced(s), s).toBe(true);
        expect(isFurniture(s), s).toBe(false);
        expect(s).not.toMatch(/subscribe|donation|paypal|comment|reply|akismet|#\w|Photo:|^Home |qfiles/i);
        // Word for word from one of the articles, as one of its sentences.
        expect(sentencesOf.some((list) => list.includes(s)), s).toBe(true);
      }
      expect(await createExtractiveSummarizer().summarize(story, budget)).toEqual(summary);
    }
  });
});
