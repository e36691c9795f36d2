// Stories cut by GAZETTE_MAX_STORIES are left out like any other input: build
// lists them, `articles` lists them under "left out", and the preview's
// "Left out, and why" shows them, each with how to keep it in. Real content
// folder, real CLI, real build.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { renderTop } from '../../src/preview/page.js';
import { PreviewSession } from '../../src/preview/session.js';
import { buildPreviewIssue } from '../../src/preview/snapshot.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';

afterAll(cleanupTmp);

// Four unrelated stories, newest first: bridge, library, orchestra, marathon.
const STORIES: [string, string, string, string][] = [
  ['bridge.md', 'Elm Street bridge reopens', '2026-11-21', 'The Elm Street bridge reopened to traffic on Friday after eighteen months of repairs. Engineers replaced the steel deck and repainted the arches.'],
  ['library.md', 'Library adds a children\'s wing', '2026-11-20', 'The central library will add a children\'s wing with 40,000 books. Construction starts in March and costs 3.1 million.'],
  ['orchestra.md', 'Orchestra names a conductor', '2026-11-19', 'The city orchestra named a violinist from Porto as its principal conductor. She takes up the baton in the autumn season.'],
  ['marathon.md', 'Marathon route changes', '2026-11-18', 'Organisers moved the marathon route away from the waterfront promenade because of flood defence works along the quay.'],
];

function workspace(pin?: string) {
  const dir = tmpDir();
  const content = join(dir, 'content');
  mkdirSync(content, { recursive: true });
  for (const [file, title, date, body] of STORIES) {
    writeFileSync(join(content, file), `---\ntitle: "${title}"\npublished: ${date}\n${file === pin ? 'pin: true\n' : ''}---\n${body}\n`);
  }
  return { dir, content, env: isolatedEnv(dir, { GAZETTE_MAX_STORIES: '2' }) };
}

const CLOCK = { now: () => new Date('2026-11-21T12:00:00Z') };

describe('stories over GAZETTE_MAX_STORIES', () => {
  it('build lists each cut story with how to keep it in', async () => {
    const { env } = workspace();
    const r = await runCli(['build', '--date', '2026-11-21'], env, { clock: CLOCK });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 stories from 2 articles');
    expect(r.stdout).toMatch(/2 articles of stories over GAZETTE_MAX_STORIES left out/);
    expect(r.stderr).toMatch(/left out .*orchestra\.md: "Orchestra names a conductor" is over GAZETTE_MAX_STORIES=2 .*raise GAZETTE_MAX_STORIES or pin the story \(pin: true/);
    expect(r.stderr).toMatch(/left out .*marathon\.md: "Marathon route changes" is over GAZETTE_MAX_STORIES=2/);
    expect(r.stderr).not.toMatch(/bridge\.md|library\.md/);
  });

  it('articles lists the cut stories as left out, not for the issue; a pinned story stays in', async () => {
    const { env } = workspace('marathon.md');
    const r = await runCli(['articles', '--json'], env, { clock: CLOCK });
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { articles: { file: string }[]; dropped: { where: string; reason: string }[] };
    expect(listed.articles.map((a) => a.file).sort()).toEqual(['bridge.md', 'marathon.md']);
    const why = Object.fromEntries(listed.dropped.map((d) => [d.where, d.reason]));
    expect(Object.keys(why).sort()).toEqual(['library.md', 'orchestra.md']);
    expect(why['library.md']).toMatch(/^"Library adds a children's wing" is over GAZETTE_MAX_STORIES=2 .*pin the story/);
    const text = await runCli(['articles'], env, { clock: CLOCK });
    expect(text.stdout).toContain('2 left out:');
  });

  it('the preview\'s "Left out, and why" shows the cut stories', async () => {
    const { dir, content, env } = workspace();
    const app = createApp({ env: { ...env, TEMPLATES_DIR: join(dir, 'none') }, logger: silentLogger, clock: CLOCK });
    try {
      const session = new PreviewSession(() => buildPreviewIssue({
        parts: app.buildParts(content), settings: (d) => app.buildSettings(d), issues: app.issues(), today: () => app.today(), publicUrl: app.config.publicUrl,
      }));
      await session.rebuild();
      expect(session.state.error).toBeNull();
      const top = renderTop({ listName: 'Test', sender: 'Test', contentDir: content, templatesDir: '' }, session.state);
      expect(top).toContain('Left out, and why (2)');
      expect(top).toMatch(/<code>marathon\.md<\/code>: &quot;Marathon route changes&quot; is over GAZETTE_MAX_STORIES&#x3D;2/);
    } finally {
      await app.close();
    }
  });
});
