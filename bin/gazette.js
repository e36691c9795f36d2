#!/usr/bin/env -S node --max-semi-space-size=4
// The `gazette` command. It runs the compiled JavaScript in dist/ (built by
// `npm run build`, which `npm install` runs as `prepare`) when that build is at
// least as new as every file under src/; otherwise the TypeScript sources
// through tsx, so a fresh clone, or a source just edited, needs no build step.
// Compiled, `gazette --help` starts in about a tenth of the time (npm run bench).
// GAZETTE_FROM_SOURCE=1 forces the sources.
//
// --max-semi-space-size=4 (MB): a send streams every subscriber through short-
// lived objects, and V8 otherwise keeps growing its young generation towards
// 32 MB the longer the run, so peak memory rose with the list (125 MB at
// 200,000 against 106 MB at 20,000). Capped, it is flat (about 100 MB at both);
// bench:send, which runs with the same flag, still measures 6.0 times the
// careful nodemailer baseline (6.6 in an earlier run without it).
// `npm start`, docs/deployment.md and bench:send pass the same flag.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** True when dist/ was built after the last change to any source file. */
function distIsFresh() {
  if (process.env.GAZETTE_FROM_SOURCE === '1') return false;
  let built;
  try {
    built = statSync(`${root}dist/.built`).mtimeMs;
  } catch {
    return false;
  }
  try {
    // lstat: an editor's lock symlink (.#file.ts) may point nowhere; a file
    // that vanishes mid-scan throws, and any doubt means "run the sources".
    for (const name of readdirSync(`${root}src`, { recursive: true })) {
      if (lstatSync(`${root}src/${name}`).mtimeMs > built) return false;
    }
  } catch {
    return false;
  }
  return true;
}

// Quietly end when the reader of our output goes away (`gazette status | head`):
// EPIPE is not an error of ours, and a stack trace for it is noise.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

let main;
if (distIsFresh()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
