import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, readDotEnv, settings } from '../../src/config/index.js';
import { isGazetteError } from '../../src/errors.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

describe('configuration', () => {
  it('runs on defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('sqlite:data/gazette.db');
    expect(c.smtpUrl).toBeUndefined();
    expect(c.schedule).toBe('0 7 * * *');
    expect(c.publicUrl).toBe('http://localhost:8080');
  });

  it('layers flags over the environment over defaults', () => {
    const c = loadConfig({ GAZETTE_CONTENT_DIR: 'from-env', GAZETTE_SUMMARY_SENTENCES: '5' }, { contentDir: 'from-flag' });
    expect(c.contentDir).toBe('from-flag');
    expect(c.summarySentences).toBe(5);
  });

  it('reads .env files', () => {
    const dir = tmpDir();
    writeFileSync(join(dir, '.env'), 'MAIL_FROM="News <news@example.org>"\n# comment\nGAZETTE_TZ=Europe/Paris\n');
    const env = readDotEnv(join(dir, '.env'));
    expect(loadConfig(env).mailFrom).toBe('News <news@example.org>');
    expect(loadConfig(env).tz).toBe('Europe/Paris');
    expect(readDotEnv(join(dir, 'missing.env'))).toEqual({});
  });

  it('names the variable, the value and the fix in one error for every bad setting', () => {
    let err: unknown;
    try {
      loadConfig({ SMTP_URL: 'http://mail', GAZETTE_SCHEDULE: '0 7 * *', PUBLIC_URL: 'nope' });
    } catch (e) {
      err = e;
    }
    expect(isGazetteError(err, 'CONFIG')).toBe(true);
    const msg = (err as Error).message;
    expect(msg).toMatch(/SMTP_URL must start with smtp:\/\/ or smtps:\/\/ \(got "http:\/\/mail"\)/);
    expect(msg).toMatch(/GAZETTE_SCHEDULE must be a cron expression.*unset it for the default "0 7 \* \* \*"/);
    expect(msg).toMatch(/PUBLIC_URL must be an absolute URL/);
  });

  it('asks for the endpoint when the LLM summarizer is chosen without one', () => {
    expect(() => loadConfig({ SUMMARIZER: 'openai' })).toThrow(/OPENAI_BASE_URL and OPENAI_MODEL/);
  });

  it('.env.example lists every setting Gazette reads', () => {
    const example = readFileSync('.env.example', 'utf8');
    for (const s of Object.values(settings)) expect(example, `${s.env} missing: run node --import tsx scripts/env-example.ts > .env.example`).toContain(`# ${s.env}=`);
  });
});
