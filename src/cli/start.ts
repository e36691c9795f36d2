// `gazette start` (what `npm start` runs): the main job on embedded defaults.
// It builds today's issue from content/, makes sure the sample subscribers are
// on the list when mail goes to the outbox folder, and delivers the issue
// exactly once per subscriber: now to readers without an hour of their own (or
// whose hour has passed), and says when the rest fall due. Running it again
// the same day sends nothing twice.
import type { Command } from 'commander';
import { parseContentDir } from './options.js';
import { join, relative, resolve } from 'node:path';
import { buildIssue } from '../pipeline/build-issue.js';
import { importSampleSubscribers } from '../subscribers/index.js';
import type { CliContext } from './context.js';
import { println } from './context.js';
import { printBuilt, reportProblems } from './build.js';
import { printReport, sendRecorded } from './send.js';
import { planDue } from '../pipeline/deliver-due.js';
import { dueGroupsOf } from '../pipeline/open-editions.js';
import { readers } from './plural.js';
import { weeklyLaterLines } from './plan-lines.js';

/** Registers `gazette start`. */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description("the main job: build today's issue from content/ and deliver it (npm start)")
    .option('--content <dir>', 'content folder', parseContentDir)
    .action(async (flags: { content?: string }) => {
      const app = ctx.boot({ contentDir: flags.content }, { quiet: true });
      try {
        const built = await buildIssue(app.buildParts(), app.buildSettings());
        reportProblems(ctx.io, built);
        // Reused with nobody owed a copy, now or later: the issue is delivered, not "being delivered".
        const owing = built.reused ? (await planDue(app)).find((e) => e.edition === built.stored.issue.date) : undefined;
        printBuilt(ctx.io, built, { settled: built.reused && (!owing || owing.owed + owing.notYetDue === 0) });

        // Sample addresses only ever go to the outbox: with a real SMTP server
        // configured, the list is the operator's own and nothing is added to it.
        if (!app.config.smtpUrl) {
          const samples = join(resolve(app.config.contentDir), 'subscribers.csv');
          const imported = await importSampleSubscribers(app.subscribers(), samples, (p) => ctx.io.err.write(`warning: ${samples} line ${p.line}: ${p.message}\n`));
          if (imported && imported.imported > 0) println(ctx.io, `Added ${imported.imported} sample subscribers from ${relative(process.cwd(), samples)}.`);
        }

        // Readers with their own hour get it then (from `gazette run`); the rest now.
        const date = built.stored.issue.date;
        await app.issues().freeze(date, app.clock.now());
        const report = await sendRecorded(ctx, app, built.stored, false, await dueGroupsOf(app, date, app.clock.now()));
        printReport(ctx.io, report);
        for (const e of await planDue(app)) {
          if (e.kind === 'weekly') for (const line of weeklyLaterLines(e, app.config.tz)) println(ctx.io, `  ${line}; keep \`gazette run\` running to deliver it.`);
          else if (e.notYetDue) println(ctx.io, `  ${e.edition}: ${readers(e.notYetDue)} at their own hour: ${e.later.map((l) => `${l.subscribers} at ${l.at}`).join(', ')}; keep \`gazette run\` running to deliver them.`);
        }
        if (!app.config.smtpUrl) println(ctx.io, '  (no SMTP_URL is set, so each message was written as an .eml file; set SMTP_URL to send real mail)');
        if (report.pending > 0) ctx.setExitCode(1);
      } finally {
        await app.close();
      }
    });
}
