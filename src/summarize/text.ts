// Words and terms: what the summarizer compares sentences by. Terms are
// lower-case letter/digit runs without function words, folded to a crude
// singular so that "missile" and "missiles" meet.

/** English function words: they link every sentence to every other and say nothing about the story. */
const STOPWORDS = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each even ever few for from further had has ' +
    'have having he her here hers herself him himself his how i if in into is it its itself just last least ' +
    'less like made make many may me might more most much must my myself new no nor not now of off on once one ' +
    'only or other our ours ourselves out over own per said same say says she should since so some still such ' +
    'than that the their theirs them themselves then there these they this those through to too under until up ' +
    'upon us very was we were what when where whether which while who whom whose why will with within without ' +
    'would year years yet you your yours yourself mr mrs ms dr told according however').split(' '),
);

/** True for an English function word. */
export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** Whitespace-separated words: what a word budget counts. */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Lower-case runs of letters and digits. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The content terms of a text: tokens without function words, folded to a crude singular. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokens(text)) {
    if (STOPWORDS.has(t) || (t.length < 2 && !/\d/.test(t))) continue;
    out.push(fold(t));
  }
  return out;
}

/** "missiles" -> "missile", "companies" -> "company"; leaves "news", "bus", "crisis" alone. */
function fold(t: string): string {
  if (t.length <= 3 || /\d/.test(t)) return t;
  if (t.endsWith('ies') && t.length > 4) return t.slice(0, -3) + 'y';
  if (t.endsWith('s') && !/(ss|us|is|ws)$/.test(t)) return t.slice(0, -1);
  return t;
}
