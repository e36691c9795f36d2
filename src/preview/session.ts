// The preview's state and its rebuild loop. Builds never overlap: a change
// during a build queues exactly one more. Each result bumps `version` and is
// announced to listeners (the SSE connections). The client-support check takes
// a few hundred milliseconds, so it runs just after the new issue is out and
// arrives as a second update; its result is cached by markup, since it depends
// on tags, attributes and CSS, not on the words of the stories.
import { checkClientSupport, type ClientFinding } from '../render/check-clients.js';
import { checkIssueHtml, type Check } from '../render/checks.js';
import type { Dropped } from '../clean/index.js';
import type { Problem } from '../types.js';
import type { BuildOutcome, PreviewIssue } from './snapshot.js';

export interface PreviewState {
  /** Bumps whenever anything the page shows changes. */
  version: number;
  /** Bumps when the email itself changed (the frames reload only then). */
  issueVersion: number;
  building: boolean;
  /** When the last build finished (ISO), and how long it took. */
  builtAt: string | null;
  ms: number;
  /** The last build's error; the page keeps showing the last issue that built. */
  error: string | null;
  issue: PreviewIssue | null;
  problems: Problem[];
  /** Every input or item left out of the issue, and why (the problems among them). */
  dropped: Dropped[];
  checks: Check[];
  /** Every client-support finding; null while that check is still running. */
  clientFindings: ClientFinding[] | null;
}

export type PreviewEvent = { type: 'building' } | { type: 'update'; version: number };
type Listener = (event: PreviewEvent) => void;

/** Holds the latest build and tells listeners about each new one. */
export class PreviewSession {
  private current: PreviewState = {
    version: 0, issueVersion: 0, building: false, builtAt: null, ms: 0, error: null, issue: null, problems: [], dropped: [], checks: [], clientFindings: null,
  };
  private readonly listeners = new Set<Listener>();
  private running: Promise<void> | null = null;
  private again = false;
  private clientTimer: NodeJS.Timeout | null = null;
  private clientCache: { key: string; findings: ClientFinding[] } | null = null;

  constructor(private readonly build: () => Promise<BuildOutcome>, private readonly now: () => Date = () => new Date()) {}

  /** The state the page shows now. */
  get state(): PreviewState {
    return this.current;
  }

  /** Calls `listener` on every event until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Rebuilds now, or once more after the build in progress; resolves when the state is current. */
  rebuild(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => { this.running = null; });
    return this.running;
  }

  /** Stops the pending client-support check. */
  close(): void {
    if (this.clientTimer) clearTimeout(this.clientTimer);
    this.listeners.clear();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.clientTimer) clearTimeout(this.clientTimer);
      this.set({ building: true }, false);
      this.emit({ type: 'building' });
      const outcome = await this.build();
      this.apply(outcome);
    } while (this.again);
    if (this.current.issue && this.current.clientFindings === null) {
      // A moment for the browser to fetch the new issue before this check holds the event loop.
      this.clientTimer = setTimeout(() => this.checkClients(), 150);
    }
  }

  private apply(outcome: BuildOutcome): void {
    const base = { building: false, builtAt: this.now().toISOString(), ms: outcome.ms };
    if (!outcome.ok) {
      this.set({ ...base, error: outcome.error });
      return;
    }
    const cached = this.cachedFindings(outcome.issue.storedHtml);
    const report = checkIssueHtml(outcome.issue.storedHtml, cached ? { clientFindings: cached } : { skipClients: true });
    this.set({
      ...base, error: null, issue: outcome.issue, problems: outcome.problems, dropped: outcome.dropped, checks: report.checks,
      clientFindings: cached, issueVersion: this.current.issueVersion + 1,
    });
  }

  private checkClients(): void {
    const issue = this.current.issue;
    if (!issue || this.running) return;
    const findings = checkClientSupport(issue.storedHtml);
    this.clientCache = { key: markupKey(issue.storedHtml), findings };
    const report = checkIssueHtml(issue.storedHtml, { clientFindings: findings });
    this.set({ checks: report.checks, clientFindings: findings });
  }

  private cachedFindings(html: string): ClientFinding[] | null {
    return this.clientCache?.key === markupKey(html) ? this.clientCache.findings : null;
  }

  private set(patch: Partial<PreviewState>, announce = true): void {
    this.current = { ...this.current, ...patch, version: this.current.version + 1 };
    if (announce) this.emit({ type: 'update', version: this.current.version });
  }

  private emit(event: PreviewEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * What client support depends on: the distinct tags with their attributes and
 * inline styles (link targets and alt texts blanked) plus the style sheets.
 * Text between tags, and how often a tag repeats, do not matter.
 */
export function markupKey(html: string): string {
  const sheets = html.match(/<style[\s\S]*?<\/style>/gi) ?? [];
  const tags = new Set((html.match(/<[^>]+>/g) ?? []).map((t) => t.replace(/\s(href|src|alt|title|aria-label)="[^"]*"/gi, ' $1=""')));
  return sheets.join('\n') + [...tags].sort().join('');
}
