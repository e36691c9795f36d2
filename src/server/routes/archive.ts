// The public archive: GET /archive (the sent editions, daily and weekly,
// newest first by when they went out), GET /archive/<key> (one edition as a
// web page, with no subscriber's address or token in it; the key is a date,
// 2026-11-22, or an ISO week, 2026-W49) and GET /feed.xml (RSS 2.0). Only
// editions whose delivery started are public: a draft rebuilt by `build` or
// seen in the preview is not.
import type { FastifyInstance } from 'fastify';
import Handlebars from 'handlebars';
import type { IssueStore } from '../../store/issues.js';
import { dateLabel, spanLabel } from '../../render/issue-data.js';
import { editionKind, isRealEditionKey } from '../../editions/edition.js';
import { archivePageHtml } from '../archive-issue.js';
import { archiveFeed, type FeedIssue } from '../feed.js';
import { layout, noticePage, type SiteInfo } from '../pages.js';

export interface ArchiveDeps {
  issues: Pick<IssueStore, 'listFrozen' | 'get'>;
  /** PUBLIC_URL: absolute links in the feed. */
  publicUrl: string;
  listName: string;
  site: SiteInfo;
  /** Issues on the list page (default 365) and in the feed (default 20). */
  pageSize?: number;
  feedSize?: number;
}

// Public, unchanging once sent: proxies and browsers may keep them a while.
const CACHE = 'public, max-age=300';

const hbs = Handlebars.create();
const LIST = hbs.compile(`{{#if issues.length}}<ol reversed style="padding-left:1.2rem">
{{#each issues}}<li style="margin-bottom:0.9rem"><a href="{{href}}">{{subject}}</a><br><small>{{label}} · {{preheader}}</small></li>
{{/each}}</ol>{{else}}<p>No issue has been sent yet.</p>{{/if}}
<p><a href="{{feed}}">Follow the archive as a feed (RSS)</a> · <a href="{{subscribe}}">Subscribe by email</a></p>`, { strict: false });

/** Registers the archive routes on `app` (a Fastify instance or an encapsulated scope). */
export async function archiveRoutes(app: FastifyInstance, deps: ArchiveDeps): Promise<void> {
  const base = deps.site.base;
  const absolute = (path: string) => `${deps.publicUrl.replace(/\/+$/, '')}/${path}`;

  app.get('/archive', async (_request, reply) => {
    const issues = (await deps.issues.listFrozen(deps.pageSize ?? 365)).map((i) => ({ ...i, href: `${base}archive/${i.date}`, label: listLabel(i.date) }));
    const body = LIST({ issues, feed: `${base}feed.xml`, subscribe: `${base}subscribe` });
    return reply.header('cache-control', CACHE).type('text/html; charset=utf-8').send(layout(deps.site, `Past issues of ${deps.listName}`, body));
  });

  app.get<{ Params: { date: string } }>('/archive/:date', async (request, reply) => {
    const { date } = request.params;
    const real = isRealEditionKey(date);
    const issue = real ? await deps.issues.get(date) : null;
    if (!issue?.frozenAt) {
      return reply.code(404).type('text/html; charset=utf-8')
        .send(noticePage(deps.site, 'No such issue', `There is no sent ${real ? missing(date) : 'issue of that date'}.`, true));
    }
    const html = archivePageHtml(issue.html, { archive: `${base}archive`, subscribe: `${base}subscribe`, listName: deps.listName });
    return reply.header('cache-control', CACHE).type('text/html; charset=utf-8').send(html);
  });

  app.get('/feed.xml', async (_request, reply) => {
    const items: FeedIssue[] = [];
    for (const { date } of await deps.issues.listFrozen(deps.feedSize ?? 20)) {
      const stored = await deps.issues.get(date);
      if (stored?.frozenAt) items.push({ issue: stored.issue, sentAt: stored.frozenAt, url: absolute(`archive/${date}`) });
    }
    const xml = archiveFeed({ listName: deps.listName, archiveUrl: absolute('archive'), feedUrl: absolute('feed.xml') }, items);
    return reply.header('cache-control', CACHE).type('application/rss+xml; charset=utf-8').send(xml);
  });
}

/** The archive list's line under an edition's subject: its date, or that it is a weekly edition and the days it covers. */
function listLabel(key: string): string {
  return editionKind(key) === 'weekly' ? `Weekly edition, ${spanLabel(key)}` : dateLabel(key);
}

/** What the 404 page says is missing (only for a real key; anything else is "that date"). */
function missing(key: string): string {
  return editionKind(key) === 'weekly' ? `weekly edition for ${spanLabel(key)}` : `issue of ${dateLabel(key)}`;
}

/** The archive as one of `createServer`'s route modules, reading sent issues from `issues`. */
export function archiveModule(issues: ArchiveDeps['issues']) {
  return (app: FastifyInstance, ctx: { publicUrl: string; listName: string; site: SiteInfo }) =>
    archiveRoutes(app, { issues, publicUrl: ctx.publicUrl, listName: ctx.listName, site: ctx.site });
}
