// One build of the next issue for the preview: the real pipeline with
// persist:false (nothing saved to the issues table, nothing written to out/),
// so "latest" selection still sees the real history but the preview never
// changes what `build`, `send` or the archive see.
import { buildIssue, type BuildParts, type BuildSettings } from '../pipeline/build-issue.js';
import { personalize } from '../render/personalize.js';
import { messageOf } from '../errors.js';
import type { IssueStore } from '../store/issues.js';
import type { Dropped } from '../clean/index.js';
import type { ArrangedStory, Problem } from '../types.js';

/** The sample recipient the preview shows the issue to. */
export const SAMPLE_RECIPIENT = 'reader@example.com';

export interface PreviewIssue {
  date: string;
  subject: string;
  preheader: string;
  /** As stored: personal markers in place (what the checks read). */
  storedHtml: string;
  /** Personalised for the sample recipient: exactly what a subscriber's mail holds. */
  html: string;
  text: string;
  /** In the order shown, with their sections and the editor's summaries. */
  stories: ArrangedStory[];
  /** The editor's intro paragraphs (content/issue.md). */
  intro: string[];
  articleCount: number;
}

export type BuildOutcome =
  | { ok: true; issue: PreviewIssue; problems: Problem[]; dropped: Dropped[]; ms: number }
  | { ok: false; error: string; ms: number };

export interface PreviewBuildDeps {
  parts: BuildParts;
  settings: (date: string) => BuildSettings;
  issues: Pick<IssueStore, 'get'>;
  /** Today in the configured time zone. */
  today: () => string;
  /** A fixed date instead of the next unsent one. */
  date?: string;
  publicUrl: string;
}

/** Builds the next issue in memory; a failure (e.g. a template error) is returned, not thrown. */
export async function buildPreviewIssue(deps: PreviewBuildDeps): Promise<BuildOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const date = deps.date ?? await nextIssueDate(deps.issues, deps.today());
    const built = await buildIssue(deps.parts, { ...deps.settings(date), persist: false });
    const { stored } = built;
    const fields = {
      email: SAMPLE_RECIPIENT,
      unsubscribeUrl: `${deps.publicUrl.replace(/\/+$/, '')}/unsubscribe?token=sample-token`,
      preferencesUrl: `${deps.publicUrl.replace(/\/+$/, '')}/preferences?token=sample-token`,
    };
    const issue: PreviewIssue = {
      date: stored.issue.date,
      subject: stored.subject,
      preheader: stored.preheader,
      storedHtml: stored.html,
      html: personalize(stored.html, fields, { html: true }),
      text: personalize(stored.text, fields, { html: false }),
      stories: built.stories,
      intro: stored.issue.intro ?? [],
      articleCount: stored.issue.articleCount,
    };
    return { ok: true, issue, problems: built.problems, dropped: built.dropped, ms: ms() };
  } catch (err) {
    return { ok: false, error: messageOf(err), ms: ms() };
  }
}

/** Today, unless today's issue is already being delivered: then the first day after it that is not. */
export async function nextIssueDate(issues: Pick<IssueStore, 'get'>, today: string): Promise<string> {
  let date = today;
  for (let i = 0; i < 366 && (await issues.get(date))?.frozenAt; i++) date = addDays(date, 1);
  return date;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
