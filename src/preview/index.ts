// The editor's live preview: builds the next issue in memory, serves it on
// 127.0.0.1, watches content/ and templates/, and pushes each rebuild to the
// open page. It lives apart from src/server/ because it is a local tool, not
// part of the public service: it needs scripts and frames the public pages'
// security policy forbids, and it must never be exposed.
import { loadMjmlBaseline } from '../render/checks.js';
import { resolve } from 'node:path';
import type { App } from '../app.js';
import { createPreviewServer, serverUrl } from './server.js';
import { PreviewSession } from './session.js';
import { buildPreviewIssue } from './snapshot.js';
import { senderName } from './page.js';
import { watchFolders } from './watch.js';

export { PreviewSession } from './session.js';

export interface PreviewOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1; the preview is for the editor's own machine. */
  host?: string;
  contentDir?: string;
  /** A fixed issue date instead of the next unsent one. */
  date?: string;
  /** Quiet time after a change before rebuilding (default 100 ms). */
  debounceMs?: number;
}

export interface RunningPreview {
  url: string;
  session: PreviewSession;
  contentDir: string;
  templatesDir: string;
  close(): Promise<void>;
}

/** Builds the first preview, starts watching and serving; resolves once the page can be opened. */
export async function startPreview(app: App, options: PreviewOptions): Promise<RunningPreview> {
  const contentDir = resolve(options.contentDir ?? app.config.contentDir);
  // The client-support baseline loads once, before the first issue's checks need it.
  await loadMjmlBaseline();
  const templatesDir = app.buildSettings().templatesDir;
  const session = new PreviewSession(() => buildPreviewIssue({
    // Fresh parts per build: feeds.txt is read again, so a feed added while the preview runs shows up.
    parts: app.buildParts(contentDir),
    settings: (date) => app.buildSettings(date),
    issues: app.issues(),
    today: () => app.today(),
    date: options.date,
    publicUrl: app.config.publicUrl,
  }), () => app.clock.now());

  await session.rebuild();
  const watcher = await watchFolders([contentDir, templatesDir], (changed) => {
    app.logger.debug({ changed }, 'preview: rebuilding');
    void session.rebuild();
  }, options.debounceMs);
  const server = createPreviewServer(session, { listName: app.config.listName, sender: senderName(app.config.mailFrom), contentDir, templatesDir });
  try {
    await server.listen({ host: options.host ?? '127.0.0.1', port: options.port });
  } catch (err) {
    await watcher.close();
    session.close();
    throw err;
  }
  return {
    url: serverUrl(server),
    session,
    contentDir,
    templatesDir,
    async close() {
      await watcher.close();
      session.close();
      await server.close();
    },
  };
}
