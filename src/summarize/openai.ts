// An optional summarizer for users who run a language model behind an
// OpenAI-compatible chat-completions endpoint. The model never writes the
// summary: it is shown the story's candidate sentences as a numbered list and
// answers with the numbers it picks. That keeps the contract (whole sentences,
// word for word from the articles) by construction, costs few output tokens,
// and makes the answer easy to check: anything but a short list of valid,
// distinct numbers is rejected. On any failure (HTTP error, timeout, bad JSON,
// invalid answer) the story gets the fallback's (extractive) summary instead.
import { GazetteError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { Story } from '../types.js';
import type { Summarizer, SummaryBudget } from './summarizer.js';
import { candidatePool, type Unit } from './candidates.js';

export interface OpenAiSummarizerOptions {
  /** Base URL of the API, up to and including the version (`https://api.example.com/v1`). */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token when set; local servers often need none. */
  apiKey?: string;
  /** Time limit of one request, answer included. */
  timeoutMs: number;
  /** Used whenever the model fails or answers wrongly. */
  fallback: Summarizer;
  /** Defaults to the global fetch; tests may pass their own. */
  fetch?: typeof fetch;
  logger?: Logger;
  /** Longest numbered list sent to the model (the first candidates in reading order). */
  maxCandidates?: number;
}

/** A summarizer that asks a chat-completions model to pick sentence numbers, falling back on any error. */
export function createOpenAiSummarizer(options: OpenAiSummarizerOptions): Summarizer {
  if (!/^https?:\/\/[^\s]+$/i.test(options.baseUrl)) {
    throw new GazetteError('CONFIG', `OPENAI_BASE_URL "${options.baseUrl}" is not an http(s) URL; set it to the API base, such as http://localhost:11434/v1.`);
  }
  if (options.apiKey !== undefined && !/^[\x21-\x7e]+$/.test(options.apiKey)) {
    // It goes into a header: no spaces, line breaks or non-ASCII.
    throw new GazetteError('CONFIG', 'OPENAI_API_KEY holds spaces, line breaks or non-ASCII characters; paste the key alone.');
  }
  const endpoint = options.baseUrl.replace(/\/+$/, '') + '/chat/completions';
  const doFetch = options.fetch ?? fetch;
  const maxCandidates = options.maxCandidates ?? 60;
  return {
    name: 'openai',
    async summarize(story, budget) {
      const pool = candidatePool(story).slice(0, maxCandidates);
      if (pool.length === 0 || budget.sentences <= 0) return options.fallback.summarize(story, budget);
      try {
        const answer = await ask(doFetch, endpoint, options, prompt(story, pool, budget));
        return picksToSentences(parsePicks(answer, pool.length, budget.sentences), pool, budget);
      } catch (err) {
        options.logger?.warn({ story: story.id, err: messageOf(err) }, 'LLM summarizer failed; using the extractive summary');
        return options.fallback.summarize(story, budget);
      }
    },
  };
}

interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

function prompt(story: Story, pool: Unit[], budget: SummaryBudget): ChatMessage[] {
  const limit = budget.words > 0 ? `at most ${budget.sentences} sentences and at most ${budget.words} words in total` : `at most ${budget.sentences} sentences`;
  return [
    {
      role: 'system',
      content:
        'You choose sentences for a news digest. You never write text of your own. ' +
        'Answer with JSON only, in the form {"sentences": [numbers]}, listing the numbers of the sentences you choose, best first.',
    },
    {
      role: 'user',
      content:
        `Story: ${story.title}\n` +
        `Choose ${limit} that together tell the story best, without repeating a fact.\n\n` +
        pool.map((u, i) => `[${i + 1}] ${u.text}`).join('\n'),
    },
  ];
}

async function ask(doFetch: typeof fetch, endpoint: string, options: OpenAiSummarizerOptions, messages: ChatMessage[]): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const res = await doFetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: options.model, messages, temperature: 0 }),
      signal: controller.signal,
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${endpoint}: ${body.slice(0, 200)}`);
    const content = (JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('the answer has no choices[0].message.content');
    return content;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sentence numbers in the model's answer: a JSON object with a
 * `sentences` array, or a bare array, possibly inside a code fence. Throws
 * unless every entry is a distinct whole number in 1..count and there are
 * between one and `max` of them.
 */
export function parsePicks(answer: string, count: number, max: number): number[] {
  const json = answer.match(/\{[\s\S]*\}|\[[\s\S]*\]/)?.[0];
  if (!json) throw new Error(`the answer is not JSON: ${answer.slice(0, 120)}`);
  const parsed: unknown = JSON.parse(json);
  const list = Array.isArray(parsed) ? parsed : (parsed as { sentences?: unknown }).sentences;
  if (!Array.isArray(list) || list.length === 0) throw new Error('the answer lists no sentence numbers');
  if (list.length > max) throw new Error(`the answer lists ${list.length} sentences; at most ${max} were asked for`);
  const picks = list.map(Number);
  if (picks.some((n) => !Number.isInteger(n) || n < 1 || n > count)) throw new Error(`the answer has numbers outside 1..${count}: ${JSON.stringify(list)}`);
  if (new Set(picks).size !== picks.length) throw new Error('the answer repeats a sentence number');
  return picks;
}

/** The picked sentences within the word budget (best first, as the model ranked them), in reading order. */
function picksToSentences(picks: number[], pool: Unit[], budget: SummaryBudget): string[] {
  const chosen: Unit[] = [];
  let words = 0;
  for (const n of picks) {
    const unit = pool[n - 1]!;
    if (budget.words > 0 && words + unit.words > budget.words) continue;
    chosen.push(unit);
    words += unit.words;
  }
  if (chosen.length === 0) throw new Error(`no picked sentence fits the ${budget.words}-word budget`);
  return chosen.sort((a, b) => a.article - b.article || a.position - b.position).map((u) => u.text);
}
