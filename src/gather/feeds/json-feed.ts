// JSON Feed 1.0 and 1.1 (jsonfeed.org). The format is plain JSON, so a schema
// is the whole parser: zod checks the shape and names the field that is wrong.
import { z } from 'zod';
import { parseFeedDate } from './dates.js';
import { SourceFailure } from './failure.js';
import { absolute } from './xml-feed.js';
import type { EntryBody, FeedEntry, ParsedFeed } from './types.js';

const author = z.object({ name: z.string().optional() }).loose();

// Lenient where feeds in the wild are: ids are often numbers, and unknown
// fields (extensions start with "_") are allowed.
const item = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    url: z.string().optional(),
    external_url: z.string().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    date_published: z.string().optional(),
    date_modified: z.string().optional(),
    author: author.optional(),
    authors: z.array(author).optional(),
    tags: z.array(z.string()).optional(),
  })
  .loose();

const feed = z
  .object({
    version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\//),
    title: z.string().optional(),
    home_page_url: z.string().optional(),
    feed_url: z.string().optional(),
    // Items are checked one by one: one bad item costs that item, not the feed.
    items: z.array(z.unknown()),
  })
  .loose();

/** True when `data` says it is a JSON Feed (its `version` is a jsonfeed.org URL). */
export function isJsonFeed(data: unknown): boolean {
  const version = (data as { version?: unknown } | null)?.version;
  return typeof version === 'string' && /jsonfeed\.org\/version\//.test(version);
}

/** Validates and maps a parsed JSON Feed document. Throws SourceFailure BAD_FEED naming the bad field. */
export function parseJsonFeed(data: unknown, base: string | null): ParsedFeed {
  const parsed = feed.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new SourceFailure('BAD_FEED', `the JSON Feed is malformed: field ${path}: ${issue.message}`);
  }
  const doc = parsed.data;
  const link = absolute(doc.home_page_url ?? null, base);
  const entryBase = link ?? base;
  const items: z.infer<typeof item>[] = [];
  const dropped: string[] = [];
  doc.items.forEach((raw, i) => {
    const checked = item.safeParse(raw);
    if (checked.success) items.push(checked.data);
    else {
      const issue = checked.error.issues[0]!;
      dropped.push(`item ${i + 1} of the JSON Feed was dropped: ${issue.path.length ? `field ${issue.path.join('.')}: ` : ''}${issue.message}`);
    }
  });
  return {
    format: 'json',
    title: clean(doc.title),
    link,
    ...(dropped.length ? { dropped } : {}),
    entries: items.map((it): FeedEntry => ({
      id: it.id === undefined ? null : String(it.id),
      title: clean(it.title),
      link: absolute(it.url ?? it.external_url ?? null, entryBase),
      ...dateOf(it.date_published, it.date_modified),
      content: body(it.content_html, it.content_text),
      summary: body(undefined, it.summary),
      author: clean(it.authors?.[0]?.name ?? it.author?.name),
      tags: it.tags ?? [],
    })),
  };
}

/** JSON Feed dates are RFC 3339; the same reader as XML feeds (zoneless flagged, bad ones rejected). */
function dateOf(...values: (string | undefined)[]): Pick<FeedEntry, 'published' | 'zonelessDate'> {
  for (const v of values) {
    const d = parseFeedDate(v);
    if (d) return d.zoneless ? { published: d.iso, zonelessDate: true } : { published: d.iso };
  }
  return { published: null };
}

function body(html: string | undefined, text: string | undefined): EntryBody | null {
  if (html && html.trim() !== '') return { html };
  if (text && text.trim() !== '') return { text };
  return null;
}

/** Plain text with control characters (never text) removed and whitespace collapsed. */
function clean(s: string | undefined): string | null {
  const t = s?.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim();
  return t ? t : null;
}
