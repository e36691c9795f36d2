// `npm run soak`: the delivery proof at a larger scale than `npm test` affords.
// Runs the fault-injection suite with 1,000 recipients per fault and the crash
// suite with 5,000 recipients and 20 SIGKILLs (override with the GAZETTE_*
// variables below), then prints the figures each test recorded: faults
// injected, messages at the server, duplicates, losses and time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const figures = resolve('out', 'soak-figures.jsonl');
mkdirSync(resolve('out'), { recursive: true });
if (existsSync(figures)) rmSync(figures);
const env = {
  ...process.env,
  GAZETTE_FAULT_RECIPIENTS: process.env.GAZETTE_FAULT_RECIPIENTS ?? '1000',
  GAZETTE_SOAK_RECIPIENTS: process.env.GAZETTE_SOAK_RECIPIENTS ?? '5000',
  GAZETTE_SOAK_KILLS: process.env.GAZETTE_SOAK_KILLS ?? '20',
  GAZETTE_FIGURES: figures,
};
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', 'test/deliver/faults.test.ts', 'test/deliver/crash-resume.test.ts', 'test/schedule/relay-outage.test.ts', '--testTimeout=1200000'], { env, stdio: 'inherit' });

const rows = existsSync(figures) ? readFileSync(figures, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
console.log('\nDelivery figures (recipients, faults injected, messages at the server, duplicates, losses, seconds):');
for (const r of rows) {
  const faults = Object.entries(r.faults as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`  ${String(r.test).padEnd(42)} ${String(r.recipients).padStart(5)}  ${faults.padEnd(30)} ${String(r.messages).padStart(6)} ${String(r.duplicates).padStart(4)} ${String(r.losses).padStart(3)} ${(Number(r.ms) / 1000).toFixed(1).padStart(6)}`);
}
process.exitCode = run.status ?? 1;
