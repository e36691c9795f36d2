// Message-IDs name their edition: a daily date as before (byte for byte), or a week.
import { describe, expect, it } from 'vitest';
import { GAZETTE_MESSAGE_ID, messageIdFor, messageIdParts, parseSender } from '../../src/deliver/headers.js';

const sender = parseSender('Gazette <news@example.com>');

describe('Message-IDs of daily and weekly editions', () => {
  it('keeps the daily form unchanged and reads back either kind', () => {
    // sha256("news@example.com\n2026-12-03\n12"), base64url, 12 characters: the form every earlier issue used.
    expect(messageIdFor('2026-12-03', 12, sender)).toBe('<2026-12-03.12.hqKczUIdqpf6@example.com>');
    expect(messageIdFor('2025-03-01', 1, sender)).toMatch(/^<2025-03-01\.1\.[\w-]{12}@example\.com>$/);
    const weekly = messageIdFor('2026-W49', 12, sender);
    expect(weekly).toMatch(/^<2026-W49\.12\.[\w-]{12}@example\.com>$/);
    expect(weekly).not.toBe(messageIdFor('2026-W48', 12, sender));
    expect(messageIdParts(weekly)).toEqual({ issueDate: '2026-W49', subscriberId: 12 });
    expect(messageIdParts(messageIdFor('2026-12-03', 5, sender))).toEqual({ issueDate: '2026-12-03', subscriberId: 5 });
    expect(messageIdParts('<2026-W4.5.abc@example.com>')).toBeNull();
  });

  it('finds both kinds quoted in a report', () => {
    const text = `Original: ${messageIdFor('2026-W49', 3, sender)} and ${messageIdFor('2026-12-03', 4, sender)}`;
    expect([...text.matchAll(GAZETTE_MESSAGE_ID)].map((m) => messageIdParts(m[0])?.issueDate)).toEqual(['2026-W49', '2026-12-03']);
  });
});
