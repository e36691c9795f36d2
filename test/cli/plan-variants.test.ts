// The plan that `send --dry-run` and `status` print counts the renderings a
// send will make: a topic the editor has since renamed or removed is dropped
// as delivery drops it, so "Nature;Science" and "science" are one rendering
// and a reader left with no topic is counted with the whole issue.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sqlite.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { setPrefs } from '../deliver/helpers/prefs.js';
import { startSink, type Sink } from '../deliver/helpers/smtp-sink.js';

afterAll(cleanupTmp);

const article = (title: string, body: string, extra: string) =>
  `---\ntitle: ${title}\noutlet: River Post\nurl: https://riverpost.example/${title.toLowerCase().replace(/\W+/g, '-')}\npublished: 2026-12-02T08:00:00Z\n${extra}---\n${body}\n`;

describe('the delivery plan with topics the editor no longer offers', () => {
  let sink: Sink | undefined;
  afterEach(async () => { await sink?.close(); sink = undefined; });

  it('counts readers by the rendering they will get, before and after the send', async () => {
    sink = await startSink();
    const dir = tmpDir('gz-plan-variants-');
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'content', 'bridge.md'), article('The bridge reopens', 'The Elm Street bridge reopened to traffic on Friday after eighteen months of repairs. Engineers replaced the steel deck.', 'tags: [city]\n'));
    writeFileSync(join(dir, 'content', 'comet.md'), article('A comet visits', 'A comet will be visible from the hills on Tuesday night. Astronomers suggest binoculars and a dark sky.', 'tags: [space]\n'));
    writeFileSync(join(dir, 'content', 'issue.md'), '---\nsections:\n  - name: City\n    tags: [city]\n  - name: Science\n    tags: [space]\n---\n');
    const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>', PUBLIC_URL: 'https://news.example.com', SMTP_URL: sink.url, GAZETTE_TZ: 'UTC', GAZETTE_SCHEDULE: '0 6 * * *' });
    const readers = { 'whole@example.org': '', 'science@example.org': 'science', 'both@example.org': 'Nature;Science', 'gone@example.org': 'Nature' };
    for (const email of Object.keys(readers)) expect((await runCli(['subscribers', 'add', email, '--confirmed'], env)).code).toBe(0);
    const db = openSqlite(join(dir, 'data', 'gazette.db'));
    for (const [email, topics] of Object.entries(readers)) if (topics) await setPrefs({ kind: 'sqlite', db, path: '' }, email, { topics });
    db.close();

    // Sent at 07:00 UTC, past the 06:00 cut-off: the edition is frozen with its sections.
    const sent = await runCli(['send', '--json', '--at', '2026-12-03T07:00:00Z'], env);
    expect(sent.code, sent.stderr).toBe(0);
    const edition = JSON.parse(sent.stdout).editions[0];
    expect(edition).toMatchObject({ sent: 4 });
    // Two renderings: the whole issue (whole@ and gone@, whose only topic is gone) and science (science@, both@).
    expect([...edition.variants].sort()).toEqual(['', 'science']);
    expect(sink.received).toHaveLength(4);

    const status = await runCli(['send', '--dry-run', '--json', '--at', '2026-12-03T07:30:00Z'], env);
    expect(status.code, status.stderr).toBe(0);
    const plan = JSON.parse(status.stdout).plan[0];
    expect([...plan.variants].sort()).toEqual(['', 'science']);
    expect([...plan.dueVariants].sort((a: { variant: string }, b: { variant: string }) => a.variant.localeCompare(b.variant)))
      .toEqual([{ variant: '', subscribers: 2 }, { variant: 'science', subscribers: 2 }]);
  });
});
