// Stage 4: summarize. A story's articles in, a few whole sentences out, taken
// word for word from the articles and kept in reading order. The extractive
// summarizer is the default; an OpenAI-compatible one sits behind the same
// interface (see factory.ts).
import type { Story, SummarizedStory } from '../types.js';
import type { Summarizer, SummaryBudget } from './summarizer.js';

export type { Summarizer, SummaryBudget } from './summarizer.js';
export { splitSentences } from './sentences.js';
export { createExtractiveSummarizer, type ExtractiveOptions } from './extractive.js';
export { createOpenAiSummarizer, type OpenAiSummarizerOptions } from './openai.js';
export { createSummarizer, budgetFromConfig } from './factory.js';

/** Summarizes one story with the given summarizer and budget. */
export async function summarizeStory(story: Story, summarizer: Summarizer, budget: SummaryBudget): Promise<SummarizedStory> {
  return { ...story, sentences: await summarizer.summarize(story, budget) };
}
