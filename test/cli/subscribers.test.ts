// `gazette subscribers …` run in-process with raw arguments, on a temporary
// database (a SQLite file, then a PostgreSQL database through DATABASE_URL),
// with confirmation mail going to a real SMTP server or the outbox.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { simpleParser } from 'mailparser';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { readConfirmToken } from '../../src/subscribers/links.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { freshPgDatabase, type TestDatabase } from '../helpers/postgres.js';
import { ENGINES, engineAvailable } from '../helpers/subscriber-stores.js';
import { confirmLinkIn, startInbox, type Inbox } from '../server/support/smtp-inbox.js';

const SECRET = 'cli-test-secret-0123456789';
const MESSY = resolve('test', 'subscribers', 'fixtures', 'messy.csv');

afterAll(cleanupTmp);

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'gazette subscribers'))(`gazette subscribers on ${kind}`, () => {
  let inbox: Inbox;
  let env: Record<string, string>;
  let dir: string;
  const databases: TestDatabase[] = [];
  const cli = (...args: string[]) => runCli(['subscribers', ...args], env);
  /** An isolated environment on a new, empty database of this suite's engine. */
  const freshEnv = async (folder: string, extra: Record<string, string>) => {
    const base = isolatedEnv(folder, extra);
    if (kind === 'sqlite') return base;
    const db = await freshPgDatabase();
    databases.push(db);
    return { ...base, DATABASE_URL: db.url };
  };

  beforeAll(async () => { inbox = await startInbox(); });
  afterAll(async () => { await inbox.close(); });
  beforeEach(async () => {
    dir = tmpDir();
    env = await freshEnv(dir, { SMTP_URL: inbox.url, GAZETTE_SECRET: SECRET, PUBLIC_URL: 'https://news.example.org/gazette', MAIL_FROM: 'Gazette <news@example.org>' });
  });
  afterEach(async () => {
    inbox.mails.length = 0;
    for (const db of databases.splice(0)) await db.drop();
  });

  it('shows preferences (the list\'s zone when the reader has none), their changes in the history, by address or id, and in --json', async () => {
    env = { ...env, GAZETTE_TZ: 'Europe/Berlin' };
    await cli('add', 'pat@example.org', '--confirmed');
    const plain = await cli('show', 'pat@example.org');
    expect(plain.stdout).toContain("\n  preferences: daily, as soon as it is out, Europe/Berlin (the list's); topics: all sections\n");
    const app = createApp({ env, logger: silentLogger });
    try {
      await app.subscribers().setPreferences('pat@example.org', { timezone: 'Asia/Tokyo', hour: 7, frequency: 'weekly:fri', topics: ['Science', 'World'] }, { source: 'web', reason: 'preferences page' });
    } finally {
      await app.close();
    }
    const shown = await cli('show', '1');
    expect(shown).toMatchObject({ code: 0 });
    expect(shown.stdout).toContain('\n  preferences: weekly on Friday, at 07:00, Asia/Tokyo; topics: Science, World\n');
    expect(shown.stdout).toMatch(/confirmed +-> confirmed +web +preferences page: timezone unset → Asia\/Tokyo; hour unset → 7; frequency daily → weekly:fri; topics all → Science;World\n/);
    const json = JSON.parse((await cli('show', 'pat@example.org', '--json')).stdout);
    expect(json.preferences).toEqual({ timezone: 'Asia/Tokyo', hour: 7, frequency: 'weekly:fri', topics: ['Science', 'World'] });
    expect(await cli('show', '99')).toMatchObject({ code: 1, stderr: expect.stringContaining('99 is not on the list') });
  });

  it('import notes topics that are not sections of issue.md, storing them as written', async () => {
    const content = join(dir, 'content');
    (await import('node:fs')).mkdirSync(content, { recursive: true });
    writeFileSync(join(content, 'issue.md'), '---\nsections:\n  - World\n  - Science\n---\n');
    const csv = join(dir, 'topics.csv');
    writeFileSync(csv, 'email,status,topics\na@example.org,confirmed,World\nb@example.org,confirmed,Sports;science\nc@example.org,confirmed,sports\n');
    const r = await cli('import', csv, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 3, unknownTopics: [{ topic: 'Sports', lines: 2 }] });
    expect(r.stderr).toContain('note: a topic that is not a section of');
    expect(r.stderr).toContain('"Sports" (2 lines)');
    expect(JSON.parse((await cli('show', 'c@example.org', '--json')).stdout).preferences.topics).toEqual(['sports']);
  });

  it('adds a confirmed subscriber, lists, shows, removes and exports with the history kept', async () => {
    expect(await cli('add', 'Ann@Example.org', '--name', 'Ann Lee', '--confirmed')).toMatchObject({ code: 0, stdout: 'Added Ann@example.org as confirmed.\n' });
    expect((await cli('add', 'bob@example.net', '--confirmed')).code).toBe(0);
    const listed = await cli('list');
    expect(listed.stdout).toMatch(/^\s+1 {2}confirmed {4}\s+\d{4}-\d\d-\d\d {2}Ann@example\.org {2}"Ann Lee"$/m);
    // Columns line up: the names start at one offset, under NAME (issue 14 item 22).
    const lines = listed.stdout.split('\n').filter((l) => /"|NAME| -$/.test(l));
    expect(new Set(lines.map((l) => l.search(/"|NAME|-$/))).size).toBe(1);
    expect(listed.stdout).toContain('2 subscribers: 2 confirmed.');

    const removed = await cli('remove', 'ann@example.org', '--reason', 'asked by phone');
    expect(removed).toMatchObject({ code: 0, stdout: expect.stringContaining('Unsubscribed Ann@example.org') });
    expect((await cli('remove', 'ann@example.org')).stdout).toContain('unsubscribed already; nothing changed');
    expect(await cli('remove', 'nobody@example.org')).toMatchObject({ code: 1, stderr: expect.stringContaining('nobody@example.org is not on the list') });

    const json = JSON.parse((await cli('list', '--json')).stdout);
    expect(json).toHaveLength(2);
    expect(json[0]).toMatchObject({ id: 1, email: 'Ann@example.org', name: 'Ann Lee', status: 'unsubscribed' });
    expect(json[0].history.map((h: { from: string | null; to: string; source: string; reason: string }) => [h.from, h.to, h.source, h.reason])).toEqual([
      [null, 'confirmed', 'cli', 'added as confirmed by the operator'],
      ['confirmed', 'unsubscribed', 'cli', 'asked by phone'],
    ]);
    expect(JSON.parse((await cli('list', '--json', '--status', 'confirmed')).stdout).map((s: { email: string }) => s.email)).toEqual(['bob@example.net']);
    expect((await cli('list')).stdout).toMatch(/unsubscribed .*Ann@example\.org.*\(cli: asked by phone\)/);

    const shown = await cli('show', 'ANN@example.org');
    expect(shown.stdout).toMatch(/^Ann@example\.org \(Ann Lee\): unsubscribed/);
    expect(shown.stdout).toMatch(/confirmed +-> unsubscribed +cli +asked by phone/);
    expect(JSON.parse((await cli('show', 'ann@example.org', '--json')).stdout).history).toHaveLength(2);

    const exported = await cli('export');
    expect(exported.stdout).toBe('email,name,status,timezone,hour,frequency,topics\nAnn@example.org,Ann Lee,unsubscribed,,,daily,\nbob@example.net,,confirmed,,,daily,\n');
    expect(await cli('list', '--status', 'nope')).toMatchObject({ code: 1, stderr: expect.stringContaining('"nope" is not a status') });
  });

  it('adds a pending subscriber and mails the confirmation link through SMTP_URL', async () => {
    const added = await cli('add', 'new@example.org');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added new@example.org (pending until they confirm).');
    expect(added.stdout).toContain('Confirmation mail sent via smtp 127.0.0.1:');
    const mail = await inbox.nth(1);
    expect(mail.subject).toBe('Confirm your subscription to Gazette');
    const link = new URL(confirmLinkIn(mail));
    expect(`${link.origin}${link.pathname}`).toBe('https://news.example.org/gazette/confirm');
    expect(readConfirmToken(createTokenSigner(SECRET), link.searchParams.get('token'))?.id).toBe(1);
    expect(JSON.parse((await cli('show', 'new@example.org', '--json')).stdout).status).toBe('pending');
    // Adding again mails a fresh link.
    expect((await cli('add', 'new@example.org')).stdout).toContain('already pending; mailing a new confirmation link');
    await inbox.nth(2);
  });

  it('writes the confirmation to the outbox when no SMTP_URL is set', async () => {
    delete env.SMTP_URL;
    const added = await cli('add', 'outbox@example.org');
    expect(added.code).toBe(0);
    const day = readdirSync(join(dir, 'outbox'))[0]!;
    const folder = join(dir, 'outbox', day, 'confirmations');
    const [file] = readdirSync(folder);
    const mail = await simpleParser(readFileSync(join(folder, file!)));
    expect(mail.to).toMatchObject({ value: [{ address: 'outbox@example.org' }] });
    expect(confirmLinkIn(mail)).toMatch(/^https:\/\/news\.example\.org\/gazette\/confirm\?token=/);
    // A second confirmation (a new link) gets a file of its own: the first is not overwritten.
    expect((await cli('add', 'outbox@example.org')).stdout).toContain('mailing a new confirmation link');
    const files = readdirSync(folder);
    expect(files).toHaveLength(2);
    const ids = await Promise.all(files.map(async (f) => (await simpleParser(readFileSync(join(folder, f)))).messageId));
    expect(new Set(ids).size).toBe(2);
  });

  it('refuses an invalid address, naming it and why', async () => {
    const bad = await cli('add', 'victim@example.org\r\nBcc: all@example.com', '--confirmed');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"victim@example.org\\r\\nBcc: all@example.com" contains a line break');
    expect((await cli('add', 'not-an-address')).stderr).toMatch(/"not-an-address" must contain exactly one "@"/);
    expect(existsSync(join(dir, 'outbox'))).toBe(false);
    expect(inbox.mails).toHaveLength(0);
  });

  it('never re-subscribes a departed address on the operator\'s word; a confirmation link is the way back', async () => {
    await cli('add', 'gone@example.org', '--confirmed');
    await cli('remove', 'gone@example.org');
    const forced = await cli('add', 'gone@example.org', '--confirmed');
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/gone@example\.org unsubscribed on .* \(removed by the operator\); Gazette does not re-subscribe an address without its owner's consent/);
    const asked = await cli('add', 'gone@example.org');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('they are subscribed again once they open it');
    await inbox.nth(1);
    expect(JSON.parse((await cli('show', 'gone@example.org', '--json')).stdout).status).toBe('unsubscribed');
  });

  it('imports a CSV, reporting each bad line on stderr with file and line, and exits 1 when some were invalid', async () => {
    await cli('add', 'gone@example.net', '--confirmed');
    await cli('remove', 'gone@example.net');
    const imported = await cli('import', MESSY);
    expect(imported.code).toBe(1);
    const lines = imported.stderr.trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe(`${MESSY}:5: invalid: address "victim@example.org\\nBcc: everyone@example.com" contains a line break or another control character; an address is a single line`);
    expect(lines).toContain(`${MESSY}:8: duplicate: duplicate of line 2; this line was ignored`);
    expect(lines.find((l) => l.startsWith(`${MESSY}:9: refused: unsubscribed since`))).toBeDefined();
    expect(imported.stdout).toContain('4 new, 0 updated, 0 unchanged; 2 duplicate, 6 invalid, 1 refused (13 lines read)');
    // The new addresses without status=confirmed are mailed a confirmation link; the confirmed one is not.
    expect(imported.stdout).toMatch(/Mailed 3 new pending subscribers a confirmation link via smtp 127\.0\.0\.1:\d+/);
    await inbox.nth(3);
    const mailedTo = inbox.mails.map((m) => (Array.isArray(m.to) ? '' : m.to?.value[0]?.address)).sort();
    expect(mailedTo).toEqual(['grace@example.org', 'heidi@example.org', 'ivan@example.net']);

    const again = await cli('import', MESSY, '--json');
    expect(JSON.parse(again.stdout)).toEqual({ file: MESSY, rows: 13, imported: 0, updated: 0, unchanged: 4, duplicates: 2, invalid: 6, refused: 1, pending: 0, unknownTopics: [], mailed: null });
    expect(inbox.mails).toHaveLength(3);
    expect(JSON.parse((await cli('show', 'gone@example.net', '--json')).stdout).status).toBe('unsubscribed');
  });

  it('leaves new pending subscribers unmailed with --no-mail, and says so', async () => {
    const file = join(dir, 'pending.csv');
    writeFileSync(file, 'email\nquiet@example.org\n');
    const imported = await cli('import', file, '--no-mail');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('1 new subscribers are pending and were not mailed');
    expect(inbox.mails).toHaveLength(0);
    expect(JSON.parse((await cli('show', 'quiet@example.org', '--json')).stdout).status).toBe('pending');
  });

  // Issue 14 item 17: `gazette subscribers list | head` ended in an EPIPE stack trace.
  it('ends quietly when the reader of its output goes away (a real process and pipe)', async () => {
    const rows = ['email,name,status', ...Array.from({ length: 3000 }, (_, i) => `reader${i}@example.org,Reader ${i},confirmed`)];
    writeFileSync(join(dir, 'many.csv'), rows.join('\n'));
    expect((await cli('import', join(dir, 'many.csv'))).code).toBe(0);
    for (const args of [['subscribers', 'list'], ['subscribers', 'export'], ['subscribers', 'show', 'reader1@example.org']]) {
      const child = spawn(process.execPath, [resolve('bin', 'gazette.js'), ...args], { env: { ...process.env, ...env, GAZETTE_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c) => { stderr += c; });
      // Like `head -1`: read one chunk, then close the pipe.
      child.stdout.once('data', () => { child.stdout.destroy(); });
      const [code] = (await once(child, 'close')) as [number | null];
      expect(stderr, args.join(' ')).not.toMatch(/EPIPE|Error|at /);
      expect(code, args.join(' ')).toBe(0);
    }
  });

  it('reads back what export wrote, and exits 0 on a clean file', async () => {
    await cli('import', resolve('content', 'subscribers.csv'));
    await cli('remove', 'ada@example.com');
    await cli('add', 'comma@example.org', '--name', 'Lee, "Ann"', '--confirmed');
    const exported = (await cli('export')).stdout;
    const file = join(dir, 'export.csv');
    writeFileSync(file, exported);
    const fresh = tmpDir();
    env = await freshEnv(fresh, { GAZETTE_SECRET: SECRET });
    const imported = await cli('import', file);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe('');
    expect((await cli('export')).stdout).toBe(exported);
  });

  it('says what is wrong with a file it cannot read or use', async () => {
    expect(await cli('import', join(dir, 'missing.csv'))).toMatchObject({ code: 1, stderr: expect.stringContaining(`Cannot read ${join(dir, 'missing.csv')}`) });
    const noHeader = join(dir, 'no-header.csv');
    writeFileSync(noHeader, 'ann@example.org,Ann\n');
    expect((await cli('import', noHeader)).stderr).toContain(`${noHeader}: The CSV's first line must be a header row with an \`email\` column`);
  });
});
