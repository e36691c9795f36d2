// `gazette subscribers restore EMAIL…`: undoes bounces recorded by mistake (a
// relay that refused the sender, not the addresses, used to cost subscribers
// their place). Only a bounced address is restored, to confirmed, with the
// change in its history; its refused copy of the newest edition still going
// out goes back to the queue, so the next `gazette send` delivers it.
import type { Command } from 'commander';
import type { App } from '../app.js';
import { openSendLedger } from '../deliver/index.js';
import { GazetteError } from '../errors.js';
import { openEditions } from '../pipeline/deliver-due.js';
import { type CliContext, println } from './context.js';

/** Registers `restore` under the `subscribers` command group. */
export function registerRestore(group: Command, ctx: CliContext, withApp: (run: (app: App) => Promise<void>) => Promise<void>): void {
  group
    .command('restore <email...>')
    .description('make bounced addresses confirmed again (a bounce recorded by mistake); recorded in their history')
    .option('--reason <text>', 'why, for the history', 'bounce undone by the operator')
    .action((emails: string[], flags: { reason: string }) => withApp((app) => restore(app, ctx, emails, flags.reason)));
}

async function restore(app: App, ctx: CliContext, emails: string[], reason: string): Promise<void> {
  const store = app.subscribers();
  const ledger = openSendLedger(app.engine());
  const missing: string[] = [];
  for (const email of emails) {
    const result = await store.setStatus(email, 'confirmed', { source: 'cli', reason, onlyFrom: ['bounced'] });
    if (!result) {
      missing.push(email);
      continue;
    }
    const s = result.subscriber;
    if (!result.changed) {
      println(ctx.io, `${s.email} is ${s.status}, not bounced; nothing changed.`);
      continue;
    }
    // The newest edition still going out in which their copy was refused: not
    // simply the newest edition on record (a replay with --at may have made a
    // later one), and not one closed already (nothing would send it).
    // A copy the relay took and a bounce report later returned is as
    // undelivered as one refused outright: it goes back too, with the same
    // Message-ID, so a reader whose bounce was a mistake still gets the issue.
    const now = app.clock.now();
    const bounced = new Set(await app.bounces().hardBouncedIssues(s.id));
    let reopened: string | null = null;
    for (const e of (await openEditions(app, now)).sort((a, b) => (a.date < b.date ? 1 : -1))) {
      const back = (await ledger.reopen(e.date, [s.id], now)) + (bounced.has(e.date) ? await ledger.reopen(e.date, [s.id], now, 'sent') : 0);
      if (back > 0) {
        reopened = e.date;
        break;
      }
    }
    println(ctx.io, `Restored ${s.email} to confirmed${reopened ? `; their copy of the issue of ${reopened} goes out with the next \`gazette send\`` : ''}.`);
  }
  if (missing.length > 0) {
    throw new GazetteError('NOT_FOUND', `Not on the list: ${missing.join(', ')}; nothing to restore (\`gazette subscribers list --status bounced\` shows who is bounced).`);
  }
}
