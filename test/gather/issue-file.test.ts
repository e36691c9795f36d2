// content/issue.md, the editor's plan: a good file read in full, and each
// mistake named with the file, its line and field, and the fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SECTION, issueSectionNames, parseIssueFile, readIssueFile } from '../../src/gather/issue-file.js';
import { isGazetteError } from '../../src/errors.js';

const FILE = 'content/issue.md';

/** The message of the error a bad file throws (and that it is a GazetteError, shown without a stack). */
function mistake(text: string): string {
  try {
    parseIssueFile(text, FILE);
  } catch (err) {
    expect(isGazetteError(err, 'INPUT')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('parseIssueFile', () => {
  it('reads sections in order, with tags, the default section, subject, date and the intro paragraphs', () => {
    const { plan, date } = parseIssueFile([
      '---',
      'subject: Trams, ice and a regatta',
      'date: 2026-11-22',
      'sections:',
      '  - World',
      '  - name: Science',
      '    tags: [Science, space]',
      '  - name: Sport',
      '    tags: rowing, football',
      'default: Also today',
      '---',
      'Good morning. This is the intro,',
      'over two lines.',
      '',
      'A second paragraph with <b>markup</b> kept as text.',
      '',
    ].join('\n'), FILE);
    expect(date).toBe('2026-11-22');
    expect(plan).toEqual({
      sections: [{ name: 'World', tags: [] }, { name: 'Science', tags: ['science', 'space'] }, { name: 'Sport', tags: ['rowing', 'football'] }],
      defaultSection: 'Also today',
      subject: 'Trams, ice and a regatta',
      intro: ['Good morning. This is the intro, over two lines.', 'A second paragraph with <b>markup</b> kept as text.'],
    });
  });

  it('needs nothing but the two --- lines: no sections, the default section named "More news", no intro', () => {
    expect(parseIssueFile('---\n---\n', FILE).plan).toEqual({ sections: [], defaultSection: DEFAULT_SECTION, intro: [] });
    expect(DEFAULT_SECTION).toBe('More news');
  });

  it('names the file, line and field of a section that is not a name, and says what to write', () => {
    const msg = mistake('---\nsections:\n  - World\n  - [Sport, Rowing]\n---\n');
    expect(msg).toBe('content/issue.md: line 4: sections[2] must be a name, or `name:` with optional `tags:`');
  });

  it('names a bad tags list on its own line', () => {
    const msg = mistake('---\nsections:\n  - World\n  - name: Science\n    tags: {a: 1}\n---\n');
    expect(msg).toMatch(/^content\/issue\.md: line 5: sections\[2\]\.tags must be a list of tags, e\.g\. \[science, space\]/);
  });

  it('names an empty section name and a misspelt key, with the fields there are', () => {
    expect(mistake('---\nsections:\n  - World\n  - name: ""\n---\n')).toBe('content/issue.md: line 4: sections[2].name is empty; write a name or remove the line');
    expect(mistake('---\nsubject: Hi\nsectons:\n  - World\n---\n')).toBe('content/issue.md: line 3: `sectons` is not a field here (the fields are subject, date, sections, default); check the spelling');
    expect(mistake('---\nsections:\n  - name: World\n    tag: [news]\n---\n')).toBe('content/issue.md: line 4: sections[1]: `tag` is not a field here (the fields are name, tags); check the spelling');
  });

  it('names a bad subject, date and default, one line each', () => {
    const msg = mistake('---\nsubject: ""\ndate: 22/11/2026\ndefault: 5\n---\n');
    expect(msg.split('\n')).toEqual([
      'content/issue.md: line 2: subject is empty; write the subject line or remove `subject:`',
      'content/issue.md: line 3: date must be a date written YYYY-MM-DD',
      'content/issue.md: line 4: default must be a name in words, e.g. Science',
    ]);
  });

  it('refuses a date that is no day on the calendar, once, with the line', () => {
    expect(mistake('---\ndate: 2026-13-45\n---\n')).toBe('content/issue.md: line 2: date "2026-13-45" is not a day on the calendar; write the issue\'s real date, e.g. 2026-11-22, or remove `date:`');
    expect(mistake('---\ndate: 2026-02-30\n---\n')).toMatch(/line 2: date "2026-02-30" is not a day on the calendar/);
  });

  it('refuses a section listed twice, naming both', () => {
    expect(mistake('---\nsections:\n  - World\n  - Sport\n  - world\n---\n')).toBe('content/issue.md: line 5: sections[3] "world" repeats section 1; remove one of them');
  });

  it('says how the file must start, and names broken YAML', () => {
    expect(mistake('sections:\n  - World\n')).toMatch(/^content\/issue\.md: line 1: the file must start with a --- line/);
    expect(mistake('---\nsections: [World\n---\n')).toMatch(/^content\/issue\.md: the front matter is not valid YAML \(.+\); fix it between the two --- lines$/);
  });
});

describe('readIssueFile', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gazette-issue-file-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('is null without an issue.md, and reads one that is there', () => {
    expect(readIssueFile(dir)).toBeNull();
    writeFileSync(join(dir, 'issue.md'), '\uFEFF---\r\nsections:\r\n  - World\r\n---\r\nHello.\r\n');
    expect(readIssueFile(dir)?.plan).toEqual({ sections: [{ name: 'World', tags: [] }], defaultSection: 'More news', intro: ['Hello.'] });
  });

  it('names the sections a reader can pick: the editor\'s in order, then the default once; none without sections', () => {
    expect(issueSectionNames(dir)).toEqual([]);
    writeFileSync(join(dir, 'issue.md'), '---\nsubject: Hello\n---\n');
    expect(issueSectionNames(dir)).toEqual([]);
    writeFileSync(join(dir, 'issue.md'), '---\nsections:\n  - World\n  - Science\n---\n');
    expect(issueSectionNames(dir)).toEqual(['World', 'Science', DEFAULT_SECTION]);
    writeFileSync(join(dir, 'issue.md'), '---\nsections:\n  - World\n  - Also today\ndefault: also today\n---\n');
    expect(issueSectionNames(dir)).toEqual(['World', 'Also today']);
  });
});
