// The benchmark's issue and list: the real pipeline builds today's issue from
// the repository's sample content (in memory, nothing persisted), and a
// subscriber database of N confirmed addresses is made through the real store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { buildIssue, type BuiltIssue } from '../../src/pipeline/build-issue.js';
import type { RenderOptions } from '../../src/render/index.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { systemClock } from '../../src/clock.js';

import { BENCH_SECRET, BENCH_SETTINGS } from './settings.js';

export { BENCH_SECRET, BENCH_SETTINGS };

/** The sample issue, and the options to render it again (for the naive baseline). */
export async function benchIssue(): Promise<{ built: BuiltIssue; renderOptions: RenderOptions }> {
  const dir = mkdtempSync(join(tmpdir(), 'gz-bench-'));
  const app = createApp({
    env: { GAZETTE_CONTENT_DIR: resolve('content'), GAZETTE_OUT_DIR: join(dir, 'out'), GAZETTE_DATA_DIR: join(dir, 'data'), DATABASE_URL: `sqlite:${join(dir, 'build.db')}`, GAZETTE_TZ: 'UTC', GAZETTE_SECRET: BENCH_SECRET, ...settingsEnv() },
    logger: silentLogger,
  });
  try {
    const settings = app.buildSettings();
    const built = await buildIssue(app.buildParts(), { ...settings, persist: false });
    return { built, renderOptions: { date: settings.date, listName: settings.listName, publicUrl: settings.publicUrl, templatesDir: settings.templatesDir, articleCount: built.stored.issue.articleCount } };
  } finally {
    await app.close();
  }
}

function settingsEnv() {
  return { MAIL_FROM: BENCH_SETTINGS.mailFrom, PUBLIC_URL: BENCH_SETTINGS.publicUrl, GAZETTE_LIST_NAME: BENCH_SETTINGS.listName };
}

/** A fresh SQLite file holding `n` confirmed subscribers (bench-1@… upwards); returns its path. */
export async function benchList(n: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'gz-bench-list-')), 'gazette.db');
  const db = openSqlite(path);
  const store = createSqliteSubscriberStore(db, systemClock);
  for (let from = 0; from < n; from += 5000) {
    const rows = Array.from({ length: Math.min(5000, n - from) }, (_, i) => ({ email: `bench-${from + i + 1}@example.org`, status: 'confirmed' as const }));
    await store.upsertMany(rows, { source: 'import', reason: 'benchmark' });
  }
  db.close();
  return path;
}
