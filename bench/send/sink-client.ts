// Starts the benchmark's SMTP server (sink-process.ts) in a process of its
// own and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface SinkStats {
  count: number;
  cpuMs: number;
  /** When the first and last message since the last mark() were accepted (epoch ms; 0: none). */
  first: number;
  last: number;
}

export interface SinkProcess {
  port: number;
  count(): Promise<number>;
  stats(): Promise<SinkStats>;
  /** Starts a new first-to-last window. */
  mark(): void;
  stop(): void;
}

/** A sink answering each message after `delayMs` (0: at once). */
export async function startSinkProcess(delayMs = 0): Promise<SinkProcess> {
  const child: ChildProcess = fork(join(here, 'sink-process.ts'), [String(delayMs)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the benchmark's SMTP server exited (${code})`)));
  });
  const stats = () => new Promise<SinkStats>((resolve) => {
    child.once('message', (m) => resolve(m as SinkStats));
    child.send('count');
  });
  return {
    port,
    stats,
    count: async () => (await stats()).count,
    mark: () => { child.send('mark'); },
    stop: () => { child.send('stop'); },
  };
}
