// Stage 3: cluster. Articles telling the same story become one Story.
// PLACEHOLDER until the gathering issue: every article is its own story.
import type { Article, Story } from '../types.js';

/** Groups articles into stories, newest first. */
export function clusterStories(articles: readonly Article[]): Story[] {
  return articles.map((a) => ({ id: a.id, title: a.title, articles: [a] }));
}
