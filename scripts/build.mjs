// `npm run build` (and `prepare`, so `npm install` runs it): compiles src/ to
// dist/ with tsc, copies the preview's assets beside the compiled code, and
// stamps the build so bin/gazette.js can tell whether dist/ is fresh.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
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
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const assets = join(root, 'src', 'preview', 'assets');
if (existsSync(assets)) cpSync(assets, join(dist, 'preview', 'assets'), { recursive: true });
// Written last: a build that failed halfway leaves no stamp, so it is never used.
writeFileSync(join(dist, '.built'), new Date().toISOString() + '\n');
