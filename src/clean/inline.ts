// Furniture glued inside a paragraph: a photo caption with its credit that
// scraping ran into the text, and a trailing bracketed list of sources.

const AGENCIES = 'AP|AFP|Reuters|dpa|DPA|EPA|Getty Images|Getty|Shutterstock|iStock|Alamy|Xinhua|KCNA|Yonhap|Kyodo|Bloomberg|ANP|ANSA|TASS|Sputnik|NASA|picture alliance|imago|Keystone|PA Images|PA Wire';
/** "Photo: -/dpa", "Image: Getty Images", "(Foto: dpa/Jane Doe)": a label, then an agency or a slash credit. */
// The photographer's name, if any, stands before the slash: "Jane Doe/Reuters", "-/dpa".
const CREDIT = new RegExp(`\\(?\\b(?:Photo|Foto|Image|Picture|Credit|Bild)s?(?:\\s+credit)?\\s*:\\s*(?:(?:\\p{Lu}[\\p{L}.'-]*\\s+){0,3}[\\p{L}\\d.-]*\\/[\\p{L}\\d.-]+|(?:${AGENCIES})(?:\\s*\\/\\s*[\\p{L}\\d.-]+)?)\\)?`, 'gu');

/**
 * Removes a photo credit run into the text, and the caption before it when
 * that caption is a short phrase without any punctuation (it cannot be part
 * of a sentence: the sentence before it ended, and no sentence end follows).
 */
export function removeGluedCredits(paragraph: string): string {
  let out = paragraph;
  for (let m = CREDIT.exec(out); m; m = CREDIT.exec(out)) {
    const end = m.index + m[0].length;
    let start = m.index;
    const before = out.slice(0, start);
    const lastEnd = Math.max(...['. ', '! ', '? ', '.” ', '." '].map((e) => before.lastIndexOf(e)));
    const captionStart = lastEnd < 0 ? 0 : before.indexOf(' ', lastEnd + 1) + 1;
    const caption = before.slice(captionStart).trim();
    const n = caption.split(/\s+/).filter(Boolean).length;
    if (n >= 3 && n <= 30 && !/[.!?:;"“”]/.test(caption) && /^\p{Lu}/u.test(caption)) start = captionStart;
    out = `${out.slice(0, start).trimEnd()} ${out.slice(end).trimStart()}`.trim();
    CREDIT.lastIndex = 0;
  }
  return out;
}

/** Removes a trailing list of sources in brackets: "… in western countries. [The Guardian, CNBC]". */
export function removeTrailingSources(paragraph: string): string {
  return paragraph
    .replace(/\s*\[\p{Lu}[\p{L}\p{N}&.' -]{0,30}(?:,\s*\p{Lu}[\p{L}\p{N}&.' -]{0,30}){0,5}\]\s*$/u, '')
    .replace(/\s*\((?:sources?|via)\s*:\s*[^()]{1,60}\)\s*$/iu, '');
}
