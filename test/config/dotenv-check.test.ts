// A name in .env that looks like a Gazette setting but is none gets one warning
// line (the command still runs); the process environment is not looked at.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unknownDotEnvNames } from '../../src/config/dotenv-check.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

/** Runs bin/gazette.js in `cwd`, as an operator does from their project folder (where .env is read). */
function gazetteIn(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [resolve('bin/gazette.js'), ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((ok) => proc.on('exit', (code) => ok({ code, stdout, stderr })));
}

describe('.env names that are not settings', () => {
  it('warns once per look-alike name in .env, naming the setting it is close to, and runs on', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, '.env'), ['GAZETE_TZ=Europe/Paris', 'GAZETTE_COLOUR=blue', 'SMTP_ULR=smtp://127.0.0.1:2525', 'HOST=example', 'GAZETTE_LIST_NAME=Harbour News', 'LOG_LEVEL=silent', ''].join('\n'));
    const r = await gazetteIn(dir, ['subscribers', 'add', 'reader@example.org', '--confirmed'], { GAZETE_FROM_SHELL: 'x', GAZETTE_TZ: 'UTC' });
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toEqual([
      'gazette: warning: .env sets GAZETE_TZ, which is not a Gazette setting, so it is ignored; did you mean GAZETTE_TZ?',
      'gazette: warning: .env sets GAZETTE_COLOUR, which is not a Gazette setting, so it is ignored (the settings are listed in .env.example)',
      'gazette: warning: .env sets SMTP_ULR, which is not a Gazette setting, so it is ignored; did you mean SMTP_URL?',
    ]);
  });

  it('says nothing about known names or unrelated ones', () => {
    expect(unknownDotEnvNames({ GAZETTE_TZ: 'UTC', DATABASE_URL: 'sqlite:x', HOME: '/root', NODE_OPTIONS: '', HOST: 'x', PATH: '/bin' })).toEqual([]);
    expect(unknownDotEnvNames({ POTR: '8080' })).toEqual([]);
    expect(unknownDotEnvNames({ PORTT: '8080' })).toEqual(['.env sets PORTT, which is not a Gazette setting, so it is ignored; did you mean PORT?']);
  });
});
