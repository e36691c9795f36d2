import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/summarize/index.js';

describe('splitSentences', () => {
  it('keeps abbreviations, titles and initials inside their sentence', () => {
    expect(splitSentences('The U.S. Treasury said so. Mr. Smith met Dr. Jones at Apple Inc. in Cupertino. J. R. R. Tolkien wrote it.')).toEqual([
      'The U.S. Treasury said so.',
      'Mr. Smith met Dr. Jones at Apple Inc. in Cupertino.',
      'J. R. R. Tolkien wrote it.',
    ]);
  });

  it('ends a sentence at an ambiguous shorthand when a sentence opener follows', () => {
    expect(splitSentences('The deal was done in the U.S. The company agreed. Shares of Acme Inc. The rest followed.')).toEqual([
      'The deal was done in the U.S.',
      'The company agreed.',
      'Shares of Acme Inc.',
      'The rest followed.',
    ]);
  });

  it('splits after "$400 million." at a sentence end but not mid-sentence, nor inside decimals', () => {
    expect(splitSentences('North Korea stole $400 million. The UN said $4.5 million went missing. It moved $400 million. in small steps.')).toEqual([
      'North Korea stole $400 million.',
      'The UN said $4.5 million went missing.',
      'It moved $400 million. in small steps.',
    ]);
    expect(splitSentences('Profits rose 76% to $1.13bn. Investors cheered.')).toEqual(['Profits rose 76% to $1.13bn.', 'Investors cheered.']);
  });

  it('never splits inside a time or a measure in parts (the rowing report in content/)', () => {
    expect(
      splitSentences('The Kelsey Bay crew covered the 2,000 m course on the Marrow River in 5 min. 48.3 sec., just under a second ahead of Orrin Point. Saltmarsh University finished third, more than four seconds back.'),
    ).toEqual([
      'The Kelsey Bay crew covered the 2,000 m course on the Marrow River in 5 min. 48.3 sec., just under a second ahead of Orrin Point.',
      'Saltmarsh University finished third, more than four seconds back.',
    ]);
    expect(splitSentences("In the women's eights, Saltmarsh University won for the third year running, finishing in 6 min. 31.9 sec. ahead of Kelsey Bay and Harrow Lake.")).toHaveLength(1);
    expect(splitSentences('He stands 6 ft. 2 in. tall. The storm hit at 4 a.m. Monday and left by 5 p.m. It was 3.5 m deep.')).toEqual([
      'He stands 6 ft. 2 in. tall.',
      'The storm hit at 4 a.m. Monday and left by 5 p.m.',
      'It was 3.5 m deep.',
    ]);
    expect(splitSentences('The U.S. Treasury said on Jan. 5 that No. 10 had been told. She ran the 100m in 10.5 sec. She won gold.')).toEqual([
      'The U.S. Treasury said on Jan. 5 that No. 10 had been told.',
      'She ran the 100m in 10.5 sec.',
      'She won gold.',
    ]);
  });

  it('keeps numbers after "No." and month shorthands', () => {
    expect(splitSentences('He lives at No. 10 Downing Street. It opened on Jan. 5 last year.')).toEqual([
      'He lives at No. 10 Downing Street.',
      'It opened on Jan. 5 last year.',
    ]);
  });

  it('ends a sentence inside closing quotes and not before a lower-case reporting clause', () => {
    expect(splitSentences('He said "We won." Then he left. "Why?" she asked. She replied: “Because it works.” It ended.')).toEqual([
      'He said "We won."',
      'Then he left.',
      '"Why?" she asked.',
      'She replied: “Because it works.”',
      'It ended.',
    ]);
  });

  it('handles ellipses: a break before a capital, none before lower case', () => {
    expect(splitSentences('And then... nothing happened. They wait… Even in western countries.')).toEqual([
      'And then... nothing happened.',
      'They wait…',
      'Even in western countries.',
    ]);
  });

  it('splits glued sentences but not URLs, e-mail addresses or dotted names', () => {
    expect(splitSentences('They grabbed cash last year!This is reported by experts. It was 350 million euros).Kim said no. Tests on missiles.The staff said so.')).toEqual([
      'They grabbed cash last year!',
      'This is reported by experts.',
      'It was 350 million euros).',
      'Kim said no.',
      'Tests on missiles.',
      'The staff said so.',
    ]);
    expect(splitSentences('See www.example.com/Page for more. Mail a.b@example.org today. Node.js runs it.')).toEqual([
      'See www.example.com/Page for more.',
      'Mail a.b@example.org today.',
      'Node.js runs it.',
    ]);
  });

  it('segments paragraph by paragraph; a line break always ends a sentence', () => {
    expect(splitSentences('A headline without a stop\n\nFirst sentence here. Second one\nthird line.')).toEqual([
      'A headline without a stop',
      'First sentence here.',
      'Second one',
      'third line.',
    ]);
  });

  it('keeps a list number with its item and returns exact slices of the text', () => {
    const text = '1. Introduction to things. 2. More stuff here.';
    const sentences = splitSentences(text);
    expect(sentences).toEqual(['1. Introduction to things.', '2. More stuff here.']);
    for (const s of sentences) expect(text).toContain(s);
  });

  it('stays linear on a long paragraph', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `Sentence number ${i} says Mr. Smith paid $${i}.5 million.`).join(' ');
    expect(splitSentences(long)).toHaveLength(5000);
  });
});
