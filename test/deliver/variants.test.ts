// Topics readers through a real SMTP server: each gets only their sections,
// rendered once per distinct topic set (not per subscriber), stored so that a
// second run renders nothing; a topic set without news that day is not sent.
import { simpleParser } from 'mailparser';
import { afterEach, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { deliverIssue, type DeliverOptions } from '../../src/deliver/index.js';
import { createSmtpTransport } from '../../src/deliver/transports/index.js';
import type { Transport } from '../../src/deliver/transport.js';
import { silentLogger } from '../../src/log.js';
import { PERSONAL_MARKERS as M } from '../../src/render/personal.js';
import { describeEngines } from './helpers/engines.js';
import { engineFixture, settings, tokens, type EngineFixture } from './helpers/fixture.js';
import { setPrefs } from './helpers/prefs.js';
import { meta, sectionedIssue } from './helpers/sectioned.js';
import { startSink, type Sink } from './helpers/smtp-sink.js';

describeEngines('topics variants', (kind) => {
  let fx: EngineFixture | undefined;
  let sink: Sink | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    await fx?.cleanup();
    fx = sink = transport = undefined;
  });

  it('sends each reader only their sections and renders once per distinct topic set', async () => {
    fx = await engineFixture(kind, 7);
    await setPrefs(fx.engine, 'reader2@example.org', { topics: 'Science' });
    await setPrefs(fx.engine, 'reader3@example.org', { topics: 'Science' });
    // The same topics in another case (a CSV import, say) are the same variant: one rendering.
    await setPrefs(fx.engine, 'reader4@example.org', { topics: 'science' });
    await setPrefs(fx.engine, 'reader5@example.org', { topics: 'Sport;World' });
    await setPrefs(fx.engine, 'reader6@example.org', { topics: 'Sport;World' });
    await setPrefs(fx.engine, 'reader7@example.org', { topics: 'Culture' });
    sink = await startSink();
    transport = createSmtpTransport({ url: sink.url, maxConnections: 3 });
    const options: DeliverOptions = { ...settings, renderMeta: meta, concurrency: 3, pollMs: 20 };
    const issue = await sectionedIssue();
    expect(issue.html).toContain(M.unsubscribeUrl);
    const run = () => deliverIssue({ engine: fx!.engine, subscribers: fx!.store, transport: transport!, tokens, clock: systemClock, logger: silentLogger }, issue, options);

    const report = await run();
    expect(report).toMatchObject({ recipients: 6, sent: 6, dropped: 1, variants: 4, renders: 2, pending: 0 });
    const byReader = new Map<string, string>();
    for (const m of sink.received) byReader.set(m.to[0]!, (await simpleParser(m.raw)).text ?? '');
    expect([...byReader.keys()].sort()).toEqual(['reader1', 'reader2', 'reader3', 'reader4', 'reader5', 'reader6'].map((r) => `${r}@example.org`));
    const has = (who: string) => ['Summit ends without a deal', 'Comet seen from the harbour', 'Rowing club wins the cup'].map((t) => byReader.get(`${who}@example.org`)!.includes(t));
    expect(has('reader1')).toEqual([true, true, true]);
    expect(has('reader2')).toEqual([false, true, false]);
    expect(has('reader4')).toEqual([false, true, false]);
    expect(has('reader5')).toEqual([true, false, true]);
    expect((await simpleParser(sink.received.find((m) => m.to[0] === 'reader2@example.org')!.raw)).subject).toContain('Comet');
    const culture = await fx.all<{ state: string; last_response: string }>("SELECT state, last_response FROM deliveries WHERE email = 'reader7@example.org'");
    expect(culture).toEqual([{ state: 'dropped', last_response: expect.stringContaining('no news in your topics today') }]);
    expect(await fx.all('SELECT variant FROM issue_variants ORDER BY variant')).toEqual([{ variant: 'science' }, { variant: 'sport;world' }]);

    // Another run (a resend, another process) renders nothing and sends nothing twice.
    expect(await run()).toMatchObject({ sent: 0, skipped: 6, renders: 0, variants: 4 });
    expect(sink.received).toHaveLength(6);
  });

  it('drops topics the editor has since renamed or removed: a reader left with none gets the whole issue, not nothing', async () => {
    fx = await engineFixture(kind, 4);
    // "Nature" was a section when reader2 chose it; the editor has renamed it "Science".
    await setPrefs(fx.engine, 'reader2@example.org', { topics: 'Nature' });
    await setPrefs(fx.engine, 'reader3@example.org', { topics: 'Nature;Sport' });
    // "Culture" is still offered, but has no news today: nothing, as before.
    await setPrefs(fx.engine, 'reader4@example.org', { topics: 'Culture' });
    sink = await startSink();
    transport = createSmtpTransport({ url: sink.url, maxConnections: 2 });
    const issue = await sectionedIssue('2026-12-03', ['World', 'Science', 'Sport', 'Culture']);
    const report = await deliverIssue({ engine: fx.engine, subscribers: fx.store, transport, tokens, clock: systemClock, logger: silentLogger }, issue,
      { ...settings, renderMeta: meta, concurrency: 2, pollMs: 20 });
    // Nature's readers share the whole issue's message; Culture's is empty, so dropped.
    expect(report).toMatchObject({ recipients: 3, sent: 3, dropped: 1 });
    const texts = new Map<string, string>();
    for (const m of sink.received) texts.set(m.to[0]!, (await simpleParser(m.raw)).text ?? '');
    const has = (who: string) => ['Summit ends without a deal', 'Comet seen from the harbour', 'Rowing club wins the cup'].map((t) => texts.get(`${who}@example.org`)!.includes(t));
    expect(has('reader1')).toEqual([true, true, true]);
    expect(has('reader2')).toEqual([true, true, true]);
    expect(has('reader3')).toEqual([false, false, true]);
    expect(texts.has('reader4@example.org')).toBe(false);
  });
});
