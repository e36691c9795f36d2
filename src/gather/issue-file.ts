// The editor's plan for the issue: `<content>/issue.md`. Front matter names
// the sections (in the order the issue shows them), the subject and the
// section for stories that fit none; the body is the intro, plain paragraphs.
//
//   ---
//   subject: Trams, telescopes and a regatta   # optional: replaces the generated subject
//   date: 2026-11-22                           # optional: subject and intro only for this issue
//   sections:
//     - World                                  # a name alone: articles tagged "world" join it
//     - name: Science
//       tags: [science, space, climate]        # articles with any of these tags join it
//   default: More news                         # stories of no section (default "More news")
//   ---
//   Good morning. The intro: plain text, paragraphs separated by a blank line.
//
// A file that does not follow this stops the build (like a broken template:
// an issue must not go out arranged other than the editor wrote), with one
// line per mistake naming the file, line and field, and how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { z } from 'zod';
import { GazetteError } from '../errors.js';
import { isCalendarDate } from '../clock.js';
import type { IssuePlan } from '../types.js';

export const ISSUE_FILE = 'issue.md';
export const DEFAULT_SECTION = 'More news';

const name = z.string({ error: 'must be a name in words, e.g. Science' }).trim().min(1, 'is empty; write a name or remove the line').max(60, 'is longer than 60 characters; shorten it');
// A tags list may be written inline as "a, b"; a section may be a bare name.
// Preprocessing (not z.union) keeps zod's message about the inner field that is wrong.
const tags = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',') : v),
  z.array(z.union([z.string(), z.number()], { error: 'must be a list of tags, e.g. [science, space]' }).transform(String), { error: 'must be a list of tags, e.g. [science, space]' }),
).transform((list) => list.map((t) => t.trim().toLowerCase()).filter(Boolean));
const section = z.preprocess(
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.strictObject({ name, tags: tags.optional() }, { error: 'must be a name, or `name:` with optional `tags:`' }),
).transform((s) => ({ name: s.name, tags: s.tags ?? [] }));

const schema = z.strictObject({
  subject: z.string({ error: 'must be text' }).trim().min(1, 'is empty; write the subject line or remove `subject:`').max(200, 'is longer than 200 characters; inboxes show about 60').optional(),
  // A date that is no day (2026-13-45) would match no issue, and its subject and intro would silently never show.
  date: z.string({ error: 'must be a date written YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), { error: (i) => `"${String(i.input)}" is not a day on the calendar; write the issue's real date, e.g. 2026-11-22, or remove \`date:\`` })
    .optional(),
  sections: z.array(section, { error: 'must be a list, one `- Name` a line' }).optional().default([]),
  default: name.optional(),
}, { error: 'must be `key: value` lines' });

/** A plan and the date it is meant for (subject and intro apply to that issue only). */
export interface ReadPlan {
  plan: IssuePlan;
  /** Set when the editor wrote `date:`. */
  date?: string;
}

/** Reads `<contentDir>/issue.md`; null when there is none. Throws a GazetteError naming every mistake. */
export function readIssueFile(contentDir: string, shownAs = join(contentDir, ISSUE_FILE)): ReadPlan | null {
  const path = join(contentDir, ISSUE_FILE);
  if (!existsSync(path)) return null;
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new GazetteError('INPUT', `${shownAs}: cannot be read (${(err as Error).message})`, { cause: err });
  }
  return parseIssueFile(raw, shownAs);
}

/** Parses the text of an issue file; `shownAs` names it in messages. */
export function parseIssueFile(raw: string, shownAs: string): ReadPlan {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^---\n/.test(text)) {
    throw new GazetteError('INPUT', `${shownAs}: line 1: the file must start with a --- line, then the front matter (sections:, subject:, default:), then a second --- line; the intro goes after it`);
  }
  let data: unknown;
  let body: string;
  try {
    // JSON schema: a date stays the text typed (YAML would turn it into a Date object).
    const parsed = matter(text, { engines: { yaml: (t: string) => (yaml.safeLoad(t, { schema: yaml.JSON_SCHEMA }) ?? {}) as object } });
    data = parsed.data;
    body = parsed.content;
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new GazetteError('INPUT', `${shownAs}: the front matter is not valid YAML (${reason}); fix it between the two --- lines`, { cause: err });
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => describeIssue(issue, text, shownAs));
    throw new GazetteError('INPUT', lines.join('\n'));
  }
  const fm = result.data;
  const seen = new Map<string, number>();
  const mistakes: string[] = [];
  fm.sections.forEach((s, i) => {
    const key = s.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) mistakes.push(`${shownAs}: line ${lineOf(text, ['sections', i])}: sections[${i + 1}] "${s.name}" repeats section ${first + 1}; remove one of them`);
    else seen.set(key, i);
  });
  if (mistakes.length) throw new GazetteError('INPUT', mistakes.join('\n'));
  const plan: IssuePlan = {
    sections: fm.sections,
    defaultSection: fm.default ?? DEFAULT_SECTION,
    intro: paragraphs(body),
    ...(fm.subject ? { subject: fm.subject } : {}),
  };
  return { plan, ...(fm.date ? { date: fm.date } : {}) };
}

/** Plain paragraphs: separated by blank lines, each one's line breaks joined by spaces. */
function paragraphs(body: string): string[] {
  return body.split(/\n[ \t]*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

const KEYS = 'subject, date, sections, default';

/** One zod issue as a line for the editor: file, line, field, what is wrong and how to fix it. */
function describeIssue(issue: z.core.$ZodIssue, text: string, shownAs: string): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const where = path.length ? `${fieldName(path)}: ` : '';
    const keys = issue.keys.map((k) => `\`${k}\``).join(', ');
    const allowed = path.length ? 'name, tags' : KEYS;
    return `${shownAs}: line ${lineOf(text, [...path, issue.keys[0]!])}: ${where}${keys} is not a field here (the fields are ${allowed}); check the spelling`;
  }
  return `${shownAs}: line ${lineOf(text, path)}: ${fieldName(path) || 'the front matter'} ${issue.message}`;
}

/** "sections[2].tags" for ['sections', 1, 'tags'] (counted from 1, as the editor counts). */
function fieldName(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p + 1}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * The line of a field in the file, found by reading the front matter's
 * indentation. js-yaml 3 keeps no positions, and the file is a few lines of
 * simple YAML, so a line scan suffices; when a field cannot be found, the
 * line of the nearest field above it is given (or 2, the first of the front matter).
 */
export function lineOf(text: string, path: readonly (string | number | PropertyKey)[]): number {
  const lines = text.split('\n');
  const end = lines.indexOf('---', 1);
  const last = end > 0 ? end : lines.length;
  let from = 1;
  let to = last;
  let found = 2;
  for (const step of path) {
    let hit = -1;
    if (typeof step === 'number') {
      // The step-th "- " item below the parent key, at the items' indentation.
      const items = [] as number[];
      let indent = -1;
      for (let i = from; i < to; i++) {
        const m = /^(\s*)-(\s|$)/.exec(lines[i]!);
        if (!m) continue;
        if (indent < 0) indent = m[1]!.length;
        if (m[1]!.length === indent) items.push(i);
      }
      hit = items[step] ?? -1;
      if (hit >= 0) to = items[step + 1] ?? to;
    } else {
      const key = String(step).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (let i = from; i < to; i++) if (new RegExp(`^\\s*(-\\s+)?${key}\\s*:`).test(lines[i]!)) { hit = i; break; }
      if (hit >= 0) {
        // The key's value runs until the next line indented no deeper than the key.
        const indent = /^\s*/.exec(lines[hit]!)![0].length;
        let next = hit + 1;
        while (next < to && (lines[next]!.trim() === '' || /^\s*/.exec(lines[next]!)![0].length > indent || /^\s*-/.test(lines[next]!) && indent === 0)) next++;
        to = next;
      }
    }
    if (hit < 0) break;
    found = hit + 1;
    from = typeof step === 'number' ? hit : hit + 1;
  }
  return found;
}

/**
 * The section names a reader can pick as topics: the editor's sections in
 * order, then the default one; none when the issue has no sections (then
 * every story is in the default section and topics choose nothing).
 */
export function issueSectionNames(contentDir: string): string[] {
  const read = readIssueFile(contentDir);
  return read ? planSectionNames(read.plan) : [];
}

/** The section names a reader can pick in `plan` (see issueSectionNames). */
export function planSectionNames(plan: IssuePlan): string[] {
  if (plan.sections.length === 0) return [];
  const names = plan.sections.map((s) => s.name);
  const fallback = plan.defaultSection;
  return names.some((n) => n.toLowerCase() === fallback.toLowerCase()) ? names : [...names, fallback];
}
