// Canonical URLs: the same article reached through a newsletter link, a share
// button or a feed must get the same URL, hence the same id. WHATWG URL
// already lower-cases the scheme and host and drops default ports.

/** Query parameters that only say who sent the reader, never which page it is. */
const TRACKING = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid',
  'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', 'hsctatracking', 'mkt_tok', 'oly_enc_id', 'oly_anon_id',
  'vero_id', 'vero_conv', 'rb_clickid', 's_cid', 's_kwcid', 'wt.mc_id', 'wt_mc', 'xtor', 'ncid', 'ocid', 'cmpid',
  'ito', 'smid', 'sr_share', 'spm', 'ref', 'ref_src', 'ref_url', 'referrer', 'trk', 'trkcampaign', 'at_medium',
  'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'ns_source', 'ns_mchannel', 'ns_campaign',
  'share', 'shared', 'via', 'fromrss', 'rss', 'feed_id',
]);

/** Whether a query parameter name is tracking noise (utm_*, click ids, mailing-list ids, referrers). */
export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith('utm_') || key.startsWith('__') || TRACKING.has(key);
}

/**
 * The canonical form of an http(s) URL: no fragment, no tracking parameters,
 * the other parameters sorted, lower-case host, no default port. Anything that
 * is not an http(s) URL is returned trimmed, unchanged.
 */
export function canonicalUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return text;
  url.hash = '';
  // Each parameter is kept as written ("?item" stays "?item", not "?item="); only the order and the tracking ones change.
  const kept = url.search.slice(1).split('&').filter(Boolean)
    .map((raw) => ({ raw, name: decodePart(raw.split('=')[0]!), value: decodePart(raw.slice(raw.split('=')[0]!.length + 1)) }))
    .filter((p) => !isTrackingParam(p.name));
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  url.search = kept.length ? `?${kept.map((p) => p.raw).join('&')}` : '';
  return url.href;
}

function decodePart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A key under which the http and https, www and bare forms of one page meet (for duplicate detection). */
export function urlKey(canonical: string): string {
  return canonical.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, '');
}
