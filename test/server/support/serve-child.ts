// `gazette serve` as an operator starts it: a real child process on a free
// port, awaited until it prints the address it listens on.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface ServeChild {
  child: ChildProcess;
  /** The base URL it printed, e.g. http://127.0.0.1:40123. */
  url: string;
  stdout(): string;
  stderr(): string;
}

const LISTENING = /Serving .* at (http:\/\/\S+)/;

/** Starts `gazette serve --port 0` in `cwd` with `env` and waits until it is listening. */
export async function startServeChild(cwd: string, env: Record<string, string>): Promise<ServeChild> {
  const child = spawn(process.execPath, [resolve('bin', 'gazette.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd, env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => { stdout += c; });
  child.stderr!.on('data', (c) => { stderr += c; });
  while (!LISTENING.test(stdout)) {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: LISTENING.exec(stdout)![1]!, stdout: () => stdout, stderr: () => stderr };
}
