// Issue 14 item 22: send and serve printed JSON log lines on a terminal.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/log.js';

const capture = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c) => { text += c; });
  return { stream, text: () => text };
};

describe('log lines', () => {
  it('are JSON for a log collector', () => {
    const out = capture();
    createLogger('info', out.stream).info({ subscriber: 3 }, 'confirmation mail sent');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'confirmation mail sent', subscriber: 3, app: 'gazette' });
  });

  it('are one readable line each on a terminal', () => {
    const out = capture();
    const logger = createLogger('info', out.stream, { pretty: true });
    logger.info({ subscriber: 3 }, 'confirmation mail sent');
    logger.warn('relay slow');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: confirmation mail sent \{"subscriber":3\}$/);
    expect(lines[1]).toMatch(/WARN: relay slow$/);
    expect(out.text()).not.toContain('"level"');
  });
});
