// "Latest": which gathered articles go into today's issue. Pure: the caller
// passes what earlier issues carried (from the database) and the clock.
import type { Article } from '../types.js';

export interface SelectOptions {
  /** Ids of articles an earlier issue already carried. */
  alreadyIncluded: ReadonlySet<string>;
  now: Date;
  /** Older articles are left out; 0 means no limit. */
  maxAgeDays: number;
  /** At most this many articles (pinned ones always stay); unset means no limit. */
  limit?: number;
}

const DAY = 86_400_000;

function time(a: Article): number | null {
  if (!a.published) return null;
  const t = Date.parse(a.published);
  return Number.isNaN(t) ? null : t;
}

/** Newest first; an article without a date after every dated one; then by id, so the order is stable. */
function newestFirst(a: Article, b: Article): number {
  const ta = time(a);
  const tb = time(b);
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return tb - ta;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The articles for the next issue: those no earlier issue carried, not older
 * than `maxAgeDays` (an undated article is kept: its age is unknown), newest
 * first. An editor's `pin: true` always goes in, first, whatever its age or
 * history; `exclude: true` never does.
 */
export function selectLatest(articles: readonly Article[], options: SelectOptions): Article[] {
  const oldest = options.maxAgeDays > 0 ? options.now.getTime() - options.maxAgeDays * DAY : Number.NEGATIVE_INFINITY;
  const pinned: Article[] = [];
  const fresh: Article[] = [];
  for (const a of articles) {
    if (a.exclude) continue;
    if (a.pin) pinned.push(a);
    else if (!options.alreadyIncluded.has(a.id) && (time(a) ?? Number.POSITIVE_INFINITY) >= oldest) fresh.push(a);
  }
  pinned.sort(newestFirst);
  fresh.sort(newestFirst);
  const room = options.limit === undefined ? fresh.length : Math.max(0, options.limit - pinned.length);
  return [...pinned, ...fresh.slice(0, room)];
}
