// `npm start` on embedded defaults: build, sample subscribers, outbox; each
// sample reader gets the issue at their own hour (London and New York, one
// weekly reader who gets no daily issue), and a later run the same day
// delivers only who has fallen due since, nothing twice.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { manualClock } from '../../src/clock.js';

afterAll(cleanupTmp);

describe('gazette start (npm start)', () => {
  it('builds from the sample content, delivers to each sample reader at their hour, and nothing twice on a re-run', async () => {
    const dir = tmpDir();
    cpSync(resolve('content'), join(dir, 'content'), { recursive: true });
    const env = isolatedEnv(dir);
    // 07:00 in London: Ada (London, 07:00) is due; Katherine and Grace (New York, 06:00 and 07:00) at 11:00 and
    // 12:00 UTC; Edsger (London, 18:00) in the evening; Alan reads weekly and gets no daily issue.
    const clock = manualClock('2026-11-22T07:00:00Z');

    const first = await runCli(['start'], env, { clock });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Built the issue of 2026-11-22: \d+ stories from 12 articles/);
    expect(first.stdout).toMatch(/Added 5 sample subscribers/);
    expect(first.stdout).toMatch(/1 sent now, 0 already delivered, 0 failed/);
    expect(first.stdout).toMatch(/3 readers get it at their own hour: 1 at 2026-11-22T11:00:00.000Z, 1 at 2026-11-22T12:00:00.000Z, 1 at 2026-11-22T18:00:00.000Z/);
    // Alan reads weekly: the week's edition opens at Monday's cut-off and reaches him at his hour.
    expect(first.stdout).toContain("1 weekly reader gets the week's edition (2026-W47) on Monday 23 Nov at 08:00 UTC");

    const outbox = join(dir, 'outbox', '2026-11-22');
    const emls = () => readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(emls()).toHaveLength(1);
    const eml = readFileSync(join(outbox, emls()[0]!), 'utf8');
    expect(eml).toMatch(/^To: .*ada@example\.com/m);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(eml).toMatch(/^Content-Type: multipart\/alternative/m);

    clock.set('2026-11-22T12:30:00Z');
    const second = await runCli(['start'], env, { clock });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already being delivered, so it was reused/);
    expect(second.stdout).not.toMatch(/Added \d+ sample subscribers/);
    expect(second.stdout).toMatch(/2 sent now, 1 already delivered/);
    expect(emls()).toHaveLength(3);

    clock.set('2026-11-22T18:05:00Z');
    const third = await runCli(['start'], env, { clock });
    expect(third.stdout).toMatch(/1 sent now, 3 already delivered/);
    const fourth = await runCli(['start'], env, { clock });
    expect(fourth.stdout).toMatch(/0 sent now, 4 already delivered/);
    // Nobody is owed a copy any more: the issue is delivered, not "being delivered"; counts agree with their number.
    expect(fourth.stdout).toMatch(/is already delivered, so it was reused/);
    expect(fourth.stdout).toMatch(/\(4 recipients\)/);
    expect(second.stdout).not.toMatch(/\b1 (stories|articles|readers|recipients|variants)\b/);
    const to = emls().map((f) => /^To: .*$/m.exec(readFileSync(join(outbox, f), 'utf8'))![0]).sort();
    expect(to).toHaveLength(4);
    expect(to.join('\n')).not.toMatch(/alan@example\.net/);
  });
});
