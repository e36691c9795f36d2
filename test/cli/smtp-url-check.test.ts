// SMTP_URL's relay parameters are settings like any other: checked once at
// start, with one line naming the mistake, before anything is sent or recorded.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sqlite.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { NOV20_TRAM_ARTICLE as ARTICLE } from '../helpers/tram-article.js';

afterAll(cleanupTmp);


describe('bad SMTP_URL parameters', () => {
  for (const [query, named] of [['pool=0', /pool="0", which is not valid; pool= is parallel connections/], ['rate=fast', /rate="fast", which is not valid; rate= is messages per second/]] as const) {
    it(`?${query} stops send at start: one line, non-zero exit, no run recorded`, async () => {
      const dir = tmpDir();
      mkdirSync(join(dir, 'content'), { recursive: true });
      writeFileSync(join(dir, 'content', 'tram.md'), ARTICLE);
      const env = isolatedEnv(dir, { MAIL_FROM: 'Gazette <news@example.com>' });
      expect((await runCli(['subscribers', 'add', 'reader@example.org', '--confirmed'], env)).code).toBe(0);
      const r = await runCli(['send', '--date', '2026-11-20'], { ...env, SMTP_URL: `smtp://user:pw@127.0.0.1:2525?${query}` });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(named);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain(':pw@');
      const db = openSqlite(join(dir, 'data', 'gazette.db'));
      try {
        const hasRuns = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'runs'`).get();
        expect(hasRuns ? (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n : 0).toBe(0);
        const hasDeliveries = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'delivery_issues'`).get();
        expect(hasDeliveries ? (db.prepare('SELECT count(*) AS n FROM delivery_issues').get() as { n: number }).n : 0).toBe(0);
      } finally {
        db.close();
      }
      expect(existsSync(join(dir, 'out', '2026-11-20'))).toBe(false);
    });
  }
});
