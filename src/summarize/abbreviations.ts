// Word lists the sentence splitter consults at a full stop. Lower case, without
// the final dot. Kept apart from the rules so they can grow without touching
// the logic.

/** Titles and Latin shorthands that never end a sentence: "Mr. Smith", "e.g. the". */
export const NEVER_FINAL = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'cmdr',
  'adm', 'maj', 'rev', 'hon', 'pres', 'supt', 'det', 'insp', 'messrs', 'mme', 'mlle', 'fr',
  'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'ca', 'est', 'dept', 'univ', 'assn',
]);

/**
 * Shorthands that never end a sentence when a number follows: "No. 10",
 * "Jan. 5", "p. 12", and units of a measure in parts: "5 min. 48.3 sec.",
 * "6 ft. 2 in.", "3 hr. 10 min.".
 */
export const BEFORE_NUMBER = new Set([
  'min', 'mins', 'secs', 'hr', 'hrs', 'ft', 'in', 'lb', 'lbs', 'oz', 'yd', 'yds', 'mi', 'st', 'kt',
  'no', 'nos', 'nr', 'p', 'pp', 'vol', 'vols', 'fig', 'figs', 'art', 'arts', 'ch', 'sec', 'para', 'op', 'ed',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/**
 * Shorthands that may or may not end a sentence ("Apple Inc. said" vs "… at
 * Apple Inc. The deal"): a boundary only when a usual sentence opener follows.
 * Units ("bn", "km") are left out on purpose: "$1.1bn. Investors" ends a sentence.
 */
export const MAYBE_FINAL = new Set([
  'inc', 'ltd', 'corp', 'co', 'plc', 'llc', 'llp', 'bhd', 'jr', 'sr', 'bros', 'etc', 'al', 'st', 'ave', 'rd',
  'blvd', 'mt', 'ft',
]);

/** Month and day shorthands: ambiguous like MAYBE_FINAL, but only when capitalised ("sat." is a verb). */
export const CALENDAR = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'tues',
  'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
]);

/**
 * Capitalised words that usually open a sentence. After an ambiguous
 * shorthand ("U.S.", "Inc.", an initial) one of these means a new sentence;
 * any other capitalised word ("U.S. Treasury", "J. Smith") means the same one.
 */
export const SENTENCE_OPENERS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you',
  'his', 'her', 'their', 'our', 'my', 'your', 'but', 'and', 'or', 'so', 'yet', 'in', 'on', 'at', 'for',
  'from', 'with', 'by', 'as', 'after', 'before', 'when', 'while', 'if', 'although', 'though', 'since',
  'however', 'meanwhile', 'also', 'still', 'then', 'there', 'here', 'what', 'who', 'why', 'how', 'where',
  'which', 'some', 'many', 'most', 'other', 'others', 'both', 'each', 'all', 'no', 'not', 'one', 'two',
  'during', 'under', 'over', 'until', 'despite', 'instead', 'now', 'today', 'yesterday', 'last', 'next',
  'mr', 'mrs', 'ms', 'dr', 'prof', 'according', 'analysts', 'officials', 'experts', 'researchers',
]);
