// A feed as the rest of Gazette sees it, whatever its format: the parsers fill
// these plain objects and one function turns them into Articles.

/** A body of an entry: HTML (RSS, Atom, content_html) or plain text (JSON Feed's content_text). */
export type EntryBody = { html: string } | { text: string };

/** One item of a feed, format-neutral. Links are absolute where the feed allowed resolving them. */
export interface FeedEntry {
  /** guid / id, when the feed gives one. */
  id: string | null;
  /** Plain text, whitespace collapsed. */
  title: string | null;
  link: string | null;
  /** ISO 8601, or null when absent or not a date. */
  published: string | null;
  /** The date had a time but no zone, and was read as UTC. */
  zonelessDate?: boolean;
  /** The full article (content:encoded, Atom content, content_html/content_text). */
  content: EntryBody | null;
  /** The short description (RSS description, Atom summary, JSON summary). */
  summary: EntryBody | null;
  author: string | null;
  tags: string[];
}

export interface ParsedFeed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title: string | null;
  /** The site the feed belongs to. */
  link: string | null;
  entries: FeedEntry[];
  /** What was read leniently or guessed (a broken tag, a guessed encoding); reported, not fatal. */
  warnings?: string[];
  /** Items left out while parsing, each with why ("item 3 of the JSON Feed was dropped: ..."). */
  dropped?: string[];
  /** The XML was not well-formed and was read leniently (perhaps a download cut short): not worth caching. */
  malformed?: boolean;
}
