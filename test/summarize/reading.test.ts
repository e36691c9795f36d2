import { describe, expect, it } from 'vitest';
import { createExtractiveSummarizer, splitSentences } from '../../src/summarize/index.js';
import { isLede } from '../../src/summarize/extractive.js';
import { isDangling } from '../../src/summarize/dangling.js';
import { MAX_ARTICLE_SENTENCES } from '../../src/summarize/candidates.js';
import { article, story } from './stories.js';

const summarizer = createExtractiveSummarizer();

// A blog's teaser-led repost and a wire report of the same story (after the seeds).
const blog = article(
  'North Korea hacked record $400 million in cryptocurrency – Any link?',
  'Is there a link with the 3 ballistic missiles that NK has tested in the last 2 weeks? ' +
    'We think so, and here is why. ' +
    'The isolated country, beset by sanctions, has long relied on its hacker corps to steal money. ' +
    'It launched three missiles in two weeks.',
  { outlet: 'Blog' },
);
const wire = article(
  'North Korea stole record $400 million in crypto in 2021, Chainalysis says',
  'North Korea stole nearly $400 million in cryptocurrency in 2021, according to a report by the blockchain analysis company Chainalysis. ' +
    'The company said hackers breached at least seven cryptocurrency exchanges and laundered the money. ' +
    'Most of the stolen money was in ethereum. ' +
    'A United Nations report last year found that North Korea had stolen $316 million in virtual assets between 2019 and 2020.',
  { outlet: 'Wire' },
);

describe('summaries that read on their own', () => {
  it('a lede states: a question, a teaser or a quotation is no lede', () => {
    expect(isLede('Is there a link with the 3 ballistic missiles that NK has tested in the last 2 weeks?')).toBe(false);
    expect(isLede("Here's why the dollar fell against the euro on Tuesday morning.")).toBe(false);
    expect(isLede('"We cannot keep the bridge open safely without this work," said Dr. Ana Ruiz.')).toBe(false);
    expect(isLede('North Korea stole nearly $400 million in cryptocurrency in 2021, researchers have found.')).toBe(true);
  });

  it('leads a story of several outlets with the clearest lede, whichever article it is in', async () => {
    const summary = await summarizer.summarize(story(blog, wire), { sentences: 3, words: 0 });
    expect(summary[0]).toMatch(/^North Korea stole nearly \$400 million/);
    expect(summary.join(' ')).toMatch(/Chainalysis/);
    expect(isDangling(summary[0]!)).toBe(false);
    expect(new Set(summary).size).toBe(summary.length);
  });

  it('takes a sentence that leans on its predecessor only right after it', async () => {
    for (const sentences of [1, 2, 3, 4]) {
      const summary = await summarizer.summarize(story(wire, blog), { sentences, words: 0 });
      expect(isDangling(summary[0]!), summary[0]).toBe(false);
      const all = [...splitSentences(wire.text), ...splitSentences(blog.text)];
      summary.forEach((s, i) => {
        if (isDangling(s)) expect(summary[i - 1], s).toBe(all[all.indexOf(s) - 1]);
      });
    }
  });

  it('summarizes a 20 MB article, reading only its first sentences', async () => {
    const paragraph =
      'The council voted on Tuesday to close the Harbour Bridge for six months from March so that engineers can replace its cables. ' +
      'Ferry operators said they would add crossings every fifteen minutes at rush hour during the closure.\n\n';
    const huge = article('Bridge to close', `The Harbour Bridge will close for six months of repairs, the city council decided on Tuesday.\n\n${paragraph.repeat(Math.ceil(20e6 / paragraph.length))}`);
    expect(huge.text.length).toBeGreaterThan(20e6);
    const summary = await summarizer.summarize(story(huge), { sentences: 3, words: 0 });
    expect(summary[0]).toBe('The Harbour Bridge will close for six months of repairs, the city council decided on Tuesday.');
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(3);
    expect(MAX_ARTICLE_SENTENCES).toBeLessThan(200);
  });
});
