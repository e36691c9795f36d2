// Issue 14 item 18: a busy port printed "unexpected error (a bug…)" with a stack.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('gazette serve on a port that is taken', () => {
  it('prints one line naming the port and the fix, and exits 1', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as AddressInfo).port;
    try {
      const dir = tmpDir();
      const r = await runCli(['serve', '--port', String(port), '--host', '127.0.0.1'], isolatedEnv(dir));
      expect(r.code).toBe(1);
      // (The first line says a new database was made in the fresh folder.)
      expect(r.stderr.split('\n').filter((l) => !l.startsWith('gazette: created a new database')).join('\n')).toBe(`gazette: Invalid configuration: Port ${port} on 127.0.0.1 is already in use (another gazette serve?). Stop that process, or pick another port with --port N or PORT=N (0 picks a free one).\n`);
    } finally {
      blocker.close();
    }
  });
});
