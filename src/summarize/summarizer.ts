// The summarizer interface: the extractive default and any other (an LLM) sit
// behind it, so the pipeline never knows which one runs.
import type { Story } from '../types.js';

/** How long a summary may be: at most `sentences` sentences and, when > 0, about `words` words. */
export interface SummaryBudget {
  sentences: number;
  words: number;
}

export interface Summarizer {
  readonly name: string;
  /** Whole sentences, word for word from the story's articles, in reading order. */
  summarize(story: Story, budget: SummaryBudget): Promise<string[]>;
}
