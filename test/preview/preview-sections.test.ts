// The preview and content/issue.md over real HTTP with a real watcher: writing
// issue.md rebuilds the issue in sections, the editor's summary is marked as
// theirs in the page (not in the email), and a broken issue.md shows its
// mistakes in the page until it is fixed.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPreview, type RunningPreview } from '../../src/preview/index.js';
import type { App } from '../../src/app.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { BRIDGE, LIBRARY, workspace } from './workspace.js';

afterAll(cleanupTmp);

const running: { preview: RunningPreview; app: App }[] = [];
afterEach(async () => {
  for (const { preview, app } of running.splice(0)) {
    await preview.close();
    await app.close();
  }
});

const fragments = async (url: string) => (await fetch(`${url}fragments`)).json() as Promise<{ issueVersion: number; error: string | null; top: string; stories: string; text: string }>;
const WAIT = { timeout: 20_000, interval: 100 };

describe('the preview with content/issue.md', () => {
  it('rebuilds when issue.md is written, shows sections, intro and the editor words, and a broken issue.md in the page', async () => {
    const ws = workspace({ 'bridge.md': ['The bridge reopens', BRIDGE] });
    writeFileSync(join(ws.content, 'library.md'), `---\ntitle: Library gets a new wing\noutlet: Town Crier\nurl: https://towncrier.example/library\ntags: [books]\nsummary: "Our words: <script>alert(1)</script> a wing for children."\n---\n${LIBRARY}\n`);
    const app = ws.app();
    const preview = await startPreview(app, { port: 0, date: '2026-11-22', debounceMs: 50 });
    running.push({ preview, app });

    const first = await fragments(preview.url);
    expect(first.stories).not.toContain('section-name');
    // The editor's words are marked in the page, escaped, with the extract behind them.
    expect(first.stories).toContain(`<span class="badge">Editor's words</span> Our words: &lt;script&gt;alert(1)&lt;/script&gt; a wing for children.`);
    expect(first.stories).toContain('The summary it replaces');
    const email = await (await fetch(`${preview.url}issue.html`)).text();
    expect(email).toContain('Our words: &lt;script&gt;alert(1)&lt;/script&gt; a wing for children.');
    expect(email).not.toMatch(/Editor(&#x27;|')s words/);

    writeFileSync(join(ws.content, 'issue.md'), '---\nsections:\n  - name: Books\n    tags: [books]\ndefault: Around town\n---\nGood morning <b>readers</b>.\n');
    await vi.waitFor(async () => {
      const f = await fragments(preview.url);
      expect(f.issueVersion).toBeGreaterThan(first.issueVersion);
      expect(f.stories).toMatch(/<h3 class="section-name">Books <span>\(1\)<\/span><\/h3>[\s\S]*Library gets a new wing[\s\S]*<h3 class="section-name">Around town <span>\(1\)<\/span><\/h3>[\s\S]*The bridge reopens/);
    }, WAIT);
    const f = await fragments(preview.url);
    expect(f.stories).toContain('<p>Good morning &lt;b&gt;readers&lt;/b&gt;.</p>');
    expect(f.text).toMatch(/Good morning <b>readers<\/b>\.\n\nIn this issue: Books · Around town\n/);
    expect(await (await fetch(`${preview.url}issue.html`)).text()).toMatch(/<h2 class="section-title" id="section-1"[^>]*>Books<\/h2>/);

    writeFileSync(join(ws.content, 'issue.md'), '---\nsections:\n  - name: Books\n    tags: [books]\ndefault: ""\n---\n');
    await vi.waitFor(async () => expect((await fragments(preview.url)).error).toContain('issue.md: line 5: default is empty; write a name or remove the line'), WAIT);
    expect((await fragments(preview.url)).top).toContain('Below is the last version that built.');

    writeFileSync(join(ws.content, 'issue.md'), '---\nsections:\n  - Sport\n---\n');
    writeFileSync(join(ws.content, 'bridge.md'), `---\ntitle: The bridge reopens\nsection: Bridges\n---\n${BRIDGE}\n`);
    await vi.waitFor(async () => {
      const r = await fragments(preview.url);
      expect(r.error).toBeNull();
      expect(r.stories).toContain('<code>bridge.md</code>: section &quot;Bridges&quot; of &quot;The bridge reopens&quot; is not in issue.md');
    }, WAIT);
  });
});
