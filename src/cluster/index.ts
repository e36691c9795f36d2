// Stage 3: cluster. Articles telling the same story become one Story.
//
// Hand-written because no maintained JavaScript library clusters news stories:
// the text libraries (natural, wink) offer TF-IDF but no blocking or sparse
// agglomerative clustering, and the general clustering packages want dense
// vectors and all pairs (k-means needs k up front, DBSCAN chains similar
// events together). The method is the classic one for event detection, with
// one guard for look-alike events and one pass for loosely written reports:
// 1. TF-IDF over the headline, the lead and (lightly) the rest of the body,
//    names weighted up, term frequency saturating as in BM25 (terms.ts, vectors.ts);
// 2. candidate pairs by blocking on each article's heaviest terms, at most a
//    fixed number per article, so the cost grows near-linearly (candidates.ts);
// 3. centroid-link merging that needs both the groups' cosine and the average
//    over nearest-neighbour pairs to clear a threshold: two similar events
//    (two floods) are close, but each article's nearest neighbours are its own
//    event's (average-link.ts);
// 4. a lone article whose nearest neighbours are mostly one bigger story's
//    joins it (neighbour-merge.ts): a report written in other words than the
//    rest still has that story's reports as its closest articles.
// Options were chosen on one half of news-events and of ECB+ and checked on
// the other half (see test/cluster/labelled-sets.test.ts).
import { createHash } from 'node:crypto';
import type { Article, Story } from '../types.js';
import { averageLink } from './average-link.js';
import { candidateEdges, markNearest } from './candidates.js';
import { chooseHeadline } from './headline.js';
import { neighbourMerge } from './neighbour-merge.js';
import { dot, vectorise, type SparseVector } from './vectors.js';

export interface ClusterOptions {
  /** Cosine of two groups' summed vectors (or their average cosine, see `linkage`) at or above which they may be one story. */
  threshold: number;
  /** Average cosine over nearest-neighbour pairs only (others count 0) that two groups must also reach. */
  nearThreshold: number;
  /** Body words that count fully (the lead carries the story). */
  leadWords: number;
  /**
   * Weight of a body word after the lead. Low but not 0: the tail drifts into
   * background shared with similar events, yet it carries the names and
   * figures a loosely written report shares with the rest of its story.
   */
  tailWeight: number;
  /** BM25's k1: how soon repeating a word stops adding weight (0: 1 + log tf). */
  saturation: number;
  /** How much a headline word counts against a body word. */
  titleWeight: number;
  /** Extra weight of a capitalised word inside a sentence (a name). */
  nameWeight: number;
  /** How many of its heaviest terms an article is indexed under for candidate pairs. */
  blockTerms: number;
  /** A term in more articles than this makes no candidates (a common word of the day). */
  maxPosting: number;
  /** How many candidates each article is compared with at most. */
  maxCandidates: number;
  /** How many nearest neighbours of each article count for `nearThreshold`. */
  neighbours: number;
  /** Beyond those, any neighbour at least this fraction as close as the nearest counts too. */
  nearRatio: number;
  /** How two groups' closeness is measured (average-link.ts). */
  linkage: 'centroid' | 'average';
  /** Second pass (neighbour-merge.ts): how many nearest neighbours each article of a small group consults; 0 turns the pass off. */
  mergeK: number;
  /** How many of those must lie in the one bigger group. */
  mergeNeeded: number;
  /** Neighbours below this cosine give no support. */
  mergeMinSim: number;
  /** Groups up to this size may join a bigger one. */
  mergeMaxSize: number;
  /** Least share of a joining article's likeness to the bigger group that must come from words other than names (neighbour-merge.ts restsOnNames). */
  mergeMinContent: number;
}

/** Chosen on half A of news-events and of ECB+ (see test/cluster/labelled-sets.test.ts). */
export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  threshold: 0.18,
  nearThreshold: 0.06,
  leadWords: 200,
  tailWeight: 0.1,
  saturation: 2,
  titleWeight: 3,
  nameWeight: 2,
  blockTerms: 30,
  maxPosting: 200,
  maxCandidates: 40,
  neighbours: 5,
  nearRatio: 0.8,
  linkage: 'centroid',
  mergeK: 4,
  mergeNeeded: 3,
  mergeMinSim: 0.05,
  mergeMaxSize: 1,
  mergeMinContent: 0.1,
};

/** Groups articles into stories: pinned first, then newest first. */
export function clusterStories(articles: readonly Article[], options: Partial<ClusterOptions> = {}): Story[] {
  const opts = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  // Sorted by id so that the result does not depend on the order sources answered in.
  const docs = [...articles].sort((a, b) => cmp(a.id, b.id));
  const { vectors, names } = vectorise(docs, opts);
  const edges = candidateEdges(vectors, { blockTerms: opts.blockTerms, maxPosting: opts.maxPosting, maxCandidates: opts.maxCandidates, minSim: Math.min(opts.threshold, opts.nearThreshold) / 4});
  const linked = averageLink(docs.length, markNearest(docs.length, edges, opts.neighbours, opts.nearRatio), { sim: opts.threshold, near: opts.nearThreshold, neighbours: opts.neighbours, linkage: opts.linkage });
  const groups = opts.mergeK > 0 ? neighbourMerge(docs.length, linked, edges, { k: opts.mergeK, needed: opts.mergeNeeded, minSim: opts.mergeMinSim, maxSize: opts.mergeMaxSize, minContentShare: opts.mergeMinContent }, { vectors, names }) : linked;
  const stories = groups.map((members) => toStory(members, docs, vectors));
  return stories.sort(storyOrder);
}

/** One group as a Story: members by closeness to the group's centre; the plainest, most shared of their headlines is the title. */
function toStory(members: number[], docs: readonly Article[], vectors: readonly SparseVector[]): Story {
  const centrality = new Map<number, number>();
  for (const i of members) {
    let sum = 0;
    for (const j of members) if (j !== i) sum += dot(vectors[i]!, vectors[j]!);
    centrality.set(i, sum);
  }
  const ordered = [...members].sort((x, y) => centrality.get(y)! - centrality.get(x)! || newest(docs[x]!, docs[y]!) || cmp(docs[x]!.id, docs[y]!.id));
  const articles = ordered.map((i) => docs[i]!);
  const id = createHash('sha256').update(articles.map((a) => a.id).sort().join(',')).digest('hex').slice(0, 16);
  return { id, title: chooseHeadline(articles), articles };
}

function storyOrder(a: Story, b: Story): number {
  const pa = a.articles.some((x) => x.pin) ? 0 : 1;
  const pb = b.articles.some((x) => x.pin) ? 0 : 1;
  return pa - pb || cmpTime(latest(b), latest(a)) || cmp(a.id, b.id);
}

/** The newest publication time in a story, or null. */
function latest(story: Story): number | null {
  let best: number | null = null;
  for (const a of story.articles) {
    const t = a.published ? Date.parse(a.published) : Number.NaN;
    if (!Number.isNaN(t) && (best === null || t > best)) best = t;
  }
  return best;
}

/** Orders newer before older; an unknown time sorts after every known one. */
function newest(a: Article, b: Article): number {
  const ta = a.published ? Date.parse(a.published) : Number.NaN;
  const tb = b.published ? Date.parse(b.published) : Number.NaN;
  return cmpTime(Number.isNaN(tb) ? null : tb, Number.isNaN(ta) ? null : ta);
}

/** Ascending, with null as the smallest (so that descending use puts null last). */
function cmpTime(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
