// A throwaway Gazette folder for preview tests: content with a few articles,
// a copy of the shipped templates (tests break and mend them), and an
// environment that keeps the database and out/ inside it.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { isolatedEnv } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

export interface Workspace {
  dir: string;
  content: string;
  templates: string;
  env: Record<string, string>;
  /** A new App on this workspace (the test closes it). */
  app(): App;
  /** Writes content/<file> as a Markdown article. */
  article(file: string, title: string, body: string, outlet?: string): void;
}

/** A workspace with `articles` (file -> [title, body]) written to content/. */
export function workspace(articles: Record<string, [string, string]> = {}): Workspace {
  const dir = tmpDir('gazette-preview-');
  const content = join(dir, 'content');
  const templates = join(dir, 'templates');
  mkdirSync(content, { recursive: true });
  cpSync(resolve('templates'), templates, { recursive: true });
  const env = isolatedEnv(dir, { GAZETTE_TEMPLATES_DIR: templates, PUBLIC_URL: 'https://news.example.org', MAIL_FROM: 'The Daily Tram <news@news.example.org>' });
  const ws: Workspace = {
    dir, content, templates, env,
    app: () => createApp({ env, logger: silentLogger }),
    article(file, title, body, outlet = 'River Post') {
      const slug = file.replace(/\.\w+$/, '');
      writeFileSync(join(content, file), `---\ntitle: ${JSON.stringify(title)}\noutlet: ${outlet}\nurl: https://riverpost.example/${slug}\npublished: 2026-11-21T08:00:00Z\n---\n${body}\n`);
    },
  };
  for (const [file, [title, body]] of Object.entries(articles)) ws.article(file, title, body);
  return ws;
}

export const BRIDGE = 'The Elm Street bridge reopened to traffic on Friday after eighteen months of repairs. Engineers replaced the steel deck and repainted the arches. Cyclists get a separate lane for the first time.';
export const LIBRARY = 'The central library will add a children\'s wing with 40,000 books. Construction starts in March and costs $3.1 million. Readers can vote on the name until December.';
