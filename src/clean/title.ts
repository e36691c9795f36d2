// A page's <title> often carries the site's name: "Ferry strike ends – My
// website", "Site | Headline". When that name is the outlet's (its site name
// or its host), it goes; any other part after a separator is the headline's own.

const SEPARATORS = /\s+[|–—·»-]\s+|\s+::\s+/g;

const key = (s: string): string => s.toLowerCase().normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '');

/** The names a site goes by: the outlet as given, and its host without "www." and without the top-level domain. */
function siteNames(outlet: string, url: string | null): Set<string> {
  const names = new Set([key(outlet)]);
  const hosts = [outlet, url ? safeHost(url) : ''].filter((h) => /^[\w-]+(\.[\w-]+)+$/.test(h));
  for (const h of hosts) {
    const bare = h.replace(/^www\./i, '');
    names.add(key(bare));
    names.add(key(bare.replace(/\.[a-z]{2,}(\.[a-z]{2})?$/i, '')));
  }
  names.delete('');
  return names;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The title without a leading or trailing site name, when what is left is still a headline (two words or more). */
export function stripSiteName(title: string, outlet: string, url: string | null): string {
  const names = siteNames(outlet, url);
  const seps = [...title.matchAll(SEPARATORS)];
  if (seps.length === 0) return title;
  const last = seps[seps.length - 1]!;
  const tail = title.slice(last.index! + last[0].length);
  const head = title.slice(0, last.index);
  if (names.has(key(tail)) && head.split(/\s+/).length >= 2) return head.trim();
  const first = seps[0]!;
  const lead = title.slice(0, first.index);
  const rest = title.slice(first.index! + first[0].length);
  if (names.has(key(lead)) && rest.split(/\s+/).length >= 2) return rest.trim();
  return title;
}
