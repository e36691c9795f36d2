// Fills a rendered issue's personal markers for one recipient: plain string
// replacement, so it costs microseconds, not an MJML render.
import { PERSONAL_MARKERS, type PersonalFields } from './personal.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Replaces every marker in `template` with this recipient's value (HTML-escaped when `html`). */
export function personalize(template: string, fields: PersonalFields, options: { html: boolean }): string {
  let out = template;
  for (const key of Object.keys(PERSONAL_MARKERS) as (keyof PersonalFields)[]) {
    const value = options.html ? escapeHtml(fields[key]) : fields[key];
    out = out.split(PERSONAL_MARKERS[key]).join(value);
  }
  return out;
}
