// Stable article ids: the same article gets the same id on every run, so the
// database can remember which articles an earlier issue already carried.
import { createHash } from 'node:crypto';

/** A short, stable id from the canonical URL, or from the source path when there is no URL. */
export function articleId(url: string | null, source: string): string {
  const key = url ? `url:${url}` : `src:${source}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The host of a URL without `www.`, or null. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
