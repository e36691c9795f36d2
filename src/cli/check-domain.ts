// `gazette check-domain`: SPF, DKIM and DMARC of MAIL_FROM's domain (and SPF
// of the bounce domain), one line each with the record to add; and the short
// warning `send` prints before a send when something is missing.
import type { Command } from 'commander';
import type { App } from '../app.js';
import { parseSender } from '../deliver/headers.js';
import { checkDomain, isReservedDomain, type DomainCheckSettings, type Finding } from '../deliver/domain-check.js';
import { dkimKey } from '../deliver/transports/index.js';
import { type CliContext, type Io, printJson, println } from './context.js';

/** Registers `gazette check-domain`. */
export function registerCheckDomain(program: Command, ctx: CliContext): void {
  program
    .command('check-domain')
    .description("check the sender's domain: SPF, DKIM (for DKIM_SELECTOR) and DMARC, with the DNS records to add")
    .option('--json', 'print the findings as JSON')
    .action(async (flags: { json?: boolean }) => {
      const app = ctx.boot({}, { quiet: true });
      try {
        const findings = await checkDomain(domainSettings(app));
        if (flags.json) printJson(ctx.io, findings);
        else for (const f of findings) println(ctx.io, formatFinding(f));
        if (findings.some((f) => f.level !== 'ok')) ctx.setExitCode(1);
      } finally {
        await app.close();
      }
    });
}

/** What to look up, from the app's settings. */
export function domainSettings(app: App, timeoutMs?: number): DomainCheckSettings {
  const { config } = app;
  const key = dkimKey(config);
  return {
    fromDomain: parseSender(config.mailFrom).domain,
    bounceDomain: app.bounceDomain(),
    dkim: key ? { domain: key.domainName, selector: key.keySelector, privateKey: key.privateKey } : undefined,
    servers: config.dnsServers?.split(',').map((s) => s.trim()).filter(Boolean),
    timeoutMs,
  };
}

/** One finding as one line. */
export function formatFinding(f: Finding): string {
  return `${f.check} ${f.level === 'ok' ? 'ok' : f.level}: ${f.text}`;
}

// Once per process: the scheduler sends every day, and the records rarely change within a run.
const checked = new Map<string, Promise<Finding[]>>();

/**
 * Before a send over SMTP: one warning line per missing or misaligned record.
 * Never fails the send (a lookup error is a warning too); skipped for the
 * reserved example domains, which have no records to find.
 */
export async function warnAboutDomain(io: Io, app: App): Promise<void> {
  if (!app.config.smtpUrl) return;
  const settings = domainSettings(app, 2000);
  if (isReservedDomain(settings.fromDomain)) return;
  const key = JSON.stringify({ ...settings, dkim: settings.dkim ? [settings.dkim.domain, settings.dkim.selector] : null });
  let pending = checked.get(key);
  if (!pending) checked.set(key, (pending = checkDomain(settings)));
  try {
    for (const f of await pending) {
      if (f.level !== 'ok') io.err.write(`gazette: warning: ${formatFinding(f)} (details: gazette check-domain)\n`);
    }
  } catch (err) {
    io.err.write(`gazette: warning: could not check the sender's domain (${(err as Error).message})\n`);
  }
}
