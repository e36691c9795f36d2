import { describe, expect, it } from 'vitest';
import { createExtractiveSummarizer, splitSentences, summarizeStory } from '../../src/summarize/index.js';
import { isFurniture, isWhole } from '../../src/summarize/candidates.js';
import { wordCount } from '../../src/summarize/text.js';
import { article, harbour, harbourRepostText, harbourText, harbourTitle, story } from './stories.js';

const summarizer = createExtractiveSummarizer();

describe('extractive summarizer', () => {
  it('is deterministic: the same story gives the same summary', async () => {
    const first = await summarizer.summarize(harbour(), { sentences: 3, words: 0 });
    const again = await createExtractiveSummarizer().summarize(structuredClone(harbour()), { sentences: 3, words: 0 });
    expect(first).toHaveLength(3);
    expect(again).toEqual(first);
  });

  it('returns whole sentences from the article, in article order', async () => {
    const all = splitSentences(harbourText);
    const summary = await summarizer.summarize(harbour(), { sentences: 4, words: 0 });
    const positions = summary.map((s) => all.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const s of summary) expect(isWhole(s)).toBe(true);
  });

  it('leaves out furniture, headlines and quotes that span sentences even with room to spare', async () => {
    const summary = await summarizer.summarize(harbour(), { sentences: 20, words: 0 });
    expect(summary.length).toBeGreaterThanOrEqual(6);
    for (const s of summary) {
      expect(isFurniture(s)).toBe(false);
      expect(s).not.toMatch(/Home >|Share this|FOLLOW|Photo:|https?:|#bridge|Leave a reply|enter your comment/i);
      expect(s).not.toBe(harbourTitle);
      expect(s).not.toMatch(/Our street will be empty|Nobody will come/);
    }
  });

  it('respects the sentence budget and the word budget', async () => {
    for (const sentences of [1, 2, 3]) {
      expect(await summarizer.summarize(harbour(), { sentences, words: 0 })).toHaveLength(sentences);
    }
    const short = await summarizer.summarize(harbour(), { sentences: 10, words: 45 });
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(wordCount(short.join(' '))).toBeLessThanOrEqual(45);
  });

  it('still gives one sentence when none fits a tiny word budget', async () => {
    const summary = await summarizer.summarize(harbour(), { sentences: 3, words: 5 });
    expect(summary).toHaveLength(1);
    expect(isWhole(summary[0]!)).toBe(true);
  });

  it('summarizes a multi-article story once, without repeating a fact, lead article first', async () => {
    const multi = story(article(harbourTitle, harbourText), article('Petition against bridge closure', harbourRepostText, { outlet: 'Other' }));
    const summary = await summarizer.summarize(multi, { sentences: 20, words: 0 });
    expect(new Set(summary).size).toBe(summary.length);
    expect(summary.filter((s) => s.startsWith('The repairs will cost'))).toHaveLength(1);
    // The reworded copy of the lead sentence never joins the original.
    const closing = summary.filter((s) => /voted on Tuesday to (close|shut) the Harbour Bridge/.test(s));
    expect(closing.length).toBeLessThanOrEqual(1);
    // The one new fact of the second article is there, once. Both articles
    // open with the same lede; whichever article it is taken from is read
    // first, then the other's sentences, never interleaved.
    expect(summary.filter((s) => s.startsWith('A petition against the closure'))).toHaveLength(1);
    expect(summary[0]).toMatch(/^The city council voted on Tuesday to close the Harbour Bridge/);
    const lead = splitSentences(harbourText);
    const repost = splitSentences(harbourRepostText);
    const only = (mine: string[], other: string[]) => summary.flatMap((s, k) => (mine.includes(s) && !other.includes(s) ? [k] : []));
    const [a, b] = [only(lead, repost), only(repost, lead)];
    expect(Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a), summary.join('\n')).toBe(true);
  });

  it('never picks a sentence that only repeats part of a chosen one from another article', async () => {
    const lead = article(
      'Leak reveals offshore accounts',
      'Reporters began publishing on Sunday the results of a year-long investigation into 2.6 million files leaked from the law firm Calder & Finch, which sets up offshore shell companies for clients. ' +
        'The files name three serving ministers and dozens of company directors. ' +
        'Calder & Finch said it had always followed the law. ' +
        'Prosecutors in two countries said they would study the files.',
    );
    const other = article(
      'What the Calder files are',
      'The Calder files are 2.6 million files leaked from the law firm Calder & Finch. ' +
        'Opposition leaders called for the ministers to resign before the vote next month. ' +
        'Banks that opened the accounts have been asked to explain their checks.',
    );
    for (const sentences of [3, 4, 5, 6]) {
      const summary = await summarizer.summarize(story(lead, other), { sentences, words: 0 });
      expect(summary.filter((s) => s.includes('2.6 million files')), summary.join('\n')).toHaveLength(1);
    }
  });

  it('prefers what the outlets agree on to what one outlet keeps returning to', async () => {
    // The first outlet spends three sentences on its local angle (the market
    // traders); the fact both outlets state is the saving.
    const local = article('Evening trains to Millbrook cut',
      'The regional rail operator will cut the number of evening trains between Portside and Millbrook from March, it announced on Monday. '
      + "Fewer evening trains would hurt the Millbrook market traders, the Millbrook market traders' association said. "
      + 'The Millbrook market traders rely on evening trains to bring shoppers to the Millbrook market stalls. '
      + 'The operator said the cuts would save about 4 million pounds a year. '
      + 'Millbrook market traders plan a protest at the Millbrook market on Saturday.');
    const wire = article('Rail cuts for Portside line',
      'Evening services between Portside and Millbrook will be cut from March, the regional rail operator said. '
      + 'The operator expects the cuts to save 4 million pounds a year, according to its statement. '
      + 'Passenger groups said the timetable change was announced without consultation.', { outlet: 'Coast News' });
    const budget = { sentences: 2, words: 0 };
    const summary = await summarizer.summarize(story(local, wire), budget);
    expect(summary.some((s) => /4 million pounds/.test(s)), summary.join('\n')).toBe(true);
    expect(summary.some((s) => /market traders/.test(s)), summary.join('\n')).toBe(false);
    // Likeness within an article weighed like likeness across: the angle wins.
    const flat = await createExtractiveSummarizer({ crossArticle: 1 }).summarize(story(local, wire), budget);
    expect(flat.some((s) => /market traders/.test(s)), flat.join('\n')).toBe(true);
  });

  it('uses what there is in a very short article', async () => {
    const tiny = story(article('Markets', 'Markets closed early today.'));
    expect(await summarizer.summarize(tiny, { sentences: 3, words: 0 })).toEqual(['Markets closed early today.']);
    const note = story(article('Note', 'Council meeting moved to Friday'));
    expect(await summarizer.summarize(note, { sentences: 3, words: 0 })).toEqual(['Council meeting moved to Friday']);
  });

  it('summarizes a feed item that only has a description, dropping a cut-off sentence', async () => {
    const item = article('Bridge closes', 'The Harbour Bridge will close for six months from March. Engineers will replace its cables. Commuters are advised to take the…', { descriptionOnly: true });
    expect(await summarizer.summarize(story(item), { sentences: 3, words: 0 })).toEqual([
      'The Harbour Bridge will close for six months from March.',
      'Engineers will replace its cables.',
    ]);
    const cut = article('Bridge', 'Commuters are advised to take the […]', { descriptionOnly: true });
    expect(await summarizer.summarize(story(cut), { sentences: 3, words: 0 })).toEqual([]);
  });

  it('summarizeStory attaches the sentences to the story', async () => {
    const s = harbour();
    const summarized = await summarizeStory(s, summarizer, { sentences: 2, words: 0 });
    expect(summarized.id).toBe(s.id);
    expect(summarized.sentences).toEqual(await summarizer.summarize(s, { sentences: 2, words: 0 }));
  });
});
