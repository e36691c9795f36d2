// The real job `gazette run` schedules: the pipeline's build and delivery to
// the outbox, on real files and a real SQLite database. Its concern here is the
// quiet day: nothing arrived since the last issue.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { issueJobFor } from '../../src/cli/run.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const article = (slug: string, title: string, body: string) => `---
title: ${title}
outlet: Harbour Times
url: https://harbour.example/${slug}
published: 2026-11-19T08:00:00Z
---
${body}
`;

async function workspace(extra: Record<string, string> = {}) {
  const dir = tmpDir();
  mkdirSync(join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'content', 'bridge.md'), article('bridge', 'The bridge reopens', 'The Elm Street bridge reopened on Friday after eighteen months of repairs. Engineers replaced the steel deck. Cyclists get their own lane.'));
  const env = isolatedEnv(dir, extra);
  for (const email of ['ada@example.org', 'ben@example.org']) {
    expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
  }
  return { dir, env };
}

const outbox = (dir: string, date: string) => (existsSync(join(dir, 'outbox', date)) ? readdirSync(join(dir, 'outbox', date)).filter((f) => f.endsWith('.eml')) : []);

describe('the scheduled issue job', () => {
  it('sends an issue, then skips (and says why) a day when no article arrived since; a new article is sent the day after', async () => {
    const { dir, env } = await workspace();
    const app = createApp({ env, logger: silentLogger, clock: manualClock('2026-11-20T07:00:00Z') });
    try {
      const job = issueJobFor(app);
      const signal = new AbortController().signal;
      const first = await job.runIssue('2026-11-20', signal);
      expect(first).toMatchObject({ outcome: 'sent', stories: 1, articles: 1, recipients: 2, sent: 2, skipped: 0, failed: 0, sourcesFetched: 1, sourcesFailed: 0 });
      expect(outbox(dir, '2026-11-20')).toHaveLength(2);

      const quiet = await job.runIssue('2026-11-21', signal);
      expect(quiet).toMatchObject({ outcome: 'empty', stories: 0, recipients: 0, sent: 0 });
      expect(quiet.reason).toMatch(/nothing new since the last issue/);
      expect(outbox(dir, '2026-11-21')).toEqual([]);

      writeFileSync(join(dir, 'content', 'ferry.md'), article('ferry', 'Ferry timetable changes', 'Ferries to the islands will leave every forty minutes from Monday. The operator blamed a shortage of crew. Commuters called it a disappointment.'));
      const next = await job.runIssue('2026-11-22', signal);
      expect(next).toMatchObject({ outcome: 'sent', stories: 1, sent: 2 });
    } finally {
      await app.close();
    }
  });

  it('sends the short issue on a quiet day when GAZETTE_ON_EMPTY=send', async () => {
    const { dir, env } = await workspace({ GAZETTE_ON_EMPTY: 'send' });
    const app = createApp({ env, logger: silentLogger, clock: manualClock('2026-11-20T07:00:00Z') });
    try {
      const job = issueJobFor(app);
      const signal = new AbortController().signal;
      expect((await job.runIssue('2026-11-20', signal)).outcome).toBe('sent');
      expect(await job.runIssue('2026-11-21', signal)).toMatchObject({ outcome: 'sent', stories: 0, sent: 2 });
      expect(outbox(dir, '2026-11-21')).toHaveLength(2);
    } finally {
      await app.close();
    }
  });

  it('does not start when already asked to stop', async () => {
    const { dir, env } = await workspace();
    const app = createApp({ env, logger: silentLogger });
    try {
      const stop = new AbortController();
      stop.abort();
      expect((await issueJobFor(app).runIssue('2026-11-20', stop.signal)).outcome).toBe('interrupted');
      expect(outbox(dir, '2026-11-20')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
