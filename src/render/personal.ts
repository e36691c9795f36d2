// Render once, personalise cheaply: the rendered issue carries these markers
// where a recipient's own values go, and delivery replaces them per recipient
// (in the prepared MIME bytes), never re-rendering MJML. The markers are plain
// ASCII that survives MJML, minification and quoted-printable unchanged.

export const PERSONAL_MARKERS = {
  /** The recipient's one-click unsubscribe page (https). */
  unsubscribeUrl: 'GZUNSUBSCRIBEURLGZ',
  /** The recipient's signed preferences page (time zone, hour, frequency, topics). */
  preferencesUrl: 'GZPREFERENCESURLGZ',
  /** The recipient's address, for "sent to …" in the footer. */
  email: 'GZRECIPIENTEMAILGZ',
} as const;

export type PersonalFields = Record<keyof typeof PERSONAL_MARKERS, string>;

/**
 * Removes marker strings from untrusted text, so an article cannot smuggle in a
 * recipient's own fields. Repeated until nothing changes: one pass over
 * "GZRECIPIENTGZRECIPIENTEMAILGZEMAILGZ" would leave a live marker behind.
 */
export function stripMarkers(text: string): string {
  let out = text;
  for (let before = ''; before !== out;) {
    before = out;
    for (const marker of Object.values(PERSONAL_MARKERS)) out = out.split(marker).join('');
  }
  return out;
}

/** True when `text` holds a personal marker (after stripping, nothing from outside may). */
export function hasMarker(text: string): boolean {
  return Object.values(PERSONAL_MARKERS).some((marker) => text.includes(marker));
}
