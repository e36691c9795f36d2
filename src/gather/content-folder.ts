// The editor's folder: every article file in `content/` becomes one Article.
// Three formats: Markdown with front matter, plain text scraped from a page
// (first line the headline, furniture left in for `clean`), and HTML pages.
// A file that cannot be read is reported with its path and reason and skipped.
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { Marked, type Token } from 'marked';
import { isCalendarDate } from '../clock.js';
import type { Article, Problem } from '../types.js';
import { articleId, hostOf } from './ids.js';
import { extractPage, htmlFragmentToText, htmlInlineToText, toIso } from './html.js';
import { decodeSelfDeclared } from './feeds/decode.js';
import type { Source, SourceResult } from './source.js';

export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt', '.text', '.html', '.htm'] as const;

/** Files in the content folder that are not articles. */
const NOT_ARTICLES = new Set(['readme.md', 'feeds.txt', 'issue.md', 'subscribers.csv']);

/** The content folder as a Source; `feedFiles` (listed in feeds.txt) are read as feeds, so this source passes over them. */
export function contentFolderSource(dir: string, feedFiles: readonly string[] = []): Source {
  return { name: dir, read: () => readContentFolder(dir, feedFiles) };
}

/** Reads every article file under `dir` (recursively), in name order; reports files of other types, except `feedFiles`. */
export async function readContentFolder(dir: string, feedFiles: readonly string[] = []): Promise<SourceResult> {
  const articles: Article[] = [];
  const problems: Problem[] = [];
  let files: string[];
  try {
    const listed = await listArticleFiles(dir);
    files = listed.articles;
    const feeds = new Set(feedFiles.map((f) => resolve(f)));
    for (const file of listed.unsupported.filter((f) => !feeds.has(resolve(f)))) problems.push({ where: file, message: unsupportedReason(file) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the folder does not exist; pass --content DIR or set GAZETTE_CONTENT_DIR'
      : code === 'ENOTDIR' ? 'this is a file, not a folder; pass --content DIR or set GAZETTE_CONTENT_DIR to the folder of articles'
      : (err as Error).message;
    return { articles, problems: [{ where: dir, message: reason, code }] };
  }
  for (const file of files) {
    try {
      articles.push(await readArticleFile(file, dir));
    } catch (err) {
      problems.push({ where: file, message: (err as Error).message });
    }
  }
  return { articles, problems };
}

/**
 * The article files under `dir`, and the other files an editor may have put
 * there by mistake (a .json, a .pdf), which are reported, not passed over in
 * silence. Hidden and `_` files, and the folder's own files (README,
 * feeds.txt, issue.md, subscribers.csv), are neither.
 */
async function listArticleFiles(dir: string): Promise<{ articles: string[]; unsupported: string[] }> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const articles: string[] = [];
  const unsupported: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    const name = e.name.toLowerCase();
    // A file inside a hidden folder (.git, .obsidian) is as hidden as the folder.
    if (relative(dir, p).split(/[\\/]/).some((part) => part.startsWith('.'))) continue;
    if (name.startsWith('_') || NOT_ARTICLES.has(name)) continue;
    if (isArticleFile(name)) articles.push(p);
    else unsupported.push(p);
  }
  return { articles: articles.sort(), unsupported: unsupported.sort() };
}

function isArticleFile(name: string): boolean {
  return (ARTICLE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

/** Why a file of another type is not read, and what to do. */
function unsupportedReason(path: string): string {
  const ext = extname(path);
  const what = ext ? `${ext} files` : 'files without an extension';
  const feed = /^\.(rss|atom|xml|rdf)$/i.test(ext) ? ' (a feed file is read only when feeds.txt lists it)' : '';
  return `Gazette does not read ${what}${feed}; save the article as .md, .txt or .html, or move the file out of the content folder`;
}

/** Reads one article file of any supported format. Throws an Error whose message says what is wrong. */
export async function readArticleFile(path: string, root?: string): Promise<Article> {
  // Read as scraped text, a .json or .pdf would become an article of its raw bytes.
  if (!isArticleFile(path)) throw new Error(unsupportedReason(path));
  const bytes = await readFile(path);
  const ext = extname(path).toLowerCase();
  const text = decodeText(bytes, ext === '.html' || ext === '.htm');
  if (text.trim() === '') throw new Error('the file is empty; write an article in it or remove it');
  const source = root ? relative(root, path) || path : path;
  if (ext === '.html' || ext === '.htm') return fromHtml(text, path, source);
  if (ext === '.md' || ext === '.markdown') return fromMarkdown(text, path, source);
  return fromPlainText(text, path, source);
}

/**
 * Decodes an article file: by its byte-order mark (UTF-8, UTF-16 as Windows
 * Notepad saves it), else for a saved page by its <meta charset> (browsers
 * save pages in the page's own encoding), else as UTF-8. Binary files (NUL
 * bytes once the mark has not explained them) and text that fits none of
 * these are refused with a clear reason, not guessed at.
 */
export function decodeText(bytes: Buffer, html = false): string {
  const declared = decodeSelfDeclared(bytes, { declaration: html });
  if (declared !== null) return declared.replace(/^\uFEFF/, '');
  if (bytes.includes(0)) throw new Error('this is a binary file, not text; save articles as .md, .txt or .html');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(html
      ? 'the page is not valid UTF-8 and declares no encoding it can be read in; save it as UTF-8, or add <meta charset="..."> naming its encoding'
      : 'the file is not valid UTF-8; save it as UTF-8 text');
  }
}

/**
 * Markdown as the articles are read. marked passes well-formed inline HTML
 * through as HTML, which the text converter then drops (and <script> with its
 * content), but a tag it does not recognise as one (`<img src=x
 * onerror=alert('x')>`: a quote in an unquoted value; `<img/src=x>`) it keeps
 * as text, and readers would see the tag in the summary. A browser reads those
 * as tags, so the reader does too: tag-shaped text in the Markdown's text runs
 * (never in code, never a backslash-escaped \\<) is taken out, keeping the
 * words between an opening and a closing tag; an invisible element's content
 * goes with it, as it does when marked recognises the tag.
 */
const markdown = new Marked({
  walkTokens(token: Token) {
    if (token.type === 'text' && !('tokens' in token && token.tokens)) token.text = stripTagText(token.text);
  },
});

const TAG_TEXT = /<\/?[a-z][a-z0-9-]*(?:[\s/][^<>]*)?>/gi;
const INVISIBLE_TEXT = /<(script|style|template|noscript|iframe)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;

function stripTagText(text: string): string {
  if (!text.includes('<')) return text;
  return text.replace(INVISIBLE_TEXT, '').replace(TAG_TEXT, '');
}

function fromMarkdown(raw: string, path: string, source: string): Article {
  const parsed = parseFrontMatter(raw);
  const data = parsed.data;
  const heading = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(parsed.content);
  // The heading's words, as readers see them: its Markdown and inline tags read, not shown.
  const headingText = heading ? htmlInlineToText(markdown.parseInline(heading[1]!, { async: false }) as string) : undefined;
  const title = str(data.title) ?? (headingText || undefined);
  if (!title) throw new Error('no title: add `title:` to the front matter or start with a "# Heading"');
  // Markdown often repeats the title as its first heading: drop it from the body.
  const leadsWithTitle = heading && parsed.content.slice(0, heading.index).trim() === '' && (sameWords(heading[1]!, title) || sameWords(headingText!, title));
  const markdownBody = leadsWithTitle ? parsed.content.slice(heading.index + heading[0].length) : parsed.content;
  const body = htmlFragmentToText(markdown.parse(markdownBody, { async: false }) as string);
  if (body.trim() === '') throw new Error('the article has a title but no text');
  const { url, ...fields } = checkedFields(data);
  return {
    id: articleId(url, source),
    title,
    url,
    outlet: str(data.outlet) ?? str(data.source) ?? hostOf(url) ?? outletFromPath(path),
    text: body,
    source: path,
    tags: Array.isArray(data.tags) ? data.tags.map(String) : typeof data.tags === 'string' ? data.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
    byline: str(data.author) ?? str(data.byline),
    ...fields,
  };
}

function fromHtml(html: string, path: string, source: string): Article {
  const page = extractPage(html);
  if (!page || page.text.trim() === '') throw new Error('no article text found in this HTML page');
  const title = page.title ?? page.text.split('\n')[0]!.slice(0, 120);
  return {
    id: articleId(page.url, source),
    title,
    url: page.url,
    outlet: page.siteName ?? hostOf(page.url) ?? outletFromPath(path),
    published: page.published,
    text: page.text,
    source: path,
    tags: [],
    byline: page.byline ?? undefined,
  };
}

/**
 * Scraped text: the first non-empty line is the headline, the rest is the body
 * as it came off the page. Optional `Key: value` front matter (between ---
 * lines) is honoured too, so an editor can add a url or outlet.
 */
function fromPlainText(raw: string, path: string, source: string): Article {
  let data: Record<string, unknown> = {};
  let content = raw;
  if (/^---\r?\n/.test(raw)) {
    const parsed = parseFrontMatter(raw);
    data = parsed.data;
    content = parsed.content;
  }
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const title = str(data.title) ?? lines[first]!.trim();
  const body = (str(data.title) ? lines.slice(first) : lines.slice(first + 1)).join('\n').trim();
  if (body === '') throw new Error('only a headline and no text; the first line is the headline, the article follows');
  const { url, ...fields } = checkedFields(data);
  return {
    id: articleId(url, source),
    title,
    url,
    outlet: str(data.outlet) ?? hostOf(url) ?? outletFromPath(path),
    text: body,
    source: path,
    tags: Array.isArray(data.tags) ? data.tags.map(String) : typeof data.tags === 'string' ? data.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
    ...fields,
  };
}

/**
 * Splits and parses YAML front matter. The JSON schema keeps dates as the
 * text the editor typed (YAML's own timestamps turn 2026-02-30 into March 2nd
 * without a word), so frontMatterDate can check them.
 */
function parseFrontMatter(raw: string): { data: Record<string, unknown>; content: string } {
  try {
    // An options object also turns off gray-matter's cache, so a fixed file is re-read.
    const parsed = matter(raw, { engines: { yaml: (text: string) => (yaml.safeLoad(text, { schema: yaml.JSON_SCHEMA }) ?? {}) as object } });
    const data = parsed.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('it is not a list of `key: value` lines');
    return { data: data as Record<string, unknown>, content: parsed.content };
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new Error(`the front matter is not valid YAML (${reason}); fix it between the two --- lines`);
  }
}

type CheckedFields = Pick<Article, 'url' | 'published' | 'pin' | 'exclude' | 'section' | 'order' | 'summary'>;

/**
 * Every checked front matter field, each check run whatever the others found,
 * so an editor fixes every bad field of a file from one build, not one field
 * per build. Throws one Error listing them all.
 */
function checkedFields(data: Record<string, unknown>): CheckedFields {
  const mistakes: string[] = [];
  const check = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (err) {
      mistakes.push((err as Error).message);
      return fallback;
    }
  };
  const fields: CheckedFields = {
    url: check(() => frontMatterUrl(data), null),
    published: check(() => frontMatterDate(data), null),
    pin: check(() => frontMatterFlag(data, 'pin', 'always put the article in the issue'), false),
    exclude: check(() => frontMatterFlag(data, 'exclude', 'leave the article out'), false),
    ...editorFields(data, check),
  };
  if (mistakes.length === 1) throw new Error(mistakes[0]);
  if (mistakes.length > 1) throw new Error(`${mistakes.length} front matter mistakes: ${mistakes.map((m, i) => `(${i + 1}) ${m.replace(/^front matter /, '')}`).join('; ')}`);
  return fields;
}

/** YAML 1.1's words for true and false, which editors write and the JSON schema reads as text. */
const YES = new Set(['yes', 'y', 'on']);
const NO = new Set(['no', 'n', 'off']);

/** A yes/no field (`pin`, `exclude`): absent is false; anything but a boolean is refused rather than read as false. */
function frontMatterFlag(data: Record<string, unknown>, key: 'pin' | 'exclude', means: string): boolean {
  const value = data[key];
  if (value === undefined || value === null || typeof value === 'boolean') return value === true;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  throw new Error(`front matter ${key} "${String(value)}" is not true or false; write \`${key}: true\` to ${means}, or remove \`${key}:\``);
}

/**
 * The editor's arranging keys: `section` (a name from issue.md), `order` (a
 * number; lower first within the section) and `summary` (the editor's own
 * words for the story, kept verbatim). A wrong type is an error that says so;
 * each key is checked on its own, so `check` can collect every mistake.
 */
function editorFields(data: Record<string, unknown>, check: <T>(read: () => T, fallback: T) => T): Pick<Article, 'section' | 'order' | 'summary'> {
  const out: Pick<Article, 'section' | 'order' | 'summary'> = {};
  if (data.section !== undefined && data.section !== null) {
    const section = check(() => {
      if (typeof data.section !== 'string' || data.section.trim() === '') throw new Error('front matter section must be one section name from issue.md, e.g. `section: Science`');
      return data.section.trim();
    }, null);
    if (section !== null) out.section = section;
  }
  if (data.order !== undefined && data.order !== null) {
    const order = check(() => {
      const n = typeof data.order === 'number' ? data.order : Number.NaN;
      if (!Number.isFinite(n)) throw new Error(`front matter order "${String(data.order)}" is not a number; write e.g. \`order: 1\` (lower comes first in its section)`);
      return n;
    }, null);
    if (order !== null) out.order = order;
  }
  if (data.summary !== undefined && data.summary !== null) {
    const summary = check(() => {
      if (typeof data.summary !== 'string' || data.summary.trim() === '') throw new Error('front matter summary must be text: your own summary of the story, or remove `summary:`');
      return data.summary.replace(/\s+/g, ' ').trim();
    }, null);
    if (summary !== null) out.summary = summary;
  }
  return out;
}

/** The front matter's `url` (or `link`), which must be http(s); null when absent. */
function frontMatterUrl(data: Record<string, unknown>): string | null {
  const url = str(data.url) ?? str(data.link) ?? null;
  if (url !== null && !/^https?:\/\/[^\s]+$/i.test(url)) throw new Error(`front matter url "${url}" is not an http(s) URL`);
  return url;
}

/** The front matter's `published` (or `date`) as ISO 8601; null when absent; an error when it is no real date. */
function frontMatterDate(data: Record<string, unknown>): string | null {
  const value = data.published ?? data.date ?? null;
  if (value === null) return null;
  const text = String(value).trim();
  const iso = toIso(text);
  // Date rolls impossible days over (Feb 30 becomes Mar 2): the typed day must be a real one.
  const real = iso !== null && (!/^\d{4}-\d{2}-\d{2}/.test(text) || isCalendarDate(text));
  if (!real) throw new Error(`front matter published "${text}" is not a date; write it as YYYY-MM-DD or an ISO timestamp`);
  return iso;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/**
 * The outlet when the file does not say, read as a name: the part before
 * `--` in a name like `coastline-daily--harbour-tram.txt`, else the file's
 * name, with hyphens and underscores as spaces and each word capitalised
 * ("coastline-daily" -> "Coastline Daily"). A name that is only an id or a
 * hash ("000_53142c9a06c61052") names no outlet: the empty string, which the
 * issue leaves off its sources line.
 */
export function outletFromPath(path: string): string {
  const name = basename(path, extname(path)).split('--')[0]!;
  const words = name.split(/[-_\s.]+/).filter(Boolean);
  if (words.length === 0 || words.every(isIdLike)) return '';
  return words.map((w, i) => nameWord(w, i === 0)).join(' ');
}

/** A run of digits, or a hex or base-36 string with digits in it: a counter, a hash, a UUID part. */
function isIdLike(word: string): boolean {
  return /^\d+$/.test(word) || (/\d/.test(word) && /^[0-9a-f]{4,}$/i.test(word)) || (/\d/.test(word) && /^[0-9a-z]{12,}$/i.test(word));
}

const SMALL_WORDS = new Set(['of', 'the', 'and', 'on', 'in', 'at', 'for', 'a', 'an', 'to']);

/** One word of an outlet name: "daily" -> "Daily", "bbc" -> "BBC" (no vowel: an acronym), "of" stays small inside a name. */
function nameWord(word: string, first: boolean): string {
  if (/[A-Z]/.test(word)) return word; // the editor's own capitals: "McClatchy", "NYTimes"
  if (!first && SMALL_WORDS.has(word)) return word;
  if (/^[a-z]{2,4}$/.test(word) && !/[aeiouy]/.test(word)) return word.toUpperCase();
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** True when two headlines have the same words, ignoring case, punctuation and markup. */
function sameWords(a: string, b: string): boolean {
  const words = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return words(a) === words(b);
}
