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
}

/** The built issue (issue.json), plus what rendering produced. */
export interface Issue {
  /** YYYY-MM-DD, the issue's date in the configured time zone. */
  date: string;
  subject: string;
  preheader: string;
  stories: IssueStory[];
  articleCount: number;
  htmlBytes: number;
}

/** Something that went wrong with one input, reported while the run goes on. */
export interface Problem {
  /** File path, URL, CSV line or address the problem is about. */
  where: string;
  message: string;
  code?: string;
}
