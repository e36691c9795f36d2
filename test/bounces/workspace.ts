// A workspace for bounce tests: content, five confirmed subscribers, an SMTP
// relay, VERP on bounces.example.com; and the list as `subscribers list` prints it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import type { Sink } from '../deliver/helpers/smtp-sink.js';
import { NOV20_TRAM_ARTICLE } from '../helpers/tram-article.js';

export const ARTICLE = NOV20_TRAM_ARTICLE;

export const SECRET = 'bounce-test-secret-0123456789abcdef';
export const PEOPLE = ['ann@example.org', 'bob@example.org', 'cy@example.org', 'dee@example.org', 'eve@example.org'];

/** A subscriber as `subscribers list --json` prints it. */
export interface Listed { id: number; email: string; status: string; history: { to: string; source: string; reason: string }[] }

/** A folder with content and five confirmed subscribers, set to send through `sink`. */
export async function workspace(sink: Sink, extra: Record<string, string> = {}) {
  const dir = tmpDir('gz-bounce-');
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
  const env = isolatedEnv(dir, {
    MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', GAZETTE_SECRET: SECRET,
    BOUNCE_DOMAIN: 'bounces.example.com', BOUNCE_SOFT_LIMIT: '2', SMTP_URL: sink.url, SMTP_MAX_CONNECTIONS: '2', ...extra,
  });
  for (const email of PEOPLE) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
  return { dir, env };
}

/** The list by address. */
export async function list(env: Record<string, string>): Promise<Map<string, Listed>> {
  const r = await runCli(['subscribers', 'list', '--json'], env);
  return new Map((JSON.parse(r.stdout) as Listed[]).map((s) => [s.email, s]));
}

