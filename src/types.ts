// The data that flows one way through the pipeline:
// gather -> clean -> cluster -> summarize -> render -> deliver.
// Every stage takes and returns these plain objects, so a stage can be tested
// with nothing but literals.

/** One curated article, as gathered and then cleaned. */
export interface Article {
  /** Stable across runs: derived from the canonical URL, else from the source path. */
  id: string;
  title: string;
  /** Canonical URL (no tracking parameters, no fragment), or null for a local file without one. */
  url: string | null;
  /** Who published it: front matter `outlet`, the site name, or the URL's host. */
  outlet: string;
  /** ISO 8601 publication time, or null when the source does not say. */
  published: string | null;
  /** Plain text, paragraphs separated by a blank line. Furniture removed after `clean`. */
  text: string;
  /** Where it came from: a file path or a feed/page URL (for error messages and the preview). */
  source: string;
  tags: string[];
  byline?: string;
  /** Editor's choice from front matter: always include / never include. */
  pin?: boolean;
  exclude?: boolean;
  /** The section the editor put it in: front matter `section:`, or the feeds.txt line it came from. */
  section?: string;
  /** Editor's order within its section (front matter `order:`): lower comes first. */
  order?: number;
  /** Editor's own words for the story this article is in (front matter `summary:`), shown verbatim instead of the extract. */
  summary?: string;
  /** A feed item that only carried a description, not the full text. */
  descriptionOnly?: boolean;
  /** URLs (or file paths) of exact duplicates that `clean` merged into this article. */
  duplicates?: string[];
}

/** Articles from one or more outlets telling the same story. */
export interface Story {
  id: string;
  /** The headline chosen to stand for the story. */
  title: string;
  /** Most relevant first; never empty. */
  articles: Article[];
}

/** A story with its summary: what the reader sees. */
export interface SummarizedStory extends Story {
  /** Whole sentences taken word for word from the articles, in reading order. */
  sentences: string[];
}

/** A story placed in the issue by the editor's plan (src/arrange/). */
export interface ArrangedStory extends SummarizedStory {
  /** The section it is shown under; null when the issue has no sections. */
  section: string | null;
  /** The editor's own summary, shown instead of `sentences` when set. */
  editorSummary?: string;
}

/** The editor's plan for an issue: `content/issue.md` (src/gather/issue-file.ts). */
export interface IssuePlan {
  /** Sections in the editor's order; empty when the file names none. */
  sections: PlanSection[];
  /** Where stories of no section go (shown last). */
  defaultSection: string;
  /** The subject line, replacing the generated one. */
  subject?: string;
  /** The intro, one string per paragraph, plain text. */
  intro: string[];
}

/** One section of the plan. */
export interface PlanSection {
  name: string;
  /** Article tags that put an article in this section (lower case). */
  tags: string[];
}

/** One source line under a story in the issue. */
export interface IssueSource {
  title: string;
  url: string | null;
  outlet: string;
  published: string | null;
}

/** One story as it appears in issue.json. */
export interface IssueStory {
  id: string;
  title: string;
  summary: string;
  sources: IssueSource[];
  /** The section it is shown under (only when the issue has sections). */
  section?: string;
  /** True when `summary` is the editor's own words, not sentences from the articles. */
  editorSummary?: boolean;
}

/** The built issue (issue.json), plus what rendering produced. */
export interface Issue {
  /** The edition key: YYYY-MM-DD, the daily issue's date in the configured time zone; YYYY-Www for a weekly edition (editions/edition.ts). */
  date: string;
  subject: string;
  preheader: string;
  stories: IssueStory[];
  articleCount: number;
  htmlBytes: number;
  /** Section names in the editor's order, as shown (only sections with stories; absent without a plan). */
  sections?: string[];
  /**
   * Every section a reader could choose as a topic when the issue was built
   * (content/issue.md's, with or without stories). A reader's topic not among
   * them is a section the editor has since renamed or removed (see effectiveTopics).
   */
  sectionChoices?: string[];
  /** The editor's intro paragraphs (absent when none). */
  intro?: string[];
  /** True when `subject` is the editor's (issue.md `subject:`), kept as written in every variant. */
  editorSubject?: boolean;
}

/** Something that went wrong with one input, reported while the run goes on. */
export interface Problem {
  /** File path, URL, CSV line or address the problem is about. */
  where: string;
  message: string;
  code?: string;
}
