// `gazette run` refuses to start on a schedule or zone it cannot honour, naming
// the variable; the running scheduler is tested in run-process.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('gazette run, at start', () => {
  it.each([
    ['GAZETTE_SCHEDULE', '0 7 * *', /GAZETTE_SCHEDULE .*five fields/],
    ['GAZETTE_SCHEDULE', '0 7 * * mon-fry', /GAZETTE_SCHEDULE is not a usable schedule: its weekday field "mon-fry" is not valid \(it allows 0 to 7 .*\(got "0 7 \* \* mon-fry"\)/],
    ['GAZETTE_SCHEDULE', '0 24 * * *', /GAZETTE_SCHEDULE is not a usable schedule: its hour field "24" is not valid \(it allows 0 to 23\)/],
    ['GAZETTE_TZ', 'Europe/Pariss', /GAZETTE_TZ .*IANA time zone/],
  ])('stops with an error naming %s when it is %j', async (variable, value, message) => {
    const r = await runCli(['run'], isolatedEnv(tmpDir(), { [variable]: value }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(r.stdout).toBe('');
  });

  it('documents its option', async () => {
    const r = await runCli(['run', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--content <dir>');
    expect(r.stdout).toMatch(/GAZETTE_SCHEDULE in GAZETTE_TZ/);
  });
});
