// The archive as an RSS 2.0 feed: one item per sent edition (daily or weekly),
// linking to its web page, with the edition's stories as the item's content.
// A weekly edition's item carries the category "Weekly edition", so a reader
// can filter one kind out.
//
// The XML is written here rather than by the `feed` package: that package
// puts every item title in CDATA (so a headline's "<script>" went out raw,
// and xml-js splits only the first "]]>" of a CDATA section) and
// "desanitizes" &amp; in the channel title. Here no value is CDATA:
// - plain text (titles, names, dates) is escaped once, with the hexadecimal
//   references the RSS Best Practices Profile recommends for plain text
//   (&#x26; &#x3C; &#x3E;): an XML parser reads back the subject as written,
//   and the form is the one the widest range of aggregators shows as text;
// - HTML (description, content:encoded) is built from escaped strings
//   (article titles and summaries are untrusted), then entity-escaped as the
//   element's text, as the RSS 2.0 examples do.
import { escapeHtml } from '../render/personalize.js';
import { safeHttpUrl } from '../render/issue-data.js';
import type { Issue } from '../types.js';
import { editionKind } from '../editions/edition.js';

export interface FeedIssue {
  issue: Issue;
  /** When delivery started (ISO): the item's date. */
  sentAt: string;
  url: string;
}

export interface FeedSite {
  listName: string;
  /** The archive page (the feed's link). */
  archiveUrl: string;
  /** Where the feed itself is served (atom:link rel=self). */
  feedUrl: string;
  lang?: string;
}

/** The RSS 2.0 document of `issues` (newest first). */
export function archiveFeed(site: FeedSite, issues: readonly FeedIssue[]): string {
  const updated = issues[0] ? new Date(issues[0].sentAt) : new Date();
  const channel = [
    el('title', site.listName),
    el('link', site.archiveUrl),
    el('description', `Past issues of ${site.listName}, a daily digest of the news.`),
    el('lastBuildDate', updated.toUTCString()),
    el('docs', 'https://validator.w3.org/feed/docs/rss2.html'),
    el('generator', 'Gazette'),
    el('language', site.lang ?? 'en'),
    el('copyright', `${site.listName}; each story belongs to the outlets it links to`),
    `<atom:link href="${plainText(site.feedUrl)}" rel="self" type="application/rss+xml"/>`,
  ];
  const items = issues.map(({ issue, sentAt, url }) => [
    '<item>',
    // The subject is plain text: escaped here, it reads back as written.
    el('title', issue.subject),
    el('link', url),
    `<guid isPermaLink="true">${plainText(url)}</guid>`,
    el('pubDate', new Date(sentAt).toUTCString()),
    htmlEl('description', escapeHtml(issue.preheader)),
    htmlEl('content:encoded', storiesHtml(issue)),
    ...(editionKind(issue.date) === 'weekly' ? [el('category', 'Weekly edition')] : []),
    '</item>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    ...channel,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** One element holding plain text. */
const el = (name: string, value: string): string => `<${name}>${plainText(value)}</${name}>`;

/** One element holding HTML (escaped as its text). */
const htmlEl = (name: string, html: string): string => `<${name}>${xmlChars(html).replace(/[&<>]/g, (c) => ENTITY[c]!)}</${name}>`;

/** Plain text as XML character data, markup characters as hexadecimal references. */
const plainText = (value: string): string => xmlChars(value).replace(/[&<>"]/g, (c) => HEX[c]!);

const HEX: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;', '"': '&#x22;' };
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * The control characters XML 1.0 cannot carry at all (not even as
 * references) dropped, so a stray byte from a feed cannot make the whole
 * document unreadable.
 */
// eslint-disable-next-line no-control-regex
const xmlChars = (value: string): string => value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/**
 * The issue's stories as simple HTML: the editor's intro, then each story
 * (headline linked to its first source, summary, sources), under its section's
 * heading when the issue has sections. Every string is escaped: the editor's as much as an article's.
 */
function storiesHtml(issue: Issue): string {
  const intro = (issue.intro ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  let section: string | undefined;
  return intro + issue.stories.map((s) => {
    const heading = s.section !== undefined && s.section !== section ? `<h2>${escapeHtml(s.section)}</h2>` : '';
    section = s.section;
    // Only http(s) links: a javascript: URL from a feed must not reach a reader's feed app.
    const link = (url: string | null) => safeHttpUrl(url);
    const first = s.sources.map((src) => link(src.url)).find(Boolean);
    const title = first ? `<a href="${escapeHtml(first)}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title);
    const sources = s.sources.map((src) => {
      const url = link(src.url);
      return url ? `<a href="${escapeHtml(url)}">${escapeHtml(src.outlet)}</a>` : escapeHtml(src.outlet);
    }).join(' · ');
    const tag = s.section !== undefined ? 'h3' : 'h2';
    return `${heading}<${tag}>${title}</${tag}><p>${escapeHtml(s.summary)}</p><p>${sources}</p>`;
  }).join('\n');
}
