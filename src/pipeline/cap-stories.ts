// The story cap (GAZETTE_MAX_STORIES) as one step shared by `build` (and the
// preview) and `articles`: the stories the issue will carry, and every
// article of a story over the cap, left out with the reason and the way to
// keep it in. Without this the cut stories vanished without a word.
import { clusterStories } from '../cluster/index.js';
import type { Dropped } from '../clean/index.js';
import type { Article, Story } from '../types.js';

/** The Dropped code of an article whose story was over the cap (build lists these on its own). */
export const STORY_CUT = 'STORY_CUT';

export interface CappedStories {
  /** Pinned stories first, then newest first; at most `maxStories`. */
  stories: Story[];
  /** One entry per article of each story left out, naming its story. */
  dropped: Dropped[];
}

/** Clusters `articles` into stories and keeps the first `maxStories`; reports the rest. */
export function capStories(articles: readonly Article[], maxStories: number): CappedStories {
  const all = clusterStories(articles);
  const stories = all.slice(0, maxStories);
  const dropped: Dropped[] = [];
  for (const story of all.slice(maxStories)) {
    // A pinned story cut here means more pinned stories than the cap: pinning another would not help.
    const fix = story.articles.some((a) => a.pin)
      ? `raise GAZETTE_MAX_STORIES or unpin another story (there are more pinned stories than that)`
      : `raise GAZETTE_MAX_STORIES or pin the story (pin: true in its file's front matter)`;
    for (const a of story.articles) {
      const which = a.title === story.title ? `"${a.title}"` : `"${a.title}" (story "${story.title}")`;
      dropped.push({ where: a.source, reason: `${which} is over GAZETTE_MAX_STORIES=${maxStories} (pinned stories first, then the newest); ${fix}`, code: STORY_CUT });
    }
  }
  return { stories, dropped };
}
