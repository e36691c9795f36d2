// `gazette build` with content/issue.md: the issue is arranged in sections with
// the editor's subject and intro; a broken issue.md stops the build with its
// mistakes named; a plan dated for another day keeps its sections only.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';

afterAll(cleanupTmp);

function workspace(files: Record<string, string>) {
  const dir = tmpDir();
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'content', name), body);
  return { dir, env: isolatedEnv(dir) };
}

const article = (title: string, body: string, extra = '') => `---
title: ${title}
outlet: River Post
url: https://riverpost.example/${title.toLowerCase().replace(/\W+/g, '-')}
published: 2026-11-21T08:00:00Z
${extra}---
${body}
`;
const ARTICLES = {
  'bridge.md': article('The bridge reopens', 'The Elm Street bridge reopened to traffic on Friday after eighteen months of repairs. Engineers replaced the steel deck.', 'tags: [city]\n'),
  'regatta.md': article('Kelsey Bay wins the regatta', 'Kelsey Bay Rowing Club won the eights on Sunday by half a length. The crew covered the course in under six minutes.', 'section: Sport\n'),
  'comet.md': article('A comet visits', 'A comet will be visible from the hills on Tuesday night. Astronomers suggest binoculars and a dark sky.', 'tags: [space]\nsummary: "Look up on Tuesday: <b>a comet</b>."\n'),
};
const PLAN = `---
subject: Bridges, boats and a comet
sections:
  - name: City
    tags: [city]
  - Sport
  - name: Science
    tags: [space]
---
Good morning & welcome.
`;

describe('gazette build with content/issue.md', () => {
  it('arranges the issue in sections with the editor subject, intro and summary', async () => {
    const { dir, env } = workspace({ ...ARTICLES, 'issue.md': PLAN });
    const r = await runCli(['build', '--date', '2026-11-22'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n  subject: Bridges, boats and a comet\n  sections: City (1), Sport (1), Science (1)\n');
    const issue = JSON.parse(readFileSync(join(dir, 'out', '2026-11-22', 'issue.json'), 'utf8'));
    expect(issue.subject).toBe('Bridges, boats and a comet');
    expect(issue.intro).toEqual(['Good morning & welcome.']);
    expect(issue.sections).toEqual(['City', 'Sport', 'Science']);
    expect(issue.stories.map((s: { title: string; section: string }) => [s.title, s.section])).toEqual([
      ['The bridge reopens', 'City'], ['Kelsey Bay wins the regatta', 'Sport'], ['A comet visits', 'Science'],
    ]);
    expect(issue.stories[2]).toMatchObject({ summary: 'Look up on Tuesday: <b>a comet</b>.', editorSummary: true });
    const text = readFileSync(join(dir, 'out', '2026-11-22', 'email.txt'), 'utf8');
    expect(text).toMatch(/Good morning & welcome\.\n\nIn this issue: City · Sport · Science\n\nCity\n====\n\n1\. The bridge reopens\n/);
    const html = readFileSync(join(dir, 'out', '2026-11-22', 'email.html'), 'utf8');
    expect(html).toContain('Look up on Tuesday: &lt;b&gt;a comet&lt;/b&gt;.');
    expect(html).toContain('Good morning &amp; welcome.');
  });

  it('stops on a broken issue.md, naming the file, line and field with the fix, and writes nothing', async () => {
    const { dir, env } = workspace({ ...ARTICLES, 'issue.md': '---\nsections:\n  - City\n  - name: Sport\n    tags: {x: 1}\nsubjct: Hi\n---\n' });
    const r = await runCli(['build', '--date', '2026-11-22'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('content/issue.md: line 5: sections[2].tags must be a list of tags, e.g. [science, space]');
    expect(r.stderr).toContain('content/issue.md: line 6: `subjct` is not a field here (the fields are subject, date, sections, default); check the spelling');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out', '2026-11-22'))).toBe(false);
  });

  it('stops build and send on an impossible date in issue.md, naming the file once, and writes nothing', async () => {
    const { dir, env } = workspace({ ...ARTICLES, 'issue.md': PLAN.replace('sections:', 'date: 2026-13-45\nsections:') });
    for (const args of [['build', '--date', '2026-11-22'], ['send', '--date', '2026-11-22']]) {
      const r = await runCli(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gazette: Bad input: \S*content\/issue\.md: line \d+: date "2026-13-45" is not a day on the calendar; write the issue's real date, e\.g\. 2026-11-22, or remove `date:`$/m);
      expect(r.stderr.match(/issue\.md/g)).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'out', '2026-11-22'))).toBe(false);
  });

  it('keeps the sections of a plan dated for another day but leaves out its subject and intro, saying so; warns of an unknown section', async () => {
    const regatta = ARTICLES['regatta.md'].replace('section: Sport', 'section: Sprot');
    const { dir, env } = workspace({ ...ARTICLES, 'regatta.md': regatta, 'issue.md': PLAN.replace('sections:', 'date: 2026-11-21\nsections:') });
    const r = await runCli(['build', '--date', '2026-11-22'], env);
    expect(r.code).toBe(0);
    // Warnings, not skipped inputs: every article is in the issue.
    expect(r.stdout).toMatch(/^Built the issue of 2026-11-22: 3 stories from 3 articles\.$/m);
    expect(r.stderr).toMatch(/^warning: \S*content\/issue\.md: dated 2026-11-21, not 2026-11-22: its subject and intro are left out of this issue; update or remove `date:`$/m);
    expect(r.stderr).toMatch(/^warning: .*regatta\.md: section "Sprot" of "Kelsey Bay wins the regatta" is not in issue\.md \(its sections are "City", "Sport", "Science", "More news"\); fix the name, or add the section to issue\.md$/m);
    const issue = JSON.parse(readFileSync(join(dir, 'out', '2026-11-22', 'issue.json'), 'utf8'));
    expect(issue.subject).toMatch(/^Gazette, 22 Nov: /);
    expect(issue.intro).toBeUndefined();
    expect(issue.sections).toEqual(['City', 'Science', 'More news']);
  });
});
