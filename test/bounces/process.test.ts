// One returned message at a time, against real SQLite stores: how reports are
// read and whom they are found to be about, beyond the end-to-end cases.
import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { processReturnedMessage, type BounceParts, type BounceSettings } from '../../src/bounces/process.js';
import { fieldBlocks, parseReport } from '../../src/bounces/report.js';
import { createSqliteBounceStore } from '../../src/bounces/sqlite-store.js';
import { returnPathFor } from '../../src/deliver/return-path.js';
import { silentLogger } from '../../src/log.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../src/subscribers/sqlite-store.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { dsn } from './reports.js';

const tokens = createTokenSigner('process-test-secret-0123456789');
const settings: BounceSettings = { bounceDomain: 'bounces.example.com', unsubscribeAddress: 'unsubscribe@example.com', softLimit: 3, softDays: 14 };

describe('returned messages', () => {
  let parts: BounceParts;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(async () => {
    const db = openSqlite(':memory:');
    clock = manualClock('2026-11-20T10:00:00Z');
    const subscribers = createSqliteSubscriberStore(db, clock);
    await subscribers.upsertMany([{ email: 'ann@example.org', status: 'confirmed' }, { email: 'bob@example.org', status: 'confirmed' }], { source: 'cli', reason: 'setup' });
    parts = { subscribers, bounces: createSqliteBounceStore(db), tokens, clock, logger: silentLogger };
  });
  const verp = (id: number, date = '2026-11-20') => returnPathFor(tokens, settings.bounceDomain, { issueDate: date, subscriberId: id });
  const run = (raw: string, envelopeTo: string[] = []) => processReturnedMessage(parts, settings, { raw: Buffer.from(raw), envelopeTo });

  it('reads the per-recipient blocks of a DSN, with folded fields', async () => {
    expect(fieldBlocks('Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822;\r\n a@example.org\r\nStatus: 5.1.1\r\n\r\nFinal-Recipient: rfc822; b@example.org\r\nStatus: 4.2.2\r\n'))
      .toEqual([{ 'reporting-mta': 'dns; mx' }, { 'final-recipient': 'rfc822; a@example.org', status: '5.1.1' }, { 'final-recipient': 'rfc822; b@example.org', status: '4.2.2' }]);
    const report = await parseReport(Buffer.from(dsn({ to: verp(1), finalRecipient: 'ann@example.org', status: '5.1.1', diagnostic: '550 5.1.1 gone' })));
    expect(report.kind).toBe('dsn');
    expect(report.recipients).toEqual([{ finalRecipient: 'ann@example.org', originalRecipient: 'ann@example.org', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 gone' }]);
  });

  it('finds the subscriber from a return path quoted in a forwarded bounce', async () => {
    const forwarded = dsn({ to: 'postmaster@example.com', returnPath: verp(2), finalRecipient: 'someone-else@example.net', status: '5.1.1', diagnostic: '550 gone' });
    expect(await run(forwarded)).toMatchObject({ action: 'bounced', email: 'bob@example.org' });
  });

  it('ignores reports of success, auto-replies, and return paths of people no longer on the list', async () => {
    expect(await run(dsn({ to: verp(1), finalRecipient: 'ann@example.org', status: '2.0.0', action: 'delivered', diagnostic: '250 ok' }), [verp(1)])).toMatchObject({ action: 'ignored', reason: expect.stringMatching(/success/) });
    expect(await run(['Auto-Submitted: auto-replied', `To: ${verp(1)}`, 'Subject: Out of office', '', 'Back on Monday, status 4.0.0 aside.', ''].join('\r\n'), [verp(1)])).toMatchObject({ action: 'ignored', reason: expect.stringMatching(/automatic reply/) });
    expect(await run(dsn({ to: verp(99), finalRecipient: 'x@example.org', status: '5.1.1', diagnostic: 'gone' }), [verp(99)])).toMatchObject({ action: 'ignored', reason: expect.stringMatching(/not on the list/) });
    expect((await parts.subscribers.find(1))!.status).toBe('confirmed');
  });

  it('counts soft bounces in the window only', async () => {
    const soft = () => dsn({ to: verp(1), finalRecipient: 'ann@example.org', status: '4.2.2', diagnostic: 'full' });
    expect(await run(soft(), [verp(1)])).toMatchObject({ action: 'soft', reason: expect.stringMatching(/^soft bounce 1 of 3/) });
    clock.advance(15 * 86_400_000);
    expect(await run(soft(), [verp(1)])).toMatchObject({ action: 'soft', reason: expect.stringMatching(/^soft bounce 1 of 3/) });
    expect(await run(soft(), [verp(1)])).toMatchObject({ action: 'soft', reason: expect.stringMatching(/^soft bounce 2 of 3/) });
    expect(await run(soft(), [verp(1)])).toMatchObject({ action: 'bounced', reason: expect.stringMatching(/^3 soft bounces within 14 days/) });
  });

  it('keeps a later bounce from undoing an unsubscribe, and a mailto without a valid token does nothing', async () => {
    await parts.subscribers.setStatus(1, 'unsubscribed', { source: 'web', reason: 'test' });
    expect(await run(dsn({ to: verp(1), finalRecipient: 'ann@example.org', status: '5.1.1', diagnostic: 'gone' }), [verp(1)])).toMatchObject({ action: 'bounced', changed: false });
    expect((await parts.subscribers.find(1))!.status).toBe('unsubscribed');
    const forged = `${Buffer.from('unsubscribe.2').toString('base64url')}.${'A'.repeat(43)}`;
    expect(await run(['To: unsubscribe@example.com', `Subject: unsubscribe ${forged}`, '', 'x', ''].join('\r\n'), ['unsubscribe@example.com'])).toMatchObject({ action: 'ignored' });
    expect((await parts.subscribers.find(2))!.status).toBe('confirmed');
  });
});
