import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/clean/index.js';
import { fixGluedSentences, normalizeLines } from '../../src/clean/normalize.js';
import { article } from './helpers.js';

describe('normalisation', () => {
  it('composes Unicode to NFC and turns every kind of space into one plain space', () => {
    const [line] = normalizeLines('Cafe\u0301\u00A0au\u2009lait\u200B  in\tMontre\u0301al');
    expect(line).toBe('Café au lait in Montréal');
    expect(line!.normalize('NFC')).toBe(line);
  });

  it('puts a space back after glued sentence ends', () => {
    expect(fixGluedSentences('We won last year!This is new.')).toBe('We won last year! This is new.');
    expect(fixGluedSentences('It cost 350 million euros).Kim said no.')).toBe('It cost 350 million euros). Kim said no.');
    expect(fixGluedSentences('He said "no".Then he left.')).toBe('He said "no". Then he left.');
  });

  it('leaves abbreviations, decimals and names with dots alone', () => {
    const text = 'The U.S. economy grew 3.5 percent, J.R. Ewing said, and Node.js 20 shipped.';
    expect(fixGluedSentences(text)).toBe(text);
  });

  it('keeps paragraphs apart with one blank line, joins hard-wrapped lines, and trims', () => {
    const a = cleanArticle(article('  First paragraph starts here and\ncontinues on a wrapped line.  \r\n\r\n\r\nSecond paragraph.\nThird line stands alone.'));
    expect(a.text).toBe('First paragraph starts here and continues on a wrapped line.\n\nSecond paragraph.\n\nThird line stands alone.');
  });

  it('normalises the headline to one line', () => {
    expect(cleanArticle(article('Some text for the body here.', { title: '  Budget\n  passes\u00A0at last ' })).title).toBe('Budget passes at last');
  });
});
