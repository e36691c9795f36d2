import { describe, expect, it } from 'vitest';
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
