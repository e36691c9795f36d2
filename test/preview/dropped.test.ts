// The preview shows what the issue leaves out and why, and what cleaning
// removed from each article, from a real build of a real content folder;
// article text and file names are escaped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { renderStories, renderTop } from '../../src/preview/page.js';
import { PreviewSession } from '../../src/preview/session.js';
import { buildPreviewIssue } from '../../src/preview/snapshot.js';
import { isolatedEnv } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const BODY = 'The harbour board voted on Tuesday to dredge the eastern channel before the winter storms, at a cost of 4 million euros. Fishing crews had asked for the work for three years.';

describe('the preview\'s "left out, and why"', () => {
  it('lists dropped inputs with their reasons and each article\'s removals per rule', async () => {
    const dir = tmpDir();
    const content = join(dir, 'content');
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, 'dredge.txt'), `Channel to be dredged\n\nNews / Local / Harbour\n\n${BODY}\n\n#harbour #dredging`);
    writeFileSync(join(content, '<empty>.txt'), '');
    const app = createApp({ env: { ...isolatedEnv(dir), TEMPLATES_DIR: join(dir, 'none') }, logger: silentLogger });
    try {
      const session = new PreviewSession(() => buildPreviewIssue({
        parts: app.buildParts(content), settings: (d) => app.buildSettings(d), issues: app.issues(), today: () => app.today(), publicUrl: app.config.publicUrl,
      }));
      await session.rebuild();
      expect(session.state.error).toBeNull();
      const ctx = { listName: 'Test', sender: 'Test', contentDir: content, templatesDir: '' };
      const top = renderTop(ctx, session.state);
      expect(top).toContain('Left out, and why (1)');
      expect(top).toContain('<code>&lt;empty&gt;.txt</code>: the file is empty');
      expect(renderStories(ctx, session.state)).toContain('cleaning removed breadcrumb 1, hashtags 1');
    } finally {
      await app.close();
    }
  });
});
