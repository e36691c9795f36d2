// `npm run build` (and `prepare`, so `npm install` runs it): compiles src/ to
// dist/ with tsc, copies the preview's assets beside the compiled code, and
// stamps the build so bin/gazette.js can tell whether dist/ is fresh.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies: the sources still run through tsx.
  console.log('gazette: TypeScript is not installed; skipping the build (the sources run through tsx).');
  process.exit(0);
}
// The stamp carries the time the build started, so a source saved while tsc
// runs is newer than the stamp and the sources run instead of a stale dist/.
const started = new Date();
rmSync(dist, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  rmSync(dist, { recursive: true, force: true });
  // `npm run build --strict` (npm_config_strict) fails; as `prepare` inside
  // `npm install` a failed build must not fail the install: bin/gazette.js
  // runs the sources through tsx when there is no dist/.
  console.error('gazette: the build failed (see above); the sources will run through tsx instead.');
  process.exit(process.env.npm_config_strict ? 1 : 0);
}
const assets = join(root, 'src', 'preview', 'assets');
if (existsSync(assets)) cpSync(assets, join(dist, 'preview', 'assets'), { recursive: true });
// Written last: a build that failed halfway leaves no stamp, so it is never used.
const stamp = join(dist, '.built');
writeFileSync(stamp, started.toISOString() + '\n');
utimesSync(stamp, started, started);
