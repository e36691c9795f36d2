import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { createExtractiveSummarizer, createOpenAiSummarizer, createSummarizer } from '../../src/summarize/index.js';
import { candidatePool } from '../../src/summarize/candidates.js';
import { parsePicks } from '../../src/summarize/openai.js';
import { isGazetteError } from '../../src/errors.js';
import { harbour } from './stories.js';

interface Seen {
  url: string;
  authorization?: string;
  body: { model: string; messages: { role: string; content: string }[] };
}

// A small chat-completions server on 127.0.0.1; each test sets how it answers.
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let respond: (req: Seen, res: ServerResponse) => void;

function chat(content: string) {
  return (_req: Seen, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
  };
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const s: Seen = { url: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(raw) };
      seen.push(s);
      respond(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen = [];
});

const budget = { sentences: 3, words: 0 };
const extractive = createExtractiveSummarizer();
const make = (timeoutMs = 5000) =>
  createOpenAiSummarizer({ baseUrl, model: 'test-model', apiKey: 'sk-test', timeoutMs, fallback: extractive, logger: silentLogger });

describe('OpenAI-compatible summarizer', () => {
  it('sends the numbered candidates and returns the picked sentences word for word, in reading order', async () => {
    respond = chat('```json\n{"sentences": [5, 1]}\n```');
    const story = harbour();
    const pool = candidatePool(story);
    const summary = await make().summarize(story, budget);
    expect(summary).toEqual([pool[0]!.text, pool[4]!.text]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/v1/chat/completions');
    expect(seen[0]!.authorization).toBe('Bearer sk-test');
    expect(seen[0]!.body.model).toBe('test-model');
    const user = seen[0]!.body.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain(`[1] ${pool[0]!.text}`);
    expect(user).toContain(`[${pool.length}] ${pool.at(-1)!.text}`);
    expect(user).not.toMatch(/Share this|FOLLOW US/);
  });

  it('keeps the word budget, preferring the sentences the model ranked first', async () => {
    const story = harbour();
    const pool = candidatePool(story);
    respond = chat(`{"sentences": [3, 1, 2]}`);
    const words = pool[2]!.words + pool[1]!.words;
    const summary = await make().summarize(story, { sentences: 3, words });
    expect(summary).toEqual([pool[1]!.text, pool[2]!.text]);
  });

  it('falls back to the extractive summary on a garbage answer', async () => {
    respond = chat('I would pick the first and the third sentence.');
    const expected = await extractive.summarize(harbour(), budget);
    expect(await make().summarize(harbour(), budget)).toEqual(expected);
    expect(seen).toHaveLength(1);
  });

  it('falls back on numbers out of range, repeated or too many', async () => {
    const expected = await extractive.summarize(harbour(), budget);
    for (const answer of ['{"sentences": [1, 99]}', '{"sentences": [2, 2]}', '{"sentences": [1, 2, 3, 4]}', '{"sentences": []}', '{"sentences": ["one"]}']) {
      respond = chat(answer);
      expect(await make().summarize(harbour(), budget)).toEqual(expected);
    }
  });

  it('falls back on an HTTP 500', async () => {
    respond = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error": {"message": "model crashed"}}');
    };
    expect(await make().summarize(harbour(), budget)).toEqual(await extractive.summarize(harbour(), budget));
  });

  it('falls back on a body that is not JSON', async () => {
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>gateway</html>');
    };
    expect(await make().summarize(harbour(), budget)).toEqual(await extractive.summarize(harbour(), budget));
  });

  it('falls back when the server hangs past the timeout', async () => {
    respond = () => {
      // Never answers; the connection is closed when the suite ends.
    };
    expect(await make(300).summarize(harbour(), budget)).toEqual(await extractive.summarize(harbour(), budget));
    expect(seen).toHaveLength(1);
  });

  it('falls back without calling the model when the story has no candidate sentence', async () => {
    respond = chat('{"sentences": [1]}');
    const note = { id: 'n', title: 'Note', articles: [{ ...harbour().articles[0]!, text: 'Council meeting moved to Friday' }] };
    expect(await make().summarize(note, budget)).toEqual(['Council meeting moved to Friday']);
    expect(seen).toHaveLength(0);
  });

  it('refuses an API key that cannot go into a header', () => {
    expect(() => createOpenAiSummarizer({ baseUrl, model: 'm', apiKey: 'sk-1\r\nX-Evil: 1', timeoutMs: 1000, fallback: extractive })).toThrow(/OPENAI_API_KEY/);
  });
});

describe('parsePicks', () => {
  it('reads an object, a bare array, or JSON inside prose', () => {
    expect(parsePicks('{"sentences":[2,1]}', 5, 3)).toEqual([2, 1]);
    expect(parsePicks('[3]', 5, 3)).toEqual([3]);
    expect(parsePicks('Here you go: {"sentences": [4, 5]} Hope it helps.', 5, 3)).toEqual([4, 5]);
    expect(() => parsePicks('{"sentences":[1.5]}', 5, 3)).toThrow(/outside/);
  });
});

describe('createSummarizer', () => {
  const base = { openaiBaseUrl: undefined, openaiModel: undefined, openaiApiKey: undefined, openaiTimeoutMs: 1000 };
  it('picks the extractive summarizer by default and the OpenAI one when configured', () => {
    expect(createSummarizer({ ...base, summarizer: 'extractive' }).name).toBe('extractive');
    expect(createSummarizer({ ...base, summarizer: 'openai', openaiBaseUrl: baseUrl, openaiModel: 'm' }, silentLogger).name).toBe('openai');
  });

  it('names the missing settings when SUMMARIZER=openai is incomplete', () => {
    try {
      createSummarizer({ ...base, summarizer: 'openai' });
      expect.unreachable();
    } catch (err) {
      expect(isGazetteError(err, 'CONFIG')).toBe(true);
      expect((err as Error).message).toMatch(/OPENAI_BASE_URL and OPENAI_MODEL/);
    }
  });
});
