// A sent issue as a public web page: the stored HTML (exactly what
// subscribers got) without anyone's personal data. The template marks the
// paragraph with the address and unsubscribe link `class="personal"`; it is
// removed. Issues from templates without that mark still lose every personal
// field: the markers are filled with neutral values, never a real one.
import { randomUUID } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { escapeHtml } from '../render/personalize.js';
import { personalize } from '../render/personalize.js';

export interface ArchiveLinks {
  /** The list of past issues. */
  archive: string;
  /** The subscribe page. */
  subscribe: string;
  listName: string;
}

/** The stored issue HTML as a page for the archive: personal parts removed, a way back and a way to subscribe added. */
export function archivePageHtml(storedHtml: string, links: ArchiveLinks): string {
  // Neutral values first: whatever the template did, no marker survives.
  const neutral = personalize(storedHtml, { email: 'your address', unsubscribeUrl: links.subscribe, preferencesUrl: links.subscribe }, { html: true });
  const { document } = parseHTML(neutral);
  for (const el of document.querySelectorAll('.personal')) el.remove();
  // A div with a navigation role, not <nav>: the template's dark-mode rules recolour divs.
  const bar = document.createElement('div');
  bar.setAttribute('role', 'navigation');
  bar.setAttribute('aria-label', 'Archive');
  bar.setAttribute('style', 'font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:600px;margin:0 auto;padding:12px 24px;color:#1f2328;');
  const back = document.createElement('a');
  back.setAttribute('href', links.archive);
  back.setAttribute('style', 'color:#0b57d0;');
  back.textContent = `← All issues of ${links.listName}`;
  const subscribe = document.createElement('a');
  subscribe.setAttribute('href', links.subscribe);
  subscribe.setAttribute('style', 'color:#0b57d0;');
  subscribe.textContent = 'Subscribe';
  bar.append(back, document.createTextNode(' · '), subscribe);
  document.body.prepend(bar);
  return serialize(document);
}

/**
 * The document as HTML, with <title> and <textarea> text escaped. linkedom
 * writes their text as it is, so a subject holding "</title><meta
 * http-equiv=refresh …>" (escaped in the stored issue) came out live. Their
 * text is swapped for a random placeholder, and the escaped text put back.
 */
function serialize(document: ReturnType<typeof parseHTML>['document']): string {
  const swapped = new Map<string, string>();
  for (const el of document.querySelectorAll('title, textarea')) {
    const placeholder = `gz-text-${randomUUID()}`;
    swapped.set(placeholder, el.textContent ?? '');
    el.textContent = placeholder;
  }
  let html = document.toString();
  for (const [placeholder, text] of swapped) html = html.split(placeholder).join(escapeHtml(text));
  return html;
}
