// A bad setting is explained in plain words: the variable, what it got and
// what is allowed, never a library's own phrasing ("61 is a invalid expression
// for minute", "expected number, received NaN", "Too small").
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('settings explained in plain words', () => {
  it.each([
    ['GAZETTE_SCHEDULE', '61 7 * * *', 'GAZETTE_SCHEDULE is not a usable schedule: its minute field "61" is not valid (it allows 0 to 59); each field is *, a value, a list such as 1,15, a range such as 1-5, or a step such as */15 (got "61 7 * * *")'],
    ['PORT', 'abc', 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    ['GAZETTE_MAX_STORIES', '-3', 'GAZETTE_MAX_STORIES must be a whole number from 1 to 200 (got "-3")'],
    ['GAZETTE_GRACE_HOURS', 'soon', 'GAZETTE_GRACE_HOURS must be a number from 0 to 24 (got "soon")'],
    ['SUMMARIZER', 'gpt', 'SUMMARIZER must be one of extractive, openai (got "gpt")'],
  ])('%s=%j', async (variable, value, said) => {
    const r = await runCli(['status'], isolatedEnv(tmpDir(), { [variable]: value }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(said);
    expect(r.stderr).not.toMatch(/invalid expression|Invalid input|Too small|Too big|received NaN|Invalid option/);
  });
});
