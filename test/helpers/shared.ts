// The project's shared real-world data lives beside the repository (../shared).
// A user's clone does not have it: suites that need it skip with one line.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Absolute path of ../shared/<parts>. */
export function sharedPath(...parts: string[]): string {
  return resolve(process.cwd(), '..', 'shared', ...parts);
}

/** True when ../shared/<parts> exists; otherwise prints why the suite is skipped. */
export function hasShared(suite: string, ...parts: string[]): boolean {
  const path = sharedPath(...parts);
  const ok = existsSync(path);
  if (!ok) console.log(`skipped ${suite}: ${path} is missing (it comes with the project's CI, not with a clone)`);
  return ok;
}
