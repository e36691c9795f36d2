import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkAddress, checkFully } from '../../src/subscribers/address.js';
import { parseRecord } from '../../src/subscribers/csv-records.js';

describe('checkAddress', () => {
  it.each([
    ['ann@example.org', 'ann@example.org', 'ann@example.org'],
    ['  Ann.Lee@Example.ORG\t', 'Ann.Lee@example.org', 'ann.lee@example.org'],
    ["o'brien+news@example.net", "o'brien+news@example.net", "o'brien+news@example.net"],
    ['bob@bücher.example', 'bob@xn--bcher-kva.example', 'bob@xn--bcher-kva.example'],
    ['x@sub.domain.example.com', 'x@sub.domain.example.com', 'x@sub.domain.example.com'],
  ])('accepts %j as %j (key %j)', (input, email, key) => {
    expect(checkAddress(input)).toEqual({ ok: true, email, key });
  });

  it.each([
    ['', /empty/],
    ['victim@example.org\r\nBcc: all@example.com', /line break/],
    ['victim@example.org\nBcc: all@example.com', /line break/],
    ['a@example.org\u0000', /control character/],
    ['a@example.org, b@example.org', /space|comma/],
    ['a@example.org,b@example.org', /comma/],
    ['a@example.org;b@example.org', /semicolon/],
    ['Ann <ann@example.org>', /space/],
    ['<ann@example.org>', /angle bracket/],
    ['"ann lee"@example.org', /double quote|space/],
    ['"ann,lee"@example.org', /double quote/],
    ['ann(comment)@example.org', /parenthesis/],
    ['ann@[192.0.2.1]', /square bracket/],
    ['ann', /exactly one "@"/],
    ['ann@@example.org', /exactly one "@"/],
    ['@example.org', /nothing before/],
    ['ann@', /no domain/],
    ['ann@localhost', /is not valid \(expected/],
    ['ann..lee@example.org', /is not valid \(expected/],
    ['.ann@example.org', /is not valid \(expected/],
    ['ann@-example.org', /is not valid \(expected/],
    [`${'a'.repeat(65)}@example.org`, /longer than 64/],
    [`a@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(10)}.org`, /longer than 254/],
  ])('refuses %j', (input, reason) => {
    const result = checkAddress(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses what is not a string', () => {
    expect(checkAddress(undefined).ok).toBe(false);
    expect(checkAddress(['a@example.org']).ok).toBe(false);
  });
});

describe('checkAddress reasons', () => {
  // Issue 14: "That address the part before the "@" is longer…". Every reason
  // must read on after "That address", whoever puts it in a sentence.
  const reads = /^(is|has|contains|must) /;
  it.each(['', '   ', '@example.org', 'ann@', `${'a'.repeat(65)}@example.org`, 'ann@exa mple.org', 'ann', 'ann@localhost', 'a@xn--.org'])('the reason for %j reads after "That address"', (input) => {
    const result = checkAddress(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reads);
      expect(`That address ${result.reason}.`).not.toMatch(/address (the|an?) address/i);
    }
  });

  it('any refused string gets a reason that reads after "That address" (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
      const result = checkAddress(input);
      if (!result.ok) expect(result.reason).toMatch(reads);
    }), { numRuns: 2000 });
  });
});

describe('checkAddress and look-alikes', () => {
  // Unicode look-alikes must never land on someone else's record: the key of a
  // look-alike differs from the key of the address it imitates.
  it.each([
    ['ann@exаmple.org', 'ann@example.org'], // Cyrillic а in the domain
    ['аnn@example.org', 'ann@example.org'], // Cyrillic а in the local part
    ['ａnn@example.org', 'ann@example.org'], // fullwidth a
  ])('%j does not share a key with %j', (lookAlike, original) => {
    const a = checkAddress(lookAlike);
    const b = checkAddress(original);
    expect(b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.key).not.toBe(b.key);
  });

  it('a zero-width space in the domain is dropped by IDNA: the same mailbox, so the same record', () => {
    const a = checkAddress('ann@exam\u200bple.org');
    expect(a.ok && a.key).toBe('ann@example.org');
  });

  it.each(['ann＠example.org', 'ann﹫example.org'])('a look-alike "@" (%j) is not an "@"', (input) => {
    expect(checkAddress(input).ok).toBe(false);
  });

  it('the key of an accepted address is stable under a second check (property)', () => {
    fc.assert(fc.property(fc.emailAddress(), (email) => {
      const first = checkAddress(email);
      if (!first.ok) return;
      const again = checkAddress(first.email);
      expect(again).toEqual(first);
    }), { numRuns: 1000 });
  });
});

// The shortcut for plain addresses in checkAddress must give exactly the full
// check's answer (accepted or refused, the same normal form and key).
describe('checkAddress shortcut for plain addresses', () => {
  const agree = (input: string) => expect(checkAddress(input), JSON.stringify(input)).toEqual(checkFully(input));

  it('agrees with the full check on every address in the fixtures and the sample list', () => {
    const files = [resolve('test', 'subscribers', 'fixtures', 'messy.csv'), resolve('content', 'subscribers.csv')];
    let n = 0;
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split(/\r\n|\n|\r/)) {
        const parsed = parseRecord(line);
        if ('fields' in parsed) { agree(parsed.fields[0]!); n += 1; }
      }
    }
    expect(n).toBeGreaterThan(10);
  });

  it.each([
    'a@b.co', 'A.B-C_D+E@Sub.Example.COM', 'a..b@example.org', '.a@example.org', 'a.@example.org', 'a@example', 'a@example.c',
    'a@example.123', 'a@1.2.3.4', 'a@-x.example.org', 'a@x-.example.org', 'a@x--y.example.org', 'a@xn--bcher-kva.example', 'a@xn--zz.example',
    'a@example.org.', 'a@.example.org', 'a@exa_mple.org', `${'a'.repeat(64)}@example.org`, `${'a'.repeat(65)}@example.org`,
    `a@${'b'.repeat(63)}.example.org`, `a@${'b'.repeat(64)}.example.org`, `${'a'.repeat(60)}@${'b.'.repeat(94)}org`, `${'a'.repeat(60)}@${'b.'.repeat(96)}org`,
    ' a@example.org', 'a@example.org ', 'a@@example.org', '@example.org', 'a@', 'a@exämple.org', 'ä@example.org', 'a@example.o-g', 'a@example.xn--p1ai',
  ])('agrees on %j', agree);

  it('agrees with the full check on generated edge cases (property)', () => {
    // Mostly the characters of plain addresses, sometimes one that is not.
    const chars = (plain: string[], odd: string[]) => fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
    const local = fc.string({ unit: chars(['a', 'Z', '0', '_', '+', '-', '.'], ["'", '%', 'é', ' ', '"', '@', '.']), minLength: 0, maxLength: 70 });
    const label = fc.string({ unit: chars(['a', 'B', 'x', 'n', '0', '9', '-'], ['_', 'ü', '.', '-']), minLength: 0, maxLength: 66 });
    const tld = fc.constantFrom('org', 'COM', 'co', 'org', 'net', 'c', '123', 'xn--p1ai', 'o-g', '', 'ORG.');
    const address = fc.tuple(local, fc.array(label, { minLength: 1, maxLength: 3 }), tld, fc.constantFrom('', '', '', ' ', '\t'))
      .map(([l, labels, t, pad]) => `${pad}${l}@${[...labels, t].join('.')}${pad}`);
    fc.assert(fc.property(fc.oneof(address, fc.string({ maxLength: 80 })), (input) => { agree(input); }), { numRuns: 20_000 });
    // The generator reaches both answers often.
    const samples = fc.sample(address, 2000).map((a) => checkFully(a).ok);
    expect(samples.filter(Boolean).length).toBeGreaterThan(100);
    expect(samples.filter((ok) => !ok).length).toBeGreaterThan(100);
  });
});
