// Start-up cost of the command line: CPU seconds and peak memory of whole
// processes, each the median of a few runs, beside two baselines measured in
// the same run: `node -e 0` (Node alone) and the old eager path (every
// command's modules loaded through tsx before parsing, as before issue 14).
// The compiled build (dist/) is what bin/gazette.js runs when it is fresh.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// Loaded first in each measured process: at exit it writes its own CPU time and peak memory to a file.
const probe = `data:text/javascript,${encodeURIComponent(`
import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.STARTUP_PROBE_OUT, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: u.maxRSS / 1024 }));
});`)}`;

interface Figure { cpu: number; rssMb: number }

function measure(args: string[], env: Record<string, string>, runs = 3): Figure {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-startup-'));
  const figures: Figure[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `probe-${i}.json`);
      const r = spawnSync(process.execPath, ['--import', probe, ...args], { cwd: root, env: { ...process.env, ...env, STARTUP_PROBE_OUT: out }, encoding: 'utf8' });
      if (!existsSync(out)) throw new Error(`no figure from ${args.join(' ')}: ${r.stderr}`);
      figures.push(JSON.parse(readFileSync(out, 'utf8')) as Figure);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { cpu: median(figures.map((f) => f.cpu)), rssMb: median(figures.map((f) => f.rssMb)) };
}

/** Prints the start-up figures of --help, status and send --dry-run. */
export async function runStartupBench({ print }: { print: (s?: string) => void }): Promise<void> {
  if (!existsSync(join(root, 'dist', '.built'))) {
    print('(building dist/ first: npm run build)');
    spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const work = mkdtempSync(join(tmpdir(), 'gazette-startup-work-'));
  const env = {
    GAZETTE_DATA_DIR: join(work, 'data'), DATABASE_URL: `sqlite:${join(work, 'data', 'gazette.db')}`,
    GAZETTE_OUT_DIR: join(work, 'out'), GAZETTE_OUTBOX_DIR: join(work, 'outbox'), GAZETTE_TZ: 'UTC', LOG_LEVEL: 'error',
    GAZETTE_SECRET: 'startup-bench-secret-0123456789',
  };
  try {
    // A database for status to read (status never creates one).
    spawnSync(process.execPath, [join(root, 'bin', 'gazette.js'), 'subscribers', 'add', 'reader@example.org', '--confirmed'], { cwd: root, env: { ...process.env, ...env } });
    const gazette = join(root, 'bin', 'gazette.js');
    const eager = `const m = await import('./src/cli/main.ts'); for (const c of m.COMMANDS) await c.load(); await import('./src/app.ts'); process.exitCode = await m.main(process.argv.slice(1));`;
    const rows: [string, Figure][] = [
      ['baseline: node -e 0', measure(['-e', '0'], env)],
      ['baseline: --help, old eager path (tsx, every module)', measure(['--import', 'tsx', '--input-type=module', '-e', eager, '--', '--help'], env)],
      ['--help, sources through tsx (lazy)', measure([gazette, '--help'], { ...env, GAZETTE_FROM_SOURCE: '1' })],
      ['--help, compiled dist/ (lazy)', measure([gazette, '--help'], env)],
      ['status, compiled', measure([gazette, 'status'], env)],
      ['status, sources through tsx', measure([gazette, 'status'], { ...env, GAZETTE_FROM_SOURCE: '1' })],
      ['send --dry-run, compiled', measure([gazette, 'send', '--dry-run'], env, 1)],
    ];
    print('| command | CPU s (median of 3) | peak RSS MB |');
    print('|---|---:|---:|');
    for (const [name, f] of rows) print(`| ${name} | ${f.cpu.toFixed(2)} | ${f.rssMb.toFixed(0)} |`);
    print(`Target: --help under 0.30 s CPU (${rows[3]![1].cpu < 0.3 ? 'met' : 'NOT met'}).`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runStartupBench({ print: (s = '') => process.stdout.write(s + '\n') });
}
