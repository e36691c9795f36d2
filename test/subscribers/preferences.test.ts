// The preference parsers remember their answers (an import asks once per
// line); the answers must stay the same and never be shared between callers.
import { describe, expect, it } from 'vitest';
import { parseTimezone, parseTopics } from '../../src/subscribers/preferences.js';

describe('preference parsers, asked again', () => {
  it('give the same zone answers the second time, good and bad', () => {
    for (let round = 0; round < 2; round++) {
      expect(parseTimezone('europe/london')).toEqual({ ok: true, value: 'Europe/London' });
      expect(parseTimezone('  ')).toEqual({ ok: true, value: null });
      expect(parseTimezone('Mars/Base')).toMatchObject({ ok: false, error: expect.stringContaining('"Mars/Base" is not a time zone this system knows') });
    }
  });

  it('hand each caller its own topics array', () => {
    const first = parseTopics('Science & nature; around the harbour;science & NATURE');
    expect(first).toEqual({ ok: true, value: ['around the harbour', 'Science & nature'] });
    if (first.ok) first.value.push('Sport');
    expect(parseTopics('Science & nature; around the harbour;science & NATURE')).toEqual({ ok: true, value: ['around the harbour', 'Science & nature'] });
    expect(parseTopics('x'.repeat(61))).toMatchObject({ ok: false });
    expect(parseTopics('x'.repeat(61))).toMatchObject({ ok: false });
  });

  it('stay correct past the size they remember (every answer as if asked fresh)', () => {
    for (let i = 0; i < 3000; i++) expect(parseTopics(`Topic ${i};A`)).toEqual({ ok: true, value: ['A', `Topic ${i}`] });
    for (let i = 0; i < 1500; i++) expect(parseTimezone(`Etc/GMT${i % 2 ? '+' : '-'}${i % 12}`).ok).toBe(true);
  });
});
