// The wire dateline some reports open with, which is not part of the lede.

/**
 * A wire dateline before the lede: "(CNN) ", "Jerusalem (CNN) ",
 * "Port Gibson, Mississippi (CNN) ", "LONDON (Reuters) - ", "WASHINGTON, March
 * 3 (AP) — ". It says where the report was filed and by whom; the digest
 * already names the outlet under the story, and a summary that opens
 * "Havana, Cuba (CNN) So what…" hides its real first word (here a connective
 * the reading rules must see). Places are one to four capitalised words,
 * optionally a date; the agency a short capitalised name in brackets.
 */
const DATELINE = /^(?:\p{Lu}[\p{L}.'’-]*(?:,?\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:,\s+\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2})?\s+)?\((?:\p{Lu}[\p{L}&.'’]*)(?:\s+\p{Lu}[\p{L}&.'’]*){0,3}\)\s*(?:[-—–]{1,2}\s*)?(?=["“‘]?\p{Lu})/u;

/** The sentence without a wire dateline at its start (see DATELINE); unchanged when it has none. */
export function withoutDateline(sentence: string): string {
  const m = DATELINE.exec(sentence);
  return m ? sentence.slice(m[0].length) : sentence;
}
