// A Source is anything that yields articles: the content folder, a feed, a web
// page. Each reports its own problems instead of throwing, so that one broken
// file or dead feed never stops the others.
import type { Article, Problem } from '../types.js';

export interface SourceResult {
  articles: Article[];
  problems: Problem[];
}

export interface Source {
  /** A file path or URL, for reports. */
  readonly name: string;
  read(): Promise<SourceResult>;
}
