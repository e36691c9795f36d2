// Which stories of a week's daily issues make the weekly edition. Pure: the
// daily issues (issue.json) in, the weekly's stories and sections out, so
// every rule below is tested with literals.
//
// The rules, in order:
// - One story told on several days counts once: two appearances are the same
//   story when they share the story id or any source URL (transitively, so
//   Monday–Tuesday–Wednesday follow-ups become one). Its sources are the union
//   of the days' sources (one per URL; a source without a URL by outlet and
//   title); its headline, summary and section are those of its latest day,
//   the most developed telling.
// - Most sources first. Ties: the section that comes first in the editor's
//   order, then the story last told later in the week, then the earlier place
//   in that day's issue. Deterministic, and it favours what the editor puts
//   first and what is freshest.
// - At most `maxStories`; then shown grouped by section in the editor's order
//   (the latest day's order, then sections only earlier days had), best first
//   within each section.
import type { Issue, IssueSource, IssueStory } from '../types.js';

export interface WeekStory extends IssueStory {
  /** The daily keys the story appeared in, oldest first. */
  days: string[];
}

export interface WeekSelection {
  stories: WeekStory[];
  /** Section names in the editor's order, only those with stories; absent when no chosen story has one. */
  sections?: string[];
}

/**
 * The name under which the stories of a section-less daily are shown when
 * other days of the week had sections: the weekly shows either every story
 * under a heading or none.
 */
export const UNSECTIONED = 'More stories';

/** Picks and orders the weekly edition's stories from `dailies` (any order). */
export function pickWeekStories(dailies: readonly Issue[], maxStories: number): WeekSelection {
  const days = [...dailies].sort((a, b) => a.date.localeCompare(b.date));
  const groups = mergeAppearances(days);
  const order = sectionOrder(days);
  const rank = (section: string | undefined) => (section === undefined ? order.length : order.indexOf(section));
  const chosen = groups
    .map((g) => story(g))
    .sort((a, b) => b.sources.length - a.sources.length
      || rank(a.section) - rank(b.section)
      || b.last.day - a.last.day
      || a.last.position - b.last.position)
    .slice(0, Math.max(0, maxStories));

  const sectioned = chosen.some((s) => s.section !== undefined);
  if (!sectioned) return { stories: chosen.map(({ last: _last, ...s }) => s) };
  const named = chosen.map(({ last: _last, ...s }) => ({ ...s, section: s.section ?? UNSECTIONED }));
  const names = [...order, UNSECTIONED].filter((n) => named.some((s) => s.section === n));
  // Stable sort: within a section the ranking above stands.
  const stories = names.flatMap((n) => named.filter((s) => s.section === n));
  return { stories, sections: names };
}

interface Appearance {
  story: IssueStory;
  date: string;
  /** Index of the day in the week's dailies (oldest 0) and of the story in that issue. */
  day: number;
  position: number;
}

/** Groups the appearances that are one story: union-find over shared ids and source URLs. */
function mergeAppearances(days: readonly Issue[]): Appearance[][] {
  const all: Appearance[] = days.flatMap((issue, day) => issue.stories.map((story, position) => ({ story, date: issue.date, day, position })));
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstWith = new Map<string, number>();
  all.forEach((a, i) => {
    for (const key of [`id:${a.story.id}`, ...a.story.sources.flatMap((s) => (s.url ? [`url:${s.url}`] : []))]) {
      const seen = firstWith.get(key);
      if (seen === undefined) firstWith.set(key, i);
      else parent[find(i)] = find(seen);
    }
  });
  const groups = new Map<number, Appearance[]>();
  all.forEach((a, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), a]);
  });
  return [...groups.values()];
}

/** One story from its appearances (oldest first): the latest telling, with every day's sources. */
function story(appearances: readonly Appearance[]): WeekStory & { last: Appearance } {
  const last = appearances[appearances.length - 1]!;
  const sources: IssueSource[] = [];
  const seen = new Set<string>();
  // The latest day's sources first (its headline links to the first), then earlier days' extra ones.
  for (const a of [...appearances].reverse()) {
    for (const s of a.story.sources) {
      const key = s.url ? `url:${s.url}` : `text:${s.outlet}\n${s.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sources.push(s);
    }
  }
  const days = [...new Set(appearances.map((a) => a.date))];
  return { ...last.story, sources, days, last };
}

/** Every section the week's dailies named, the latest day's order first, then names only earlier days had. */
function sectionOrder(days: readonly Issue[]): string[] {
  const order: string[] = [];
  for (const issue of [...days].reverse()) {
    for (const name of issue.sections ?? []) if (!order.includes(name)) order.push(name);
  }
  return order;
}
