// Email-client support of the issue's HTML and CSS, from the caniemail data
// that @jsx-email/doiuse-email carries. Its raw output repeats one line per
// element and per client (hundreds for one issue); this folds it into one line
// per feature, naming the clients grouped by family.
import { doIUseEmail } from '@jsx-email/doiuse-email';

/** The client families an issue is checked against: most subscribers read in one of these. */
export const CHECKED_CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'] as const;

export interface ClientFinding {
  /** The feature as caniemail names it, e.g. "@media" or "<body> element". */
  feature: string;
  /** Clients without support, e.g. ["gmail.mobile-webmail", "outlook.windows"]. */
  clients: string[];
  /** "none": not supported at all; "partial": supported with limits (see notes). */
  support: 'none' | 'partial';
  /** caniemail's notes on the limits, deduplicated. */
  notes: string[];
}

const LINE = /^`(.+)` is (not|only partially) supported by `([^`]+)`$/;
const NOTE = /^Note about `(.+)` support for `([^`]+)`: (.+)$/;

/** Runs caniemail's data over `html` and folds the result into one finding per feature and support level. */
export function checkClientSupport(html: string, clients: readonly string[] = CHECKED_CLIENTS): ClientFinding[] {
  const result = doIUseEmail(html, { emailClients: [...clients] });
  const errors = 'errors' in result ? result.errors : [];
  const byKey = new Map<string, ClientFinding>();
  for (const line of [...errors, ...result.warnings]) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, feature, level, client] = m as unknown as [string, string, string, string];
    const support = level === 'not' ? 'none' : 'partial';
    const key = `${support}\u0000${feature}`;
    const finding = byKey.get(key) ?? { feature, clients: [], support, notes: [] };
    if (!finding.clients.includes(client)) finding.clients.push(client);
    byKey.set(key, finding);
  }
  for (const line of result.notes) {
    const m = NOTE.exec(line);
    if (!m) continue;
    const [, feature, client, note] = m as unknown as [string, string, string, string];
    for (const finding of byKey.values()) {
      if (finding.feature !== feature || !finding.clients.includes(client)) continue;
      const text = `${client}: ${note}`;
      if (!finding.notes.includes(text)) finding.notes.push(text);
    }
  }
  return [...byKey.values()].sort((a, b) => (a.support === b.support ? a.feature.localeCompare(b.feature) : a.support === 'none' ? -1 : 1));
}

/** "Gmail (mobile-webmail), Outlook (windows, windows-mail)": clients grouped by family. */
export function clientList(clients: readonly string[]): string {
  const families = new Map<string, string[]>();
  for (const c of clients) {
    const [family = c, platform = ''] = c.split('.');
    families.set(family, [...(families.get(family) ?? []), platform].filter(Boolean));
  }
  return [...families].map(([family, platforms]) => `${FAMILY_NAMES[family] ?? family}${platforms.length ? ` (${platforms.join(', ')})` : ''}`).join(', ');
}

const FAMILY_NAMES: Record<string, string> = { gmail: 'Gmail', outlook: 'Outlook', 'apple-mail': 'Apple Mail' };
