// Checks on the markup that no email linter here does for us: images
// without alt text, links that are not absolute https, and text a reader
// cannot see (hidden, tiny, or too low in contrast), which spam filters score.
// Styles are read from inline `style` attributes only: MJML inlines what
// matters, and clients that strip <style> see exactly this.
import { parseHTML } from 'linkedom';
import { PERSONAL_MARKERS } from './personal.js';

export interface MarkupFindings {
  /** `src` of each image with no alt attribute. */
  imagesWithoutAlt: string[];
  /** Each link (href or image src) that is not absolute https, once, with how often it occurs. */
  insecureLinks: { url: string; count: number }[];
  /** Text nobody sees: hidden by style, 1px or smaller, or (nearly) the colour of its background. */
  hiddenText: { text: string; why: string }[];
  /** Visible text below WCAG AA contrast (4.5:1; 3:1 from 24px or bold 18.66px). */
  lowContrast: { text: string; ratio: number; color: string; background: string }[];
}

type El = { tagName: string; parentElement: El | null; getAttribute(name: string): string | null };

const ALLOWED_SCHEMES = /^(https:\/\/|mailto:|tel:)/i;
const PERSONAL = new Set<string>(Object.values(PERSONAL_MARKERS));

/** Runs every markup check over a rendered issue (personal markers may still be in it). */
export function checkMarkup(html: string): MarkupFindings {
  const { document } = parseHTML(html);
  const findings: MarkupFindings = { imagesWithoutAlt: [], insecureLinks: [], hiddenText: [], lowContrast: [] };

  const links = new Map<string, number>();
  const note = (url: string | null) => {
    const u = (url ?? '').trim();
    if (PERSONAL.has(u) || ALLOWED_SCHEMES.test(u)) return;
    // A jump within the issue (the sections' table of contents) is no link to anywhere; one to no element is still reported.
    if (u.length > 1 && u.startsWith('#') && document.getElementById(u.slice(1))) return;
    links.set(u, (links.get(u) ?? 0) + 1);
  };
  for (const a of document.querySelectorAll('a[href]')) note(a.getAttribute('href'));
  for (const img of document.querySelectorAll('img')) {
    note(img.getAttribute('src'));
    if (!img.hasAttribute('alt')) findings.imagesWithoutAlt.push(img.getAttribute('src') ?? '(no src)');
  }
  findings.insecureLinks = [...links].map(([url, count]) => ({ url: url || '(empty)', count }));

  const styles = new WeakMap<object, Map<string, string>>();
  const styleOf = (el: El) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = parseStyle(el.getAttribute('style'))));
    return s;
  };
  const seen = new Set<string>();
  const walker = document.createTreeWalker(document.body ?? document.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
    const parent = node.parentElement as El | null;
    if (!text || !parent || ['SCRIPT', 'STYLE', 'TITLE'].includes(parent.tagName)) continue;
    const sample = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    const view = computed(parent, styleOf);
    if (view.hidden) {
      if (!seen.has(`h${sample}`)) findings.hiddenText.push({ text: sample, why: view.hidden });
      seen.add(`h${sample}`);
      continue;
    }
    const ratio = contrast(view.color, view.background);
    const large = view.fontPx >= 24 || (view.fontPx >= 18.66 && view.bold);
    if (ratio < 1.2) {
      if (!seen.has(`h${sample}`)) findings.hiddenText.push({ text: sample, why: `its colour ${view.color} is the colour of its background ${view.background}` });
      seen.add(`h${sample}`);
    } else if (ratio < (large ? 3 : 4.5) && !seen.has(`c${sample}`)) {
      findings.lowContrast.push({ text: sample, ratio: Math.round(ratio * 100) / 100, color: view.color, background: view.background });
      seen.add(`c${sample}`);
    }
  }
  return findings;
}

interface View { hidden: string | null; color: string; background: string; fontPx: number; bold: boolean }

/** What a reader sees of an element: the nearest declared colour, background and size, and anything that hides it. */
function computed(el: El, styleOf: (el: El) => Map<string, string>): View {
  let color: string | null = null;
  let background: string | null = null;
  let fontPx: number | null = null;
  let bold = ['B', 'STRONG', 'H1', 'H2', 'H3'].includes(el.tagName);
  let hidden: string | null = null;
  for (let e: El | null = el; e; e = e.parentElement) {
    const s = styleOf(e);
    if (!hidden) hidden = hiddenBy(s);
    color ??= toHex(s.get('color'));
    background ??= toHex(s.get('background-color')) ?? firstColor(s.get('background')) ?? toHex(e.getAttribute('bgcolor'));
    if (fontPx === null && s.has('font-size')) fontPx = px(s.get('font-size')!);
    if (!bold && /^(bold|[6-9]00)$/.test(s.get('font-weight') ?? '')) bold = true;
  }
  fontPx ??= 16;
  if (!hidden && fontPx <= 1) hidden = `its font size is ${fontPx}px`;
  return { hidden, color: color ?? '#000000', background: background ?? '#ffffff', fontPx, bold };
}

function hiddenBy(s: Map<string, string>): string | null {
  if (s.get('display') === 'none') return 'display:none';
  if (s.get('visibility') === 'hidden') return 'visibility:hidden';
  if (s.get('mso-hide') === 'all') return 'mso-hide:all';
  if (s.has('opacity') && Number.parseFloat(s.get('opacity')!) === 0) return 'opacity:0';
  const clipped = s.get('overflow') === 'hidden';
  if (clipped && ['max-height', 'height'].some((p) => s.has(p) && px(s.get(p)!) === 0)) return 'zero height with overflow:hidden';
  return null;
}

/** Inline CSS declarations by lower-cased property, `!important` dropped. */
export function parseStyle(style: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of (style ?? '').split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    out.set(decl.slice(0, i).trim().toLowerCase(), decl.slice(i + 1).replace(/!important/i, '').trim().toLowerCase());
  }
  return out;
}

function px(value: string): number {
  const n = Number.parseFloat(value);
  if (Number.isNaN(n)) return 16;
  if (value.endsWith('em') || value.endsWith('rem')) return n * 16;
  if (value.endsWith('pt')) return (n * 4) / 3;
  if (value.endsWith('%')) return (n / 100) * 16;
  return n;
}

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000' };

/** #rgb, #rrggbb, rgb(r, g, b) and white/black as #rrggbb; anything else (transparent, var()) as null. */
export function toHex(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (NAMED[v]) return NAMED[v]!;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(v);
  if (rgb && (rgb[4] === undefined || Number.parseFloat(rgb[4]) > 0)) {
    return `#${[rgb[1], rgb[2], rgb[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('')}`;
  }
  return null;
}

function firstColor(background: string | undefined): string | null {
  if (!background) return null;
  for (const part of background.split(/\s+(?![^(]*\))/)) {
    const hex = toHex(part);
    if (hex) return hex;
  }
  return null;
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
