// `npm start` on embedded defaults: build, sample subscribers, outbox; a second
// run the same day delivers nothing twice.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { manualClock } from '../../src/clock.js';

afterAll(cleanupTmp);

describe('gazette start (npm start)', () => {
  it('builds from the sample content, delivers to the sample subscribers once, and nothing twice on a re-run', async () => {
    const dir = tmpDir();
    cpSync(resolve('content'), join(dir, 'content'), { recursive: true });
    const env = isolatedEnv(dir);
    const clock = manualClock('2026-11-22T07:00:00Z');

    const first = await runCli(['start'], env, { clock });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Built the issue of 2026-11-22: \d+ stories from 12 articles/);
    expect(first.stdout).toMatch(/Added 5 sample subscribers/);
    expect(first.stdout).toMatch(/5 sent now, 0 already delivered, 0 failed/);

    const outbox = join(dir, 'outbox', '2026-11-22');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(5);
    const eml = readFileSync(join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(eml).toMatch(/^Content-Type: multipart\/alternative/m);

    clock.advance(60 * 60 * 1000);
    const second = await runCli(['start'], env, { clock });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already being delivered, so it was reused/);
    expect(second.stdout).not.toMatch(/Added \d+ sample subscribers/);
    expect(second.stdout).toMatch(/0 sent now, 5 already delivered/);
    expect(readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toHaveLength(5);
  });
});
