import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkAddress } from '../../src/subscribers/address.js';

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
