// Stage 4: summarize.
// PLACEHOLDER until the summaries issue: the first sentences of the lead article.
import type { Story, SummarizedStory } from '../types.js';
import type { Summarizer, SummaryBudget } from './summarizer.js';

export type { Summarizer, SummaryBudget } from './summarizer.js';

/** Naive sentence split on terminal punctuation followed by a capital. */
export function splitSentences(text: string): string[] {
  return text.split(/\n+/).flatMap((p) => p.split(/(?<=[.!?]["”’]?)\s+(?=["“‘]?[A-Z])/)).map((s) => s.trim()).filter(Boolean);
}

/** The extractive summarizer (placeholder: lead sentences). */
export function createExtractiveSummarizer(): Summarizer {
  return {
    name: 'lead',
    async summarize(story, budget) {
      return splitSentences(story.articles[0]?.text ?? '').slice(0, budget.sentences);
    },
  };
}

/** Summarizes one story. */
export async function summarizeStory(story: Story, summarizer: Summarizer, budget: SummaryBudget): Promise<SummarizedStory> {
  return { ...story, sentences: await summarizer.summarize(story, budget) };
}
