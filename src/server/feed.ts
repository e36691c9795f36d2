// The archive as an RSS 2.0 feed: one item per sent edition (daily or weekly),
// linking to its web page, with the edition's stories as the item's content.
// A weekly edition's item carries the category "Weekly edition", so a reader
// can filter one kind out. The `feed` package
// writes the XML (escaping, CDATA, dates); the story HTML inside is escaped
// here, since article titles and summaries are untrusted text.
import { Feed } from 'feed';
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
  const feed = new Feed({
    title: site.listName,
    id: site.archiveUrl,
    link: site.archiveUrl,
    description: `Past issues of ${site.listName}, a daily digest of the news.`,
    language: site.lang ?? 'en',
    updated: issues[0] ? new Date(issues[0].sentAt) : undefined,
    feedLinks: { rss: site.feedUrl },
    generator: 'Gazette',
    copyright: `${site.listName}; each story belongs to the outlets it links to`,
  });
  for (const { issue, sentAt, url } of issues) {
    feed.addItem({
      // Title is plain text (CDATA takes care of XML); description and content are HTML to a reader.
      title: issue.subject,
      link: url,
      date: new Date(sentAt),
      description: escapeHtml(issue.preheader),
      content: storiesHtml(issue),
      ...(editionKind(issue.date) === 'weekly' ? { category: [{ name: 'Weekly edition' }] } : {}),
    });
  }
  return feed.rss2();
}

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
