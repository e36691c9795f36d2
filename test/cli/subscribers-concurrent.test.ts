// Two `gazette subscribers import` processes on one PostgreSQL database at
// once, naming the same addresses in opposite orders: neither fails (no unique
// violation, no deadlock reaches the operator), every address is on the list
// once with one creation entry, and no departure is lost.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { isolatedEnv } from '../helpers/cli.js';
import { freshPgDatabase, hasPostgres } from '../helpers/postgres.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const N = 4000;

/** Runs `gazette …args` as a process; resolves to its exit code and output. */
async function gazette(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [resolve('bin', 'gazette.js'), ...args], { env: { ...process.env, ...env, GAZETTE_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => { stdout += c; });
  child.stderr.on('data', (c) => { stderr += c; });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

describe.runIf(hasPostgres('concurrent imports'))('two imports at once on PostgreSQL', () => {
  it('neither fails, each address is created once, and every unsubscribe holds', async () => {
    const db = await freshPgDatabase();
    try {
      const dir = tmpDir();
      const env = { ...isolatedEnv(dir), DATABASE_URL: db.url };
      const emails = Array.from({ length: N }, (_, i) => `reader.${i}@example.org`);
      writeFileSync(join(dir, 'a.csv'), `email,name,status\n${emails.map((e, i) => `${e},A ${i},confirmed`).join('\n')}\n`);
      const left = new Set(emails.filter((_, i) => i % 3 === 0));
      writeFileSync(join(dir, 'b.csv'), `email,name,status\n${[...emails].reverse().map((e) => `${e.toUpperCase()},B,${left.has(e) ? 'unsubscribed' : 'confirmed'}`).join('\n')}\n`);
      // Migrations first, so the two imports race on the list, not on creating tables.
      expect((await gazette(['subscribers', 'list'], env)).code).toBe(0);

      // The list is held locked until both processes wait for it, then let go:
      // both imports start writing at the same moment, whatever each took to start.
      const gate = new pg.Client({ connectionString: db.url });
      await gate.connect();
      await gate.query('BEGIN');
      await gate.query('LOCK TABLE subscribers IN EXCLUSIVE MODE');
      const running = Promise.all([gazette(['subscribers', 'import', join(dir, 'a.csv'), '--json'], env), gazette(['subscribers', 'import', join(dir, 'b.csv'), '--json'], env)]);
      for (let waiting = 0; waiting < 2;) {
        await new Promise((r) => setTimeout(r, 50));
        waiting = (await gate.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'subscribers'::regclass")).rows[0]!.n;
      }
      await gate.query('COMMIT');
      await gate.end();
      const [a, b] = await running;
      // The only lines on stderr: A's confirmations of addresses B unsubscribed first, refused.
      for (const line of `${a.stderr}${b.stderr}`.split('\n').filter(Boolean)) expect(line).toMatch(/a\.csv:\d+: refused: unsubscribed since /);
      expect([a.code, b.code]).toEqual([0, 0]);
      const [sa, sb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
      expect(sa.imported + sb.imported).toBe(N);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const rows = (await client.query<{ email_key: string; status: string; created: number }>(`
          SELECT s.email_key, s.status, (SELECT count(*)::int FROM subscriber_events e WHERE e.subscriber_id = s.id AND e.from_status IS NULL)
            + (s.created_source IS NOT NULL)::int AS created
          FROM subscribers s`)).rows;
        expect(rows).toHaveLength(N);
        expect(rows.filter((r) => r.created !== 1)).toEqual([]);
        expect(rows.filter((r) => left.has(r.email_key) && r.status !== 'unsubscribed')).toEqual([]);
        expect(rows.filter((r) => r.status === 'unsubscribed')).toHaveLength(left.size);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });
});
