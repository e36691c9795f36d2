// Picks the summarizer the configuration asks for; the composition root calls
// this once. The extractive summarizer is always built, as the default and as
// the LLM summarizer's fallback.
import type { Config } from '../config/index.js';
import { GazetteError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Summarizer, SummaryBudget } from './summarizer.js';
import { createExtractiveSummarizer } from './extractive.js';
import { createOpenAiSummarizer } from './openai.js';

type SummarizerConfig = Pick<Config, 'summarizer' | 'openaiBaseUrl' | 'openaiModel' | 'openaiApiKey' | 'openaiTimeoutMs'>;

/** The configured summarizer: extractive, or an OpenAI-compatible model with the extractive one as fallback. */
export function createSummarizer(config: SummarizerConfig, logger?: Logger): Summarizer {
  const extractive = createExtractiveSummarizer();
  if (config.summarizer !== 'openai') return extractive;
  if (!config.openaiBaseUrl || !config.openaiModel) {
    throw new GazetteError('CONFIG', 'SUMMARIZER=openai needs OPENAI_BASE_URL and OPENAI_MODEL; set them, or set SUMMARIZER=extractive.');
  }
  return createOpenAiSummarizer({
    baseUrl: config.openaiBaseUrl,
    model: config.openaiModel,
    apiKey: config.openaiApiKey,
    timeoutMs: config.openaiTimeoutMs,
    fallback: extractive,
    logger,
  });
}

/** The summary budget the configuration asks for. */
export function budgetFromConfig(config: Pick<Config, 'summarySentences' | 'summaryWords'>): SummaryBudget {
  return { sentences: config.summarySentences, words: config.summaryWords };
}
