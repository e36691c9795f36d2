// The ledger's per-reader queue: only the groups that are due, each row with
// the reader's topics as its variant, and one stored rendering per variant.
import { afterEach, expect, it } from 'vitest';
import { openSendLedger } from '../../src/deliver/open-ledger.js';
import { messageIdFor, parseSender } from '../../src/deliver/headers.js';
import { describeEngines } from './helpers/engines.js';
import { engineFixture, renderedIssue, type EngineFixture } from './helpers/fixture.js';
import { setPrefs } from './helpers/prefs.js';

const sender = parseSender('Gazette <news@example.com>');
const now = new Date('2026-12-03T06:00:00Z');

describeEngines('the ledger queues due groups', (kind) => {
  let fx: EngineFixture | undefined;
  afterEach(async () => { await fx?.cleanup(); fx = undefined; });

  it('groups the confirmed list, queues only the groups asked for with their topics, and never twice', async () => {
    fx = await engineFixture(kind, 6);
    await setPrefs(fx.engine, 'reader1@example.org', { timezone: 'Asia/Tokyo', send_hour: 7 });
    await setPrefs(fx.engine, 'reader2@example.org', { timezone: 'Asia/Tokyo', send_hour: 7, topics: 'Science' });
    await setPrefs(fx.engine, 'reader3@example.org', { timezone: 'Europe/Berlin', send_hour: 7, topics: 'Science;World' });
    await setPrefs(fx.engine, 'reader4@example.org', { frequency: 'weekly:mon' });
    const ledger = openSendLedger(fx.engine);
    expect(await ledger.audienceGroups()).toEqual([
      { frequency: 'daily', timezone: '', sendHour: -1, subscribers: 2 },
      { frequency: 'daily', timezone: 'Asia/Tokyo', sendHour: 7, subscribers: 2 },
      { frequency: 'daily', timezone: 'Europe/Berlin', sendHour: 7, subscribers: 1 },
      { frequency: 'weekly:mon', timezone: '', sendHour: -1, subscribers: 1 },
    ]);
    const tokyo = { frequency: 'daily', timezone: 'Asia/Tokyo', sendHour: 7 };
    expect(await ledger.audienceVariants([tokyo, { frequency: 'daily', timezone: 'Europe/Berlin', sendHour: 7 }])).toEqual([
      { variant: '', subscribers: 1 }, { variant: 'Science', subscribers: 1 }, { variant: 'Science;World', subscribers: 1 },
    ]);
    expect(await ledger.audienceVariants([])).toEqual([]);
    expect(await ledger.enqueueDue('2026-12-03', sender, now, [tokyo], 1)).toBe(2);
    expect(await ledger.enqueueDue('2026-12-03', sender, now, [tokyo], 1)).toBe(0);
    const rows = await fx.all<{ email: string; variant: string; message_id: string; subscriber_id: number }>('SELECT email, variant, message_id, subscriber_id FROM deliveries ORDER BY subscriber_id');
    expect(rows.map((r) => [r.email, r.variant])).toEqual([['reader1@example.org', ''], ['reader2@example.org', 'Science']]);
    expect(rows[0]!.message_id).toBe(messageIdFor('2026-12-03', rows[0]!.subscriber_id, sender));
    expect(await ledger.enqueueDue('2026-12-03', sender, now, [{ frequency: 'daily', timezone: 'Europe/Berlin', sendHour: 7 }, { frequency: 'daily', timezone: '', sendHour: -1 }])).toBe(3);
    expect(await ledger.variants('2026-12-03')).toEqual(['', 'Science', 'Science;World']);
    const claimed = await ledger.claim('2026-12-03', 'run-a', now.getTime(), 60_000, 10);
    expect(claimed.map((c) => c.variant).sort()).toEqual(['', '', '', 'Science', 'Science;World']);
    // The weekly reader was never queued for the daily edition; enqueueConfirmed queues every reader of the edition's kind.
    expect(await ledger.enqueueConfirmed('2026-12-04', sender, now)).toBe(5);
    expect(await ledger.enqueueConfirmed('2026-W49', sender, now)).toBe(1);
    expect(await fx.all("SELECT email FROM deliveries WHERE issue_date = '2026-W49'")).toEqual([{ email: 'reader4@example.org' }]);
  });

  it('stores one rendering per variant: the first one stored wins and is read back', async () => {
    fx = await engineFixture(kind, 1);
    const ledger = openSendLedger(fx.engine);
    expect(await ledger.storedVariant('2026-12-03', 'Science')).toBeNull();
    const first = { ...renderedIssue('2026-12-03'), subject: 'First' };
    const second = { ...renderedIssue('2026-12-03'), subject: 'Second' };
    expect((await ledger.storeVariant('2026-12-03', 'Science', first, now)).subject).toBe('First');
    const again = await ledger.storeVariant('2026-12-03', 'Science', second, now);
    expect(again).toEqual(first);
    expect((await ledger.storeVariant('2026-12-03', 'World', second, now)).subject).toBe('Second');
  });
});
