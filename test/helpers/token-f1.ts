// Token F1 between a text and a reference: the measure of extraction and
// cleaning quality on real pages. The reference text of an expected.html is
// read independently of the code under test: its text nodes in order, with a
// space at each block boundary.
import { parseHTML } from 'linkedom';

const BLOCKS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BR', 'TR', 'TD', 'TH', 'TABLE', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'FIGCAPTION', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'DT', 'DD', 'DL', 'HR', 'IMG']);

/** The visible text of an HTML fragment, blocks separated by spaces. */
export function referenceText(html: string): string {
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  const out: string[] = [];
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out.push(child.textContent ?? '');
      else if (child.nodeType === 1) {
        const block = BLOCKS.has((child as Element).tagName);
        if (block) out.push(' ');
        walk(child);
        if (block) out.push(' ');
      }
    }
  };
  walk(document.body as unknown as Node);
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** Lower-case letter and digit runs. */
export function tokens(text: string): string[] {
  return text.replace(/\s+/g, ' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** How many tokens of `got` the bag `want` holds (with multiplicity). */
export function overlap(got: readonly string[], want: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let n = 0;
  for (const t of got) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      n++;
      counts.set(t, c - 1);
    }
  }
  return n;
}

/** Token F1 over bags of words. */
export function tokenF1(got: readonly string[], want: readonly string[]): number {
  const n = overlap(got, want);
  if (n === 0) return 0;
  const p = n / got.length;
  const r = n / want.length;
  return (2 * p * r) / (p + r);
}
