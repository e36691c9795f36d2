// The scheduler's field in GET /healthz, served over real HTTP on 127.0.0.1 by
// the service's own health route with a run store in a real database (a
// SQLite file, a PostgreSQL database).
import { afterAll, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { createServer } from '../../src/server/index.js';
import { createConfirmationMailer } from '../../src/subscribers/confirmation.js';
import { cronSpec } from '../../src/schedule/cron-spec.js';
import { schedulerHealth } from '../../src/schedule/health.js';
import { createRunStore, emptyReport } from '../../src/store/runs.js';
import { isolatedEnv } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { describeEngines, freshEngine } from '../helpers/engines.js';

afterAll(cleanupTmp);

describeEngines('the scheduler in /healthz', (kind) => {
  it('reports the last successful run and the next one', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'data'), { recursive: true });
    const clock = manualClock('2026-11-22T09:00:00Z');
    const app = createApp({ env: isolatedEnv(dir, { GAZETTE_TZ: 'Europe/Paris' }), logger: silentLogger, clock });
    const spec = cronSpec(app.config.schedule, app.config.tz);
    // The subscribers behind the server stay in SQLite here; the runs are in the engine under test.
    const t = await freshEngine(kind);
    const runs = createRunStore(t.engine);
    const transport = app.transport({ subdir: 'confirmations' });
    const server = await createServer({
      store: app.subscribers(), tokens: await app.tokens(), clock, logger: silentLogger, publicUrl: app.config.publicUrl, listName: app.config.listName,
      mailer: createConfirmationMailer({ transport, tokens: await app.tokens(), clock, publicUrl: app.config.publicUrl, mailFrom: app.config.mailFrom, listName: app.config.listName }),
      health: { scheduler: () => schedulerHealth(runs, spec, clock) },
    });
    try {
      const base = await server.listen({ port: 0, host: '127.0.0.1' });
      const before = await (await fetch(`${base}/healthz`)).json();
      expect(before).toMatchObject({ status: 'ok', scheduler: { lastSuccess: null, nextRun: '2026-11-23T06:00:00.000Z' } });

      await runs.record('2026-11-21', 'h:1', new Date('2026-11-21T06:00:03Z'), { ...emptyReport('sent'), sent: 4, recipients: 4 });
      await runs.record('2026-11-22', 'h:1', new Date('2026-11-22T06:00:02Z'), emptyReport('failed', 'SMTP down'));
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      expect((await res.json()).scheduler).toEqual({
        lastSuccess: { issue: '2026-11-21', finishedAt: '2026-11-21T06:00:03.000Z' },
        nextRun: '2026-11-23T06:00:00.000Z',
      });
    } finally {
      await server.close();
      await transport.close();
      await app.close();
      await t.close();
    }
  });
});
