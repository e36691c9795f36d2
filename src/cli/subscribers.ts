// `gazette subscribers add|import|list|show|remove|export`: the operator's view
// of the list. Thin: parse, call the store (and the confirmation mailer), print.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { App } from '../app.js';
import { GazetteError } from '../errors.js';
import { issueSectionNames } from '../gather/issue-file.js';
import { checkAddress } from '../subscribers/address.js';
import { CSV_COLUMNS, exportSubscribersCsv } from '../subscribers/export-csv.js';
import { importSubscribersCsv, type ImportSummary } from '../subscribers/import-csv.js';
import { describePreferences } from '../subscribers/preferences.js';
import { DEPARTED, STATUSES, type StatusChange, type SubscriberStore } from '../subscribers/store.js';
import type { Subscriber, SubscriberStatus } from '../subscribers/types.js';
import { type CliContext, type Io, printJson, println, withQuietApp } from './context.js';
import { count } from './plural.js';
import { registerRestore } from './subscribers-restore.js';

const PAGE = 1000;
const MAX_EMAIL_COLUMN = 48;

/** Registers `gazette subscribers` and its subcommands. */
export function registerSubscribers(program: Command, ctx: CliContext): void {
  const group = program.command('subscribers').description('manage the subscriber list: add, import, list, show, remove, restore, export');
  // Commands that only read (list, show, export) never create a database.
  const withApp = (run: (app: App) => Promise<void>, database: 'create' | 'existing' = 'create') => withQuietApp(ctx, run, database);

  group
    .command('add <email>')
    .description('add one subscriber; without --confirmed they are mailed a confirmation link first (double opt-in)')
    .option('--name <name>', 'their name')
    .option('--confirmed', 'add as confirmed, without a confirmation mail (only with their consent on record)')
    .action((email: string, flags: { name?: string; confirmed?: boolean }) => withApp((app) => add(app, ctx, email, flags)));

  group
    .command('import <file>')
    .description(`import a CSV with a header row: email, and optionally ${CSV_COLUMNS.slice(1).join(', ')} (the columns export writes). New addresses without status=confirmed are mailed a confirmation link; confirmed ones get no mail. Exits 1 when some lines were invalid or some mail failed`)
    .option('--json', 'print the summary as JSON')
    .option('--no-mail', 'do not mail the new pending subscribers (they stay pending)')
    .action((file: string, flags: { json?: boolean; mail: boolean }) => withApp((app) => importFile(app, ctx, file, flags)));

  group
    .command('list')
    .description('list subscribers with their status, since when and why')
    .option('--json', 'print JSON, each subscriber with its full status history')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`, parseStatus)
    .action((flags: { json?: boolean; status?: SubscriberStatus }) => withApp((app) => list(app.subscribers(), ctx.io, flags), 'existing'));

  group
    .command('show <address-or-id>')
    .description("one subscriber, their preferences (time zone, hour, frequency, topics) and every change of their status and preferences (answers \"why did they stop getting it?\")")
    .option('--json', 'print JSON')
    .action((who: string, flags: { json?: boolean }) => withApp((app) => show(app.subscribers(), ctx.io, who, { ...flags, listZone: app.config.tz }), 'existing'));

  group
    .command('remove <email>')
    .description('unsubscribe an address (its history is kept; an import never brings it back)')
    .option('--reason <text>', 'why, for the history', 'removed by the operator')
    .action((email: string, flags: { reason: string }) => withApp((app) => remove(app.subscribers(), ctx.io, email, flags.reason)));

  registerRestore(group, ctx, withApp);

  group
    .command('export')
    .description(`print the whole list as CSV (${CSV_COLUMNS.join(',')}), which import reads back`)
    .option('--status <status>', 'only this status', parseStatus)
    .action((flags: { status?: SubscriberStatus }) => withApp(async (app) => {
      const out = ctx.io.out;
      await exportSubscribersCsv(app.subscribers(), async (chunk) => {
        if (!out.write(chunk)) await once(out, 'drain');
      }, flags.status);
    }, 'existing'));
}

function parseStatus(value: string): SubscriberStatus {
  if (!STATUSES.includes(value as SubscriberStatus)) throw new InvalidArgumentError(`"${value}" is not a status; use one of ${STATUSES.join(', ')}.`);
  return value as SubscriberStatus;
}

function checked(email: string): string {
  const result = checkAddress(email);
  if (!result.ok) throw new GazetteError('INPUT', `The address ${JSON.stringify(email)} ${result.reason}.`);
  return result.email;
}

async function add(app: App, ctx: CliContext, rawEmail: string, flags: { name?: string; confirmed?: boolean }): Promise<void> {
  const email = checked(rawEmail);
  const name = flags.name?.trim();
  if (name && /[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new GazetteError('INPUT', 'The name contains a line break or another control character; give it on one line.');
  const store = app.subscribers();
  const status = flags.confirmed ? 'confirmed' : 'pending';
  const [outcome] = await store.upsertMany([{ email, name, status }], { source: 'cli', reason: flags.confirmed ? 'added as confirmed by the operator' : 'added by the operator' });
  if (!outcome || outcome.kind === 'duplicate') throw new Error('upsert returned no outcome');
  const subscriber = outcome.subscriber;
  const io = ctx.io;

  if (outcome.kind === 'refused') {
    const left = await lastChange(store, subscriber.id);
    const why = `${subscriber.email} ${describeStatus(subscriber.status)} on ${left?.at ?? outcome.since}${left ? ` (${left.reason})` : ''}`;
    if (subscriber.status === 'complained' || flags.confirmed) {
      throw new GazetteError('INPUT', subscriber.status === 'complained'
        ? `${why}; Gazette will not mail this address again.`
        : `${why}; Gazette does not re-subscribe an address without its owner's consent. Run \`gazette subscribers add ${subscriber.email}\` without --confirmed to mail them a confirmation link.`);
    }
    println(io, `${why}.`);
    await sendConfirmation(app, ctx, subscriber, 'they are subscribed again once they open it');
    return;
  }
  if (subscriber.status === 'confirmed') {
    const was = outcome.kind === 'updated' && outcome.statusChanged ? ' (was pending)' : '';
    println(io, outcome.kind === 'created' ? `Added ${subscriber.email} as confirmed.` : `${subscriber.email} is confirmed${was}${outcome.kind === 'updated' && !outcome.statusChanged ? '; name updated' : ''}.`);
    return;
  }
  println(io, outcome.kind === 'created' ? `Added ${subscriber.email} (pending until they confirm).` : `${subscriber.email} is already pending; mailing a new confirmation link.`);
  await sendConfirmation(app, ctx, subscriber, 'they receive issues once they open it');
}

async function sendConfirmation(app: App, ctx: CliContext, subscriber: Subscriber, then: string): Promise<void> {
  const transport = app.transport({ subdir: 'confirmations' });
  try {
    const outcome = await (await app.confirmationMailer(transport)).send(subscriber);
    if (outcome.status !== 'sent') {
      throw new GazetteError('TRANSPORT', `The confirmation mail to ${subscriber.email} was not accepted (${transport.name}: ${outcome.response}). They stay pending; run the command again to retry.`);
    }
    await app.subscribers().claimConfirmation(subscriber.id, 0);
    println(ctx.io, `Confirmation mail sent via ${transport.name} (${outcome.response}); ${then}.`);
  } finally {
    await transport.close();
  }
}

/** Mails each of `ids` (still pending) a confirmation link, over as many connections as SMTP allows; failures go to stderr. */
async function mailPending(app: App, ctx: CliContext, ids: readonly number[]): Promise<{ sent: number; failed: number; via: string }> {
  const transport = app.transport({ subdir: 'confirmations' });
  const store = app.subscribers();
  const mailer = await app.confirmationMailer(transport);
  let next = 0;
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (next < ids.length) {
      const subscriber = await store.find(ids[next++]!);
      if (!subscriber || subscriber.status !== 'pending') continue;
      const outcome = await mailer.send(subscriber);
      if (outcome.status === 'sent') {
        sent += 1;
        await store.claimConfirmation(subscriber.id, 0);
      } else {
        failed += 1;
        ctx.io.err.write(`${subscriber.email}: confirmation mail not accepted (${outcome.response})\n`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(app.config.smtpMaxConnections, ids.length) }, worker));
  } finally {
    await transport.close();
  }
  return { sent, failed, via: transport.name };
}

async function importFile(app: App, ctx: CliContext, file: string, flags: { json?: boolean; mail: boolean }): Promise<void> {
  const input = createReadStream(file);
  // Fail before parsing with a clear message when the file cannot be opened.
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err) => reject(new GazetteError('INPUT', `Cannot read ${file}: ${err.message}`, { cause: err })));
  });
  let summary: ImportSummary;
  // Ids only (8 bytes each), so memory stays small however long the file is.
  const pending: number[] = [];
  // Topics are the editor's section names; a name that is none of them is
  // most likely a typo or an old section, and its readers would get the whole
  // issue (render/index.ts effectiveTopics). Stored as written, but said.
  const sections = new Set(issueSectionNames(app.config.contentDir).map((s) => s.toLowerCase()));
  // By name in any case (topics match sections in any case), shown as first written.
  const unknown = new Map<string, { topic: string; lines: number }>();
  try {
    summary = await importSubscribersCsv(app.subscribers(), input, {
      onTopics: (_line, topics) => {
        for (const t of topics) {
          const key = t.toLowerCase();
          if (sections.size === 0 || sections.has(key) || (unknown.size >= 50 && !unknown.has(key))) continue;
          const seen = unknown.get(key) ?? { topic: t, lines: 0 };
          seen.lines += 1;
          unknown.set(key, seen);
        }
      },
      reason: `imported from ${basename(file)}`,
      onProblem: (p) => ctx.io.err.write(`${file}:${p.line}: ${p.kind}: ${p.message}\n`),
      onCreated: (s) => { if (s.status === 'pending') pending.push(s.id); },
    });
  } catch (err) {
    if (err instanceof GazetteError) throw new GazetteError(err.code, `${file}: ${err.message}`, { cause: err.cause });
    throw err;
  }
  const mailed = flags.mail && pending.length > 0 ? await mailPending(app, ctx, pending) : null;
  const unknownTopics = [...unknown.values()];
  if (unknownTopics.length > 0) {
    const named = unknownTopics.slice(0, 10).map((u) => `"${u.topic}" (${count(u.lines, 'line')})`).join(', ');
    ctx.io.err.write(`${file}: note: ${unknownTopics.length === 1 ? 'a topic that is' : 'topics that are'} not a section of ${join(app.config.contentDir, 'issue.md')}: ${named}${unknownTopics.length > 10 ? ', …' : ''}. `
      + `They are stored as written; until the editor adds such a section, a reader whose topics are all unknown gets the whole issue.\n`);
  }
  if (flags.json) printJson(ctx.io, { file, ...summary, unknownTopics, mailed: mailed ? { sent: mailed.sent, failed: mailed.failed } : null });
  else {
    println(ctx.io, `Imported ${file}: ${summary.imported} new, ${summary.updated} updated, ${summary.unchanged} unchanged; ${summary.duplicates} duplicate, ${summary.invalid} invalid, ${summary.refused} refused (${summary.rows} lines read).`);
    if (mailed) {
      println(ctx.io, `Mailed ${mailed.sent} new pending subscribers a confirmation link via ${mailed.via}; they receive issues once they open it.`);
      if (mailed.failed > 0) println(ctx.io, `${mailed.failed} could not be mailed (listed on stderr); \`gazette subscribers add EMAIL\` retries one.`);
    } else if (summary.pending > 0) {
      println(ctx.io, `${summary.pending} new subscribers are pending and were not mailed: they receive nothing until they confirm (\`gazette subscribers add EMAIL\` mails one a confirmation link).`);
    }
  }
  if (summary.invalid > 0 || (mailed?.failed ?? 0) > 0) ctx.setExitCode(1);
}

async function lastChange(store: SubscriberStore, id: number): Promise<StatusChange | undefined> {
  return (await store.history(id)).at(-1);
}

function describeStatus(status: SubscriberStatus): string {
  return { pending: 'is pending', confirmed: 'is confirmed', unsubscribed: 'unsubscribed', bounced: 'bounced', complained: 'marked the mail as spam' }[status];
}

async function list(store: SubscriberStore, io: Io, flags: { json?: boolean; status?: SubscriberStatus }): Promise<void> {
  const counts = new Map<SubscriberStatus, number>();
  let first = true;
  let emailWidth = 5;
  if (flags.json) io.out.write('[');
  for (let afterId = 0; ;) {
    const page = await store.list({ afterId, limit: PAGE, status: flags.status });
    if (page.length === 0) break;
    for (const s of page) {
      counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
      const history = await store.history(s.id);
      if (flags.json) {
        const chunk = `${first ? '\n' : ',\n'}  ${JSON.stringify({ ...s, history })}`;
        if (!io.out.write(chunk)) await once(io.out, 'drain');
      } else {
        // The email column is as wide as the longest address of the first page
        // (capped, so one very long address does not push every name off screen).
        if (first) emailWidth = Math.min(MAX_EMAIL_COLUMN, Math.max(5, ...page.map((p) => p.email.length)));
        if (first) println(io, `${'ID'.padStart(6)}  ${'STATUS'.padEnd(12)}  ${'SINCE'.padEnd(10)}  ${'EMAIL'.padEnd(emailWidth)}  NAME  (WHY, FOR THOSE WHO LEFT)`);
        const last = history.at(-1);
        const why = DEPARTED.includes(s.status) && last ? `  (${last.source}: ${last.reason})` : '';
        const row = `${String(s.id).padStart(6)}  ${s.status.padEnd(12)}  ${(last?.at ?? s.updatedAt).slice(0, 10)}  ${s.email.padEnd(emailWidth)}  ${s.name ? JSON.stringify(s.name) : '-'}${why}`;
        if (!io.out.write(`${row}\n`)) await once(io.out, 'drain');
      }
      first = false;
    }
    afterId = page.at(-1)!.id;
  }
  if (flags.json) {
    io.out.write(first ? ']\n' : '\n]\n');
    return;
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = STATUSES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  println(io, total === 0 ? 'No subscribers.' : `${total} subscriber${total === 1 ? '' : 's'}: ${parts.join(', ')}.`);
}

async function show(store: SubscriberStore, io: Io, who: string, flags: { json?: boolean; listZone: string }): Promise<void> {
  // A number is an id (as the logs and the ledger name subscribers); anything else an address.
  const subscriber = await store.find(/^\d{1,15}$/.test(who) ? Number(who) : who);
  if (!subscriber) throw new GazetteError('NOT_FOUND', `${who} is not on the list (\`gazette subscribers list\` shows who is).`);
  const history = await store.history(subscriber.id);
  if (flags.json) {
    printJson(io, { ...subscriber, history });
    return;
  }
  println(io, `${subscriber.email}${subscriber.name ? ` (${subscriber.name})` : ''}: ${subscriber.status}; on the list since ${subscriber.createdAt}`);
  println(io, `  preferences: ${describePreferences(subscriber.preferences, flags.listZone)}`);
  for (const h of history) {
    println(io, `  ${h.at}  ${(h.from ?? 'new').padEnd(12)} -> ${h.to.padEnd(12)}  ${h.source.padEnd(8)}  ${h.reason}`);
  }
}

async function remove(store: SubscriberStore, io: Io, email: string, reason: string): Promise<void> {
  const result = await store.setStatus(email, 'unsubscribed', { source: 'cli', reason, onlyFrom: ['pending', 'confirmed'] });
  if (!result) throw new GazetteError('NOT_FOUND', `${email} is not on the list; nothing to remove (\`gazette subscribers list\` shows who is).`);
  const s = result.subscriber;
  if (result.changed) println(io, `Unsubscribed ${s.email}. Their history is kept; an import will not subscribe them again.`);
  else println(io, `${s.email} ${describeStatus(s.status)} already; nothing changed.`);
}
