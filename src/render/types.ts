// What rendering produces: one issue, rendered once. `html` and `text` carry
// the PERSONAL_MARKERS (personal.ts) where each recipient's own values go.
import type { Issue } from '../types.js';

export interface RenderedIssue {
  issue: Issue;
  subject: string;
  preheader: string;
  /** Complete HTML document, minified, with personal markers. */
  html: string;
  /** Plain-text alternative with personal markers. */
  text: string;
}
