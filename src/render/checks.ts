// The issue's pre-flight checks, shown in the preview and printed by `build`:
// size against Gmail's clipping limit, email-client support (caniemail),
// images without alt text, links that are not absolute https, and hidden or
// low-contrast text. They warn; they never stop a build.
import { checkClientSupport, clientList, CHECKED_CLIENTS, type ClientFinding } from './check-clients.js';

export type { ClientFinding } from './check-clients.js';
export { loadMjmlBaseline } from './check-baseline.js';
import { checkMarkup } from './check-markup.js';
import { findingKey, mjmlBaselineIfLoaded } from './check-baseline.js';
import { PERSONAL_MARKERS } from './personal.js';

/** Gmail shows "[Message clipped]" past 102 KB of HTML and hides the rest, footer and unsubscribe link included. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** Warn from this share of the limit: one long story more should not clip the issue unannounced. */
export const SIZE_WARN_SHARE = 0.9;

/**
 * Bytes a recipient's values may take where the markers stand: a long address
 * and the unsubscribe and preferences URLs with their signed tokens. Generous
 * on purpose, so the size check errs on the safe side.
 */
const PERSONAL_ALLOWANCE: Record<keyof typeof PERSONAL_MARKERS, number> = { email: 80, unsubscribeUrl: 240, preferencesUrl: 240 };

export type CheckKind = 'size' | 'clients' | 'images' | 'links' | 'hidden' | 'contrast';

export interface Check {
  kind: CheckKind;
  level: 'info' | 'warning';
  /** One line, for the terminal and the preview. */
  message: string;
}

export interface CheckReport {
  /** Bytes of the rendered HTML (with personal markers). */
  htmlBytes: number;
  /** Estimated bytes as a recipient gets it (markers replaced by generous values). */
  sentBytes: number;
  limitBytes: number;
  checks: Check[];
  /** Every client finding, partial support included, for the preview's details. */
  clients: ClientFinding[];
}

export interface CheckOptions {
  /** Client globs (doiuse-email syntax); default Gmail, Outlook and Apple Mail. */
  clients?: readonly string[];
  /** Skip the client-support check (it takes a few hundred milliseconds). */
  skipClients?: boolean;
  /** Client findings computed earlier for the same markup (the preview caches them). */
  clientFindings?: ClientFinding[];
  /** Feature-client pairs every MJML email has (check-baseline.ts); default: the loaded baseline, if any. */
  expected?: ReadonlySet<string>;
}

/** Runs every check over a rendered issue's HTML (as stored, personal markers in it). */
export function checkIssueHtml(html: string, options: CheckOptions = {}): CheckReport {
  const htmlBytes = Buffer.byteLength(html);
  const sentBytes = estimateSentBytes(html);
  const checks: Check[] = [sizeCheck(sentBytes)];
  const markup = checkMarkup(html);
  for (const src of markup.imagesWithoutAlt) {
    checks.push({ kind: 'images', level: 'warning', message: `image without alt text: ${src} (add alt="…", or alt="" if it is decoration)` });
  }
  if (markup.insecureLinks.length > 0) {
    const shown = markup.insecureLinks.slice(0, 3).map((l) => (l.count > 1 ? `${l.url} (${l.count}×)` : l.url));
    const more = markup.insecureLinks.length - shown.length;
    checks.push({
      kind: 'links', level: 'warning',
      message: `${markup.insecureLinks.length} link${markup.insecureLinks.length === 1 ? ' is' : 's are'} not absolute https: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''} (set PUBLIC_URL to an https address; fix article URLs)`,
    });
  }
  for (const h of markup.hiddenText) {
    checks.push({ kind: 'hidden', level: 'warning', message: `hidden text "${h.text}": ${h.why} (spam filters score hidden text; show it or remove it)` });
  }
  for (const c of markup.lowContrast) {
    checks.push({ kind: 'contrast', level: 'warning', message: `low-contrast text "${c.text}": ${c.color} on ${c.background} is ${c.ratio}:1 (needs 4.5:1)` });
  }
  const clients = options.clientFindings ?? (options.skipClients ? [] : checkClientSupport(html, options.clients ?? CHECKED_CLIENTS));
  checks.push(...clientChecks(clients, options.expected ?? mjmlBaselineIfLoaded()));
  return { htmlBytes, sentBytes, limitBytes: GMAIL_CLIP_BYTES, checks, clients };
}

/** The HTML's size with every personal marker replaced by a generous value. */
export function estimateSentBytes(html: string): number {
  let bytes = Buffer.byteLength(html);
  for (const key of Object.keys(PERSONAL_MARKERS) as (keyof typeof PERSONAL_MARKERS)[]) {
    const count = html.split(PERSONAL_MARKERS[key]).length - 1;
    bytes += count * (PERSONAL_ALLOWANCE[key] - PERSONAL_MARKERS[key].length);
  }
  return bytes;
}

function sizeCheck(bytes: number): Check {
  const share = bytes / GMAIL_CLIP_BYTES;
  const size = `${kb(bytes)} of HTML, ${Math.round(share * 100)}% of Gmail's ${kb(GMAIL_CLIP_BYTES)} clipping limit`;
  if (share >= 1) return { kind: 'size', level: 'warning', message: `size: ${size}: Gmail will clip it and hide the footer with the unsubscribe link (publish fewer stories or shorter summaries)` };
  if (share >= SIZE_WARN_SHARE) return { kind: 'size', level: 'warning', message: `size: ${size}: close to clipping (publish fewer stories or shorter summaries)` };
  return { kind: 'size', level: 'info', message: `size: ${size}` };
}

/**
 * Unsupported features in one warning per set of clients lacking them, except
 * those every MJML email has (`expected`), which are counted in one line;
 * partial support in one line.
 */
function clientChecks(findings: readonly ClientFinding[], expected?: ReadonlySet<string>): Check[] {
  const byClients = new Map<string, string[]>();
  let usual = 0;
  for (const f of findings.filter((x) => x.support === 'none')) {
    const clients = f.clients.filter((c) => !expected?.has(findingKey(f.feature, c)));
    usual += f.clients.length - clients.length;
    if (clients.length === 0) continue;
    const who = clientList(clients);
    byClients.set(who, [...(byClients.get(who) ?? []), f.feature]);
  }
  const checks: Check[] = [...byClients].map(([who, features]) => ({
    kind: 'clients', level: 'warning', message: `client support: no ${features.join(', ')} in ${who}`,
  }));
  if (usual > 0) {
    checks.push({ kind: 'clients', level: 'info', message: `client support: ${usual} gaps come with MJML's own markup, which is built to degrade there; the preview lists them` });
  }
  const partial = findings.filter((f) => f.support === 'partial');
  if (partial.length > 0) {
    checks.push({ kind: 'clients', level: 'info', message: `client support: ${partial.length} more features are only partly supported (${partial.slice(0, 4).map((f) => f.feature).join(', ')}${partial.length > 4 ? ', …' : ''}); the preview lists them` });
  }
  return checks;
}

/** The report as terminal lines: `warning: …` or `check: …`. */
export function formatChecks(report: CheckReport): string[] {
  return report.checks.map((c) => `${c.level === 'warning' ? 'warning' : 'check'}: ${c.message}`);
}

function kb(bytes: number): string {
  return `${Number((bytes / 1024).toFixed(1))} KB`;
}
