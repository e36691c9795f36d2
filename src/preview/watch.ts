// Watches the content and templates folders (chokidar) and calls back once per
// burst of changes: an editor's save is often several events (temp file,
// rename, chmod), and a `git checkout` is hundreds.
import { watch } from 'chokidar';
import { basename } from 'node:path';

export interface Watcher {
  close(): Promise<void>;
}

/** Calls `onChange` `debounceMs` after the last change under `paths`; resolves once the watcher is ready. */
export async function watchFolders(paths: readonly string[], onChange: (changed: string[]) => void, debounceMs = 100): Promise<Watcher> {
  const watcher = watch([...paths], {
    ignoreInitial: true,
    // Editors' swap and backup files (.x.swp, x~) are not content.
    ignored: (path: string) => {
      const name = basename(path);
      return (name.startsWith('.') && name.length > 1) || name.endsWith('~');
    },
  });
  let timer: NodeJS.Timeout | null = null;
  let changed = new Set<string>();
  watcher.on('all', (_event, path) => {
    changed.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const batch = [...changed];
      changed = new Set();
      onChange(batch);
    }, debounceMs);
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
