// Stage 5: render. Handlebars fills the MJML template, MJML (strict) turns it
// into email-safe HTML, once per issue; a second template gives the plain
// text. Recipient-specific values stay as markers (personal.ts) for delivery.
import mjml2html from 'mjml';
import { GazetteError } from '../errors.js';
import { arrangeStories, type Arrangement } from '../arrange/index.js';
import type { Issue, IssuePlan, SummarizedStory } from '../types.js';
import { planSectionNames } from '../gather/issue-file.js';
import { stripMarkers } from './personal.js';
import { compileTemplate, createHandlebars } from './handlebars.js';
import { preheaderLine, subjectLine, templateData, toIssueStories, type IssueMeta } from './issue-data.js';
import type { RenderedIssue } from './types.js';

export type { RenderedIssue } from './types.js';
export type { IssueMeta } from './issue-data.js';
export { PERSONAL_MARKERS, type PersonalFields } from './personal.js';
export { personalize } from './personalize.js';

export interface RenderOptions extends IssueMeta {
  templatesDir: string;
  /** Articles that went into the issue (stories may hold fewer after clustering). */
  articleCount?: number;
  /** The editor's plan (content/issue.md): sections, intro, subject. None: the issue as it always looked. */
  plan?: IssuePlan | null;
  /** The stories already arranged by `plan` (the pipeline arranges once and keeps the result); arranged here otherwise. */
  arrangement?: Arrangement;
}

/** Renders the issue once: subject, preheader, HTML and text, with personal markers. */
export async function renderIssue(stories: readonly SummarizedStory[], options: RenderOptions): Promise<RenderedIssue> {
  const plan = options.plan ?? null;
  const arranged = options.arrangement ?? arrangeStories(stories, plan);
  const issueStories = toIssueStories(arranged.stories);
  const intro = (plan?.intro ?? []).map(stripMarkers).filter(Boolean);
  const meta = plan?.subject ? { ...options, subject: plan.subject } : options;
  const base = {
    date: options.date,
    subject: subjectLine(meta, issueStories),
    preheader: preheaderLine(issueStories),
    stories: issueStories,
    articleCount: options.articleCount ?? stories.reduce((n, s) => n + s.articles.length, 0),
    ...(arranged.sections.length ? { sections: arranged.sections.map((s) => stripMarkers(s.name)) } : {}),
    ...(plan && planSectionNames(plan).length ? { sectionChoices: planSectionNames(plan).map(stripMarkers) } : {}),
    ...(intro.length ? { intro } : {}),
    ...(plan?.subject ? { editorSubject: true } : {}),
  };
  return renderIssueJson(base, options);
}

/** What rendering an already-built issue needs: where the templates are and the list's names. */
export type RenderMeta = Pick<RenderOptions, 'templatesDir' | 'listName' | 'publicUrl' | 'lang'>;

/**
 * Renders issue.json as it stands (subject, stories, sections, intro) into
 * HTML and text. The one path every edition takes: the daily issue, a topics
 * variant of it, a weekly edition gathered from daily ones.
 */
export async function renderIssueJson(base: Omit<Issue, 'htmlBytes'>, options: RenderMeta): Promise<RenderedIssue> {
  const data = templateData({ ...options, date: base.date }, base);
  const hbs = await createHandlebars(options.templatesDir);
  const mjmlTemplate = await compileTemplate(hbs, options.templatesDir, 'digest.mjml.hbs');
  const textTemplate = await compileTemplate(hbs, options.templatesDir, 'digest.txt.hbs', { noEscape: true });

  const html = await mjmlToHtml(mjmlTemplate(data), options.templatesDir);
  const text = tidyText(textTemplate(data));
  const issue = { ...base, htmlBytes: Buffer.byteLength(html) };
  return { issue, subject: issue.subject, preheader: issue.preheader, html, text };
}

/**
 * The reader's topics that still mean something in `issue`. A topic that is
 * no longer one of the sections readers could choose when the issue was built
 * is a section the editor has renamed or removed since the reader chose it;
 * it is dropped, and a reader left with none gets the whole issue (as one who
 * never chose), not nothing every day. An issue without sections has nothing
 * to choose from: every reader gets all of it. Issues built before choices
 * were recorded keep the topics as they are.
 */
export function effectiveTopics(issue: Pick<Issue, 'sections' | 'sectionChoices'>, topics: readonly string[]): string[] {
  if (topics.length === 0 || !issue.sections?.length) return [];
  if (!issue.sectionChoices) return [...topics];
  const offered = new Set(issue.sectionChoices.map((n) => n.toLowerCase()));
  return topics.filter((t) => offered.has(t.toLowerCase()));
}

/**
 * The issue as a reader with `topics` sees it: only the stories of those
 * sections (matched in any case), the table of contents cut to match, and a
 * subject and preheader about their own top story (the editor's subject is
 * kept). Topics that no longer name a section are left out first (effectiveTopics).
 */
export function variantOf(issue: Issue, chosen: readonly string[], listName: string): Omit<Issue, 'htmlBytes'> {
  const { htmlBytes: _bytes, ...base } = issue;
  const topics = effectiveTopics(issue, chosen);
  if (topics.length === 0) return base;
  const wanted = new Set(topics.map((t) => t.toLowerCase()));
  const stories = issue.stories.filter((s) => s.section !== undefined && wanted.has(s.section.toLowerCase()));
  const sections = (issue.sections ?? []).filter((n) => wanted.has(n.toLowerCase()) && stories.some((s) => s.section === n));
  const sameTop = stories[0]?.id === issue.stories[0]?.id;
  return {
    ...base,
    stories,
    sections,
    subject: issue.editorSubject || sameTop ? issue.subject : subjectLine({ date: issue.date, listName, publicUrl: '' }, stories),
    preheader: preheaderLine(stories, issue.date),
  };
}

/** MJML with strict validation: a broken template stops the run before any mail goes out. */
async function mjmlToHtml(mjml: string, templatesDir: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(mjml, { validationLevel: 'strict', filePath: templatesDir, minify: true, minifyOptions: { minifyCss: false }, keepComments: false });
  } catch (err) {
    const details = (err as { errors?: { formattedMessage?: string; message?: string }[] }).errors;
    const lines = details?.map((e) => e.formattedMessage ?? e.message).join('\n') ?? (err as Error).message;
    throw new GazetteError('TEMPLATE', `The MJML template is invalid:\n${lines}\nFix templates/digest.mjml.hbs (or its partials).`, { cause: err });
  }
  if (result.errors?.length) {
    throw new GazetteError('TEMPLATE', `The MJML template is invalid:\n${result.errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  return result.html;
}

/** Collapses the blank-line runs Handlebars blocks leave behind. */
function tidyText(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
