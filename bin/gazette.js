#!/usr/bin/env -S node --max-semi-space-size=4
// The `gazette` command. The sources are TypeScript run through tsx, so a fresh
// clone needs no build step between `npm install` and `npx gazette`.
//
// --max-semi-space-size=4 (MB): a send streams every subscriber through short-
// lived objects, and V8 otherwise keeps growing its young generation towards
// 32 MB the longer the run, so peak memory rose with the list (125 MB at
// 200,000 against 106 MB at 20,000). Capped, it is flat (about 100 MB at both);
// bench:send, which runs with the same flag, still measures 6.0 times the
// careful nodemailer baseline (6.6 in an earlier run without it).
// `npm start`, docs/deployment.md and bench:send pass the same flag.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
