// The editor's list of feeds and pages: `<content>/feeds.txt`.
//
//   # Lines starting with # are comments; blank lines are ignored.
//   # One source a line: a feed URL or a local feed file, then optionally the
//   # outlet name to credit (the rest of the line after spaces).
//   https://www.example.org/world/rss.xml      Example Outlet
//   https://news.example.net/atom.xml
//   feeds/club-notes.json                      Club Notes
//   # A single article page (reduced to its text with Readability):
//   page: https://blog.example.com/2024/05/why-we-moved   Example Blog
//   # Paths with spaces go in double quotes; relative paths are read from this folder.
//   "local feeds/town hall.xml"  Town Hall
//   # A section (named in issue.md) for everything a source gives, after a |:
//   https://science.example.org/feed.xml       Science Wire | Science
//   https://sport.example.net/rss | Sport
//
// `feed:` before a line is allowed too (it is the default); `feed://` URLs are
// read as http://. A bad line is reported with its line number and text, and
// skipped; so is a line that is neither a URL nor an existing file (usually a
// URL without its https://, or a sentence that is not a comment).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Problem } from '../types.js';
import { contentFolderSource } from './content-folder.js';
import { feedSource, isHttpUrl, type SourceDeps } from './feeds/source.js';
import { pageSource } from './pages/source.js';
import type { Source } from './source.js';

export const SOURCES_FILE = 'feeds.txt';

/** One usable line of the sources list. */
export interface SourceEntry {
  kind: 'feed' | 'page';
  /** An http(s) URL, or an absolute file path. */
  location: string;
  label?: string;
  /** The section its articles join, from a `| Section` at the end of the line. */
  section?: string;
  line: number;
}

/**
 * Parses the text of a sources list; `path` names it in problems and anchors
 * relative paths. `exists` says whether a listed file is there (the file
 * system by default).
 */
export function parseSourcesList(text: string, path: string, exists: (file: string) => boolean = existsSync): { entries: SourceEntry[]; problems: Problem[] } {
  const entries: SourceEntry[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const shown = shownPath(path);
  text.replace(/^\uFEFF/, '').split(/\r\n?|\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const bad = (why: string) => problems.push({ where: `${path}:${line}`, code: 'BAD_SOURCE_LINE', message: `${shown} line ${line}: ${why}` });
    const parsed = parseLine(trimmed, dirname(resolve(path)));
    if ('error' in parsed) {
      bad(parsed.error);
      return;
    }
    if (!isHttpUrl(parsed.location) && !exists(parsed.location)) {
      bad(notUrlNorFile(trimmed, shown));
      return;
    }
    const key = `${parsed.kind} ${parsed.location}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad(`repeats line ${first} (${parsed.location}); remove one of them`);
      return;
    }
    seen.set(key, line);
    entries.push({ ...parsed, line });
  });
  return { entries, problems };
}

/** The list's path as the editor knows it: relative to the working folder when inside it ("content/feeds.txt"). */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The message for a line that is no URL and no file; a host name without its scheme gets a hint. */
function notUrlNorFile(line: string, path: string): string {
  const text = line.replace(/^feed:\s*/i, '');
  const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  const folder = `${dirname(path)}/`;
  const hostLike = /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:?#]\S*)?$/i.exec(text.split(/\s/, 1)[0]!);
  const hint = hostLike ? `; if it is a web address, write it as https://${hostLike[0]}` : '';
  return `"${shown}" is neither an http(s) URL nor a file in ${folder}${hint}`;
}

function parseLine(text: string, baseDir: string): Omit<SourceEntry, 'line'> | { error: string } {
  let rest = text;
  let kind: SourceEntry['kind'] = 'feed';
  const prefix = /^(page|feed):(?!\/\/)\s*/i.exec(rest);
  if (prefix) {
    kind = prefix[1]!.toLowerCase() as SourceEntry['kind'];
    rest = rest.slice(prefix[0].length);
  }
  let location: string;
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    if (end < 0) return { error: 'a quoted path has no closing quote' };
    location = rest.slice(1, end);
    rest = rest.slice(end + 1);
  } else {
    location = rest.split(/\s/, 1)[0]!;
    rest = rest.slice(location.length);
  }
  if (location === '') return { error: `"${kind}:" is followed by nothing; write a URL after it` };
  // "Outlet | Section": the section column is optional, so lines without a | read as before.
  const [outletPart, sectionPart, ...extra] = rest.split('|');
  if (extra.length > 0) return { error: 'has more than one |; write the outlet, then one | and the section name' };
  const section = sectionPart?.trim();
  if (sectionPart !== undefined && !section) return { error: 'has nothing after its |; write a section name from issue.md after it, or remove the |' };
  const label = outletPart!.trim() || undefined;
  location = location.replace(/^feed:\/\//i, 'http://');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    if (!isHttpUrl(location)) return { error: `"${location}" is not an http(s) URL; only http:// and https:// addresses can be fetched` };
    try {
      location = new URL(location).toString();
    } catch {
      return { error: `"${location}" is not a valid URL` };
    }
  } else if (kind === 'page') {
    return { error: `"page:" needs an http(s) URL; put local HTML articles in the content folder instead` };
  } else {
    location = isAbsolute(location) ? location : join(baseDir, location);
  }
  return { kind, location, ...(label ? { label } : {}), ...(section ? { section } : {}) };
}

/** Turns the entries of a sources list into Sources; `listedAt` points messages back at the line. */
export function entriesToSources(entries: readonly SourceEntry[], path: string, deps: SourceDeps): Source[] {
  return entries.map((e) => {
    const listedAt = `${path} line ${e.line}`;
    const source = e.kind === 'page'
      ? pageSource({ url: e.location, label: e.label, listedAt }, deps)
      : feedSource({ location: e.location, label: e.label, listedAt }, deps);
    return e.section ? inSection(source, e.section) : source;
  });
}

/** A source whose articles all join `section` (the feeds.txt column), unless one names its own. */
function inSection(source: Source, section: string): Source {
  return {
    name: source.name,
    read: async () => {
      const result = await source.read();
      return { ...result, articles: result.articles.map((a) => ({ ...a, section: a.section ?? section })) };
    },
  };
}

/** Reads a sources list file into Sources, with a problem for each bad line (or for a missing file); `files` are the local feed files it lists. */
export function readSourcesFile(path: string, deps: SourceDeps = {}): { sources: Source[]; problems: Problem[]; files: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the sources list does not exist' : (err as Error).message;
    return { sources: [], problems: [{ where: path, code: 'FILE', message: why }], files: [] };
  }
  const { entries, problems } = parseSourcesList(text, path);
  const files = entries.filter((e) => !isHttpUrl(e.location)).map((e) => e.location);
  return { sources: entriesToSources(entries, path, deps), problems, files };
}

/** Every source an issue reads: the content folder, plus each line of `<contentDir>/feeds.txt` when that file exists. */
export function configuredSources(contentDir: string, deps: SourceDeps = {}): { sources: Source[]; problems: Problem[] } {
  const listPath = join(contentDir, SOURCES_FILE);
  const listed = existsSync(listPath) ? readSourcesFile(listPath, deps) : { sources: [], problems: [], files: [] };
  // A feed file feeds.txt lists from inside the content folder is read as a feed, not reported as a stray file.
  return { sources: [contentFolderSource(contentDir, listed.files), ...listed.sources], problems: listed.problems };
}
