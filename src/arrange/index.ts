// Stage between summarize and render: arrange. The editor's plan
// (content/issue.md) puts each story under a section, in the editor's order,
// orders stories within a section, and swaps in the editor's own summary.
// Pure: stories and plan in, arranged stories and notes out.
import type { Article, ArrangedStory, IssuePlan, PlanSection, Problem, SummarizedStory } from '../types.js';

/** Problems about the arrangement (a section name that matches none) carry this code: warnings, nothing is left out. */
export const PLAN_WARNING = 'PLAN_WARNING';

/** One section as shown, with its stories in order. */
export interface ShownSection {
  name: string;
  stories: ArrangedStory[];
}

export interface Arrangement {
  /** Sections that have stories, in the editor's order, the default one last; empty when the plan names no sections. */
  sections: ShownSection[];
  /** Every story in the order shown. */
  stories: ArrangedStory[];
  problems: Problem[];
}

/** Arranges the issue's stories by the plan; with no plan (or no sections), the order is the pipeline's. */
export function arrangeStories(stories: readonly SummarizedStory[], plan: IssuePlan | null): Arrangement {
  const problems: Problem[] = [];
  const withSummary = (s: SummarizedStory, section: string | null): ArrangedStory => {
    const own = s.articles.find((a) => a.summary)?.summary;
    return { ...s, section, ...(own ? { editorSummary: own } : {}) };
  };
  if (!plan || plan.sections.length === 0) {
    const flat = byEditorOrder(stories.map((s) => withSummary(s, null)));
    return { sections: [], stories: flat, problems };
  }
  const order = [...plan.sections.map((s) => s.name)];
  const defaultIndex = indexOfName(order, plan.defaultSection);
  // The default section is shown last unless the editor listed it among the sections.
  if (defaultIndex < 0) order.push(plan.defaultSection);
  const fallback = defaultIndex < 0 ? order.length - 1 : defaultIndex;
  const buckets: ArrangedStory[][] = order.map(() => []);
  for (const story of stories) {
    const index = storySection(story, plan, order, fallback, problems);
    buckets[index]!.push(withSummary(story, order[index]!));
  }
  const sections = buckets
    .map((list, i) => ({ name: order[i]!, stories: byEditorOrder(list) }))
    .filter((s) => s.stories.length > 0);
  return { sections, stories: sections.flatMap((s) => s.stories), problems };
}

/**
 * The section of a story, decided by its articles: each article votes for the
 * section it joins (see articleSection); the section with the most votes wins,
 * a tie goes to the one the editor listed first, and a story none of whose
 * articles joins a section goes to the default one. Most votes rather than the
 * top article alone, because a story told by three science desks and one
 * general outlet is a science story whichever report reads best.
 */
function storySection(story: SummarizedStory, plan: IssuePlan, order: readonly string[], fallback: number, problems: Problem[]): number {
  const votes = new Map<number, number>();
  for (const article of story.articles) {
    const index = articleSection(article, plan, order, problems);
    if (index >= 0) votes.set(index, (votes.get(index) ?? 0) + 1);
  }
  let best = -1;
  for (const [index, count] of votes) {
    const top = best < 0 ? 0 : votes.get(best)!;
    if (count > top || (count === top && index < best)) best = index;
  }
  return best < 0 ? fallback : best;
}

/**
 * The section one article joins, as an index into `order`, or -1: its own
 * `section` (front matter or feeds.txt line) when that names a section; else
 * the first section, in the editor's order, whose tags (or name) match one of
 * its tags. A `section` that names none is reported and the tags decide.
 */
function articleSection(article: Article, plan: IssuePlan, order: readonly string[], problems: Problem[]): number {
  if (article.section) {
    const index = indexOfName(order, article.section);
    if (index >= 0) return index;
    // Once per source and name: a feed line with a misspelt section would otherwise warn once per item.
    const said = problems.some((p) => p.where === article.source && p.message.startsWith(`section "${article.section}" `));
    if (!said) {
      const names = order.map((n) => `"${n}"`).join(', ');
      problems.push({ where: article.source, code: PLAN_WARNING, message: `section "${article.section}" of "${article.title}" is not in issue.md (its sections are ${names}); fix the name, or add the section to issue.md` });
    }
  }
  return tagSection(article, plan);
}

/** The first section, in the editor's order, whose tags (or name) match one of the article's tags; -1 when none does. */
function tagSection(article: Article, plan: IssuePlan): number {
  const tags = new Set(article.tags.map((t) => t.trim().toLowerCase()));
  if (tags.size === 0) return -1;
  return plan.sections.findIndex((s: PlanSection) => tags.has(s.name.toLowerCase()) || s.tags.some((t) => tags.has(t)));
}

/** Within a section, stories the editor numbered (`order:`, the lowest of its articles) come first, lowest first; the rest keep the pipeline's order. */
function byEditorOrder(stories: ArrangedStory[]): ArrangedStory[] {
  const rank = (s: ArrangedStory) => Math.min(...s.articles.map((a) => a.order ?? Number.POSITIVE_INFINITY));
  // Array.prototype.sort is stable, so unnumbered stories keep their relative order.
  return [...stories].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra === rb ? 0 : ra < rb ? -1 : 1;
  });
}

function indexOfName(names: readonly string[], name: string): number {
  const key = name.trim().toLowerCase();
  return names.findIndex((n) => n.toLowerCase() === key);
}
