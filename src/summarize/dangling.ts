// Does a sentence lean on one before it? A summary sentence is read without
// the article around it, so a sentence that opens with a pronoun ("He",
// "They"), a connective ("But", "Until then") or a definite description of
// something never named ("The Briton, running…", "…, the company said") reads
// as broken when its predecessor is left out. The summarizer only takes such a
// sentence together with its predecessor; the benchmark counts summaries that
// open with one. The rules are a deliberate, readable approximation: they look
// at the opening words and at attributions, not at a parse.

import { withoutDateline } from './dateline.js';

/** Pronouns and demonstratives that point back when they open a sentence. */
const POINTING = new Set([
  'he', 'she', 'they', 'it', 'his', 'her', 'their', 'its', 'him', 'them', 'this', 'that', 'these', 'those', 'such',
  'another', 'both', 'neither', 'either', 'theirs', 'hers',
]);

/** Connectives that carry on from the sentence before. */
const CONNECTIVES = new Set([
  'but', 'however', 'also', 'meanwhile', 'still', 'yet', 'and', 'or', 'so', 'then', 'thus', 'therefore', 'hence',
  'moreover', 'furthermore', 'besides', 'instead', 'nevertheless', 'nonetheless', 'otherwise', 'likewise',
  'similarly', 'indeed', 'consequently', 'accordingly', 'afterwards', 'afterward', 'again', 'too', 'plus',
  'because', 'nor', 'additionally', 'separately', 'elsewhere',
]);

/** Opening phrases that point back ("Until then, …", "As a result, …"). */
const BACK_PHRASES =
  /^(until then|since then|by then|after that|before that|at the time|at that time|even so|as a result|in addition|in turn|for (his|her|their|its) part|on the other hand|in contrast|by contrast|as well|the same|the other|the latter|the former|the next day|the day before)\b/i;

/**
 * Demonym nouns: "The Briton" or "The American" open a sentence about
 * someone named before; "The British government" (an adjective) does not,
 * which the verb-or-comma test below tells apart.
 */
const DEMONYMS =
  'Briton|Britons|Frenchman|Frenchwoman|American|Americans|German|Spaniard|Australian|Scot|Welshman|Irishman|Italian|Dutchman|Russian|Canadian|Kenyan|Ethiopian|Jamaican|Swede|Norwegian|Dane|Swiss|Argentine|Brazilian|Chinese|Japanese|Indian|Portuguese|Belgian|Croat|Serb';

/** Verbs that follow a sentence's subject: what makes "The company said" a clause about a known company. */
const VERBS =
  'said|says|say|added|adds|told|is|was|are|were|has|had|have|will|would|could|can|may|might|must|should|also|then|later|now|still|again|denied|denies|insisted|insists|believes|believed|comes|came|follows|followed|means|meant|marks|marked|remains|remained|took|takes|won|wins|made|makes|did|does|declined|refused|plans|planned|hopes|hoped|wants|wanted|faces|faced|needs|needed|announced|confirmed|warned|argued|claimed|expects|expected|described|called|went|goes|began|begins|became|becomes|seems|seemed|appeared|appears|reported|revealed|admitted|agreed|accused|used|uses|received|received|includes|included|showed|shows|found|finds';

/**
 * Nouns that, after "the", point back to someone or something the article
 * named before ("the company", "the club", "the 29-year-old"). "The
 * government", "the dollar" or "the Tories" are left out on purpose: a news
 * reader knows which one is meant without the sentence before.
 */
const BACK_NOUNS = new Set(
  ('company firm group club team side squad band duo trio couple pair man woman boy girl men women child children ' +
    'player singer actor actress star rapper striker midfielder defender forward goalkeeper keeper coach manager ' +
    'veteran champion winner runner victim suspect driver pilot officer spokesman spokeswoman spokesperson ' +
    'father mother son daughter wife husband brother sister family couple country nation city town village ' +
    'broadcaster network carrier airline retailer insurer lender giant chain brand startup maker producer ' +
    'film movie book album song show series report study survey move decision deal plan incident attack case ' +
    'project ship vessel plane aircraft boat device product app website service lawmaker senator politician ' +
    'organisation organization agency charity campaigner campaigners researchers scientists teenager student ' +
    'programme program scheme bill measure law proposal policy').split(' '),
);

/** Words that make a definite description self-contained: "the man who…", "the head of…". */
const RESTRICTING = /^(who|whom|whose|which|that|of|in|at|on|for|from|with|to|by|behind|accused|charged|known|named|called)$/;

/** "The company said", "The 29-year-old, who…", "The isolated country, beset…", "The Briton will…". */
const DEFINITE_OPENER = new RegExp(
  `^["“‘']?The\\s+((?:[a-z][\\w'’-]*\\s+){0,2}?)([a-z0-9][\\w'’-]*|${DEMONYMS})(?=\\s*,|\\s+(?:${VERBS})\\b)`,
  'u',
);

/** An attribution closing a sentence to something never named: "…, the company said." "…, the club added." */
const DEFINITE_ATTRIBUTION = new RegExp(
  `,\\s+the\\s+(?:[a-z][\\w'’-]*\\s+)?([a-z][\\w'’-]*)\\s+(?:said|says|added|told|reported|announced|stated|explained|noted|warned|confirmed|insisted|claimed|argued)\\b`,
  'gu',
);

const DEMONYM = new RegExp(`^(${DEMONYMS})$`);

/** True for a head noun that points back: a BACK_NOUN, an age ("the 29-year-old") or a demonym ("the Briton"). */
function pointsBack(head: string, modifiers: string): boolean {
  if (modifiers.split(/\s+/).some((m) => RESTRICTING.test(m))) return false;
  return BACK_NOUNS.has(head.toLowerCase()) || /^\d+-year-old$/.test(head) || DEMONYM.test(head);
}

/** "Mr Howard said…": a surname on its own, after the first mention in news style. */
const TITLED_SURNAME = /^["“‘']?(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+(\p{Lu}[\p{L}'’-]+)(?=[,.]|\s+[^\p{Lu}\s])/u;

/** A quotation whose speaker is only a pronoun: '"We dig up the past for a living," he said.' */
const QUOTE_BY_PRONOUN = /^["“][^"“”]*["”]\s*,?\s*(?:he|she|they|it)\s+(?:said|says|added|adds|told|explained|continued|insisted|warned|recalled|joked|noted)\b/iu;

/** A sentence that is all quotation, its speaker named in the sentence before. */
const WHOLE_QUOTE = /^["“][^"“”]*[.!?…,]["”]$/u;

/** "It is likely that…", "It was not clear whether…": an "it" that stands for what follows, not for something before. */
const EXPLETIVE_IT =
  /^It\s+(?:is|was|has been|had been|will be|would be|seems|seemed|appears|appeared|remains)\s+(?:not\s+)?(?:\w+ly\s+)?(?:likely|unlikely|expected|thought|believed|understood|clear|unclear|possible|impossible|important|hoped|feared|estimated|reported|known|said|claimed|alleged|true|vital|essential|necessary|hard|difficult|easy)\s+(?:that|to|whether|if|for|how|what|when|why)\b/u;

/**
 * Why `sentence` leans on text not in `before` (the summary's earlier
 * sentences), or null when it reads on its own.
 */
export function danglingReason(sentence: string, before: readonly string[] = []): string | null {
  const text = sentence.trim();
  const words = text.replace(/^["“‘'(\[]+/u, '').split(/\s+/);
  const first = (words[0] ?? '').toLowerCase().replace(/[^\p{L}'’-]+/gu, '');
  const known = knownWords(before);
  if (POINTING.has(first) && !EXPLETIVE_IT.test(text)) return `opens with "${words[0]}"`;
  if (CONNECTIVES.has(first)) return `opens with the connective "${words[0]}"`;
  const back = BACK_PHRASES.exec(text.replace(/^["“‘'(\[]+/u, ''));
  if (back && /[\s,]/.test(text.charAt(back[0].length) || ' ')) return `opens with "${back[0]}"`;
  if (WHOLE_QUOTE.test(text)) return 'is a quotation whose speaker is not named';
  if (QUOTE_BY_PRONOUN.test(text)) return 'is a quotation whose speaker is only a pronoun';
  const definite = DEFINITE_OPENER.exec(text);
  if (definite && pointsBack(definite[2]!, definite[1]!)) {
    const head = definite[2]!.toLowerCase();
    if (!known.has(fold(head))) return `opens with "${definite[0].trim()}", which was not introduced`;
  }
  const titled = TITLED_SURNAME.exec(text);
  if (titled && !known.has(fold(titled[1]!.toLowerCase()))) return `names "${titled[0].trim()}" by surname only`;
  for (const m of text.matchAll(DEFINITE_ATTRIBUTION)) {
    const head = m[1]!.toLowerCase();
    if (!pointsBack(head, '')) continue;
    const earlier = knownWords([...before, text.slice(0, m.index)]);
    if (!earlier.has(fold(head))) return `attributes to "${m[0].trim()}", which was not introduced`;
  }
  return null;
}

/**
 * True when the sentence's very opening points back (a pronoun, a
 * connective, a bare quotation): only the sentence before it in its article
 * can carry it. A description ("the company", "Mr Howard") may instead be
 * introduced by any earlier sentence of the summary.
 */
export function opensWithPointer(sentence: string): boolean {
  const reason = danglingReason(sentence);
  return reason !== null && (reason.startsWith('opens with "') || reason.startsWith('opens with the connective') || reason.startsWith('is a quotation')) && !/which was not introduced$/.test(reason);
}

/** True when the sentence leans on something not in `before`. */
export function isDangling(sentence: string, before: readonly string[] = []): boolean {
  return danglingReason(sentence, before) !== null;
}

/** True when a summary (sentences in reading order) opens with a sentence that leans on one left out. */
export function opensDangling(summary: readonly string[]): boolean {
  // Read past a wire dateline: "(CNN) He said…" opens with "He".
  return summary.length > 0 && isDangling(withoutDateline(summary[0]!));
}

function knownWords(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const w of t.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? []) out.add(fold(w));
  return out;
}

/** A crude singular, so "companies" introduces "the company". */
function fold(w: string): string {
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) return w.slice(0, -1);
  return w;
}
