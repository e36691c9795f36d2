// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's `initdb`
// into a temporary folder and `pg_ctl` on a free loopback port, as an
// unprivileged user when this process is root (PostgreSQL refuses to run as
// root, and CI runs as root). Durability settings are off: the cluster lives
// for one test run, and what the tests kill is Gazette, never the server.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const UNPRIVILEGED = { name: 'nobody', uid: 65534, gid: 65534 };

export interface PgCluster {
  /** postgres://gazette@127.0.0.1:PORT/<database> */
  url(database?: string): string;
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: PG_BIN, else the newest Debian PostgreSQL, else null. */
export function findPgBin(): string | null {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster, or returns why it cannot (one line, for the skip message). */
export async function startPgCluster(): Promise<PgCluster | { skip: string }> {
  const bin = findPgBin();
  if (!bin) return { skip: 'no PostgreSQL server binaries (install Debian\'s postgresql, or set PG_BIN to the folder holding initdb and pg_ctl)' };
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gazette-pg-'));
  if (asRoot) chownSync(dir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  const as = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', UNPRIVILEGED.name, '--', cmd, ...args]) : run(cmd, args));
  const port = await freePort();
  const data = join(dir, 'data');
  try {
    await as(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'gazette', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const settings = [
      `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off',
      '-c full_page_writes=off', '-c max_connections=200', '-c shared_buffers=64MB',
    ].join(' ');
    await as(join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `could not start a PostgreSQL cluster with ${bin}: ${((err as Error).message || String(err)).split('\n')[0]}` };
  }
  return {
    url: (database = 'postgres') => `postgres://gazette@127.0.0.1:${port}/${database}`,
    async stop() {
      await as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
