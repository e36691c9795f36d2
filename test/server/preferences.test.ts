// The preferences page (GET and POST /preferences) and the subscribe form's
// time zone, over real HTTP on both engines.
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preferencesLink, unsubscribeLink } from '../../src/subscribers/links.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { ENGINES, engineAvailable } from '../helpers/subscriber-stores.js';
import { postForm, startHarness, type Harness } from './support/harness.js';

afterAll(cleanupTmp);

const SECTIONS = ['World', 'Science & <Nature>', 'More news'];

/** The page's form as the browser would send it, unchanged. */
function formOf(html: string): { fields: [string, string][]; doc: Document } {
  const { document } = parseHTML(html);
  const fields: [string, string][] = [];
  for (const el of document.querySelectorAll('form input, form select')) {
    const name = el.getAttribute('name');
    if (!name) continue;
    if (el.tagName === 'SELECT') {
      const chosen = el.querySelector('option[selected]') ?? el.querySelector('option');
      fields.push([name, chosen?.getAttribute('value') ?? '']);
    } else if (el.getAttribute('type') === 'radio' || el.getAttribute('type') === 'checkbox') {
      if (el.hasAttribute('checked')) fields.push([name, el.getAttribute('value') ?? '']);
    } else {
      fields.push([name, el.getAttribute('value') ?? '']);
    }
  }
  return { fields, doc: document as unknown as Document };
}

const post = (url: string, fields: [string, string][]) =>
  fetch(`${url}/preferences`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

const set = (fields: [string, string][], name: string, value: string | string[]) => [
  ...fields.filter(([n]) => n !== name),
  ...(Array.isArray(value) ? value : [value]).map((v) => [name, v] as [string, string]),
];

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'preferences page'))(`preferences page on ${kind}`, () => {
  let h: Harness;
  let link: string;
  beforeEach(async () => {
    h = await startHarness({ sections: () => SECTIONS, listTimezone: 'Europe/London' }, kind);
    await h.store.upsertMany([
      { email: 'reader@example.org', status: 'confirmed' },
      { email: 'gone@example.org', status: 'unsubscribed' },
    ], { source: 'cli', reason: 'setup' });
    link = preferencesLink(h.url, h.tokens, 1);
  });
  afterEach(async () => { await h.close(); });

  it('shows the current values in a form that posts the token back, with every section escaped', async () => {
    await h.store.setPreferences(1, { timezone: 'Asia/Tokyo', hour: 7, frequency: 'weekly:thu', topics: ['World'] }, { source: 'cli', reason: 'setup' });
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Science &amp; &lt;Nature&gt;');
    expect(html).not.toContain('<Nature>');
    const { fields, doc } = formOf(html);
    expect(doc.querySelector('form')?.getAttribute('action')).toBe('/preferences');
    expect(fields).toEqual([
      ['token', new URL(link).searchParams.get('token')],
      ['timezone', 'Asia/Tokyo'], ['hour', '7'], ['frequency', 'weekly'], ['day', 'thu'], ['topics-shown', '1'], ['topics', 'World'],
    ]);
    expect(doc.querySelectorAll('input[name=topics]').length).toBe(3);
    expect(doc.querySelector('#timezone option[value=""]')?.textContent).toBe("The list's time zone (Europe/London)");
    expect(doc.querySelectorAll('#hour option').length).toBe(25);
    expect(doc.querySelector('#hour option[value=""]')?.textContent).toBe('As soon as it is out');
    expect(html).toContain('weekly on Thursday, at 07:00, Asia/Tokyo; topics: World');
  });

  it('saves a changed form, records it in the history as a web change, and shows the saved values', async () => {
    const { fields } = formOf(await (await fetch(link)).text());
    let changed = set(fields, 'timezone', 'America/Los_Angeles');
    changed = set(changed, 'hour', '6');
    changed = set(changed, 'frequency', 'weekly');
    changed = set(changed, 'day', 'fri');
    changed = set(changed, 'topics', ['Science & <Nature>', 'World']);
    const res = await post(h.url, changed);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>Saved.</strong> You now get it weekly on Friday, at 06:00, America/Los_Angeles; topics: Science &amp; &lt;Nature&gt;, World.');
    expect((await h.store.find(1))?.preferences).toEqual({ timezone: 'America/Los_Angeles', hour: 6, frequency: 'weekly:fri', topics: ['Science & <Nature>', 'World'] });
    const last = (await h.store.history(1)).at(-1);
    expect(last).toMatchObject({ from: 'confirmed', to: 'confirmed', source: 'web' });
    expect(last?.reason).toBe('preferences page: timezone unset → America/Los_Angeles; hour unset → 6; frequency daily → weekly:fri; topics all → Science & <Nature>;World');
    // The page after saving is the form again, with the new values chosen.
    const sorted = (f: [string, string][]) => [...f].sort((a, b) => a.join('=').localeCompare(b.join('=')));
    expect(sorted(formOf(html).fields)).toEqual(sorted(set(changed, 'topics', ['World', 'Science & <Nature>'])));

    // No box ticked, daily, hour empty: back to everything as soon as it is out.
    const res2 = await post(h.url, [['token', changed[0]![1]], ['timezone', ''], ['hour', ''], ['frequency', 'daily'], ['day', 'mon'], ['topics-shown', '1']]);
    expect(res2.status).toBe(200);
    expect((await h.store.find(1))?.preferences).toEqual({ timezone: null, hour: null, frequency: 'daily', topics: [] });

    // A client that posts only the hour (no topic boxes shown) leaves the topics as they are.
    await post(h.url, [...changed.filter(([k]) => k === 'token' || k === 'topics'), ['topics-shown', '1']]);
    const res3 = await post(h.url, [['token', changed[0]![1]], ['hour', '9']]);
    expect(res3.status).toBe(200);
    expect((await h.store.find(1))?.preferences).toMatchObject({ hour: 9, topics: ['Science & <Nature>', 'World'] });
  });

  it('names a bad field and saves the rest', async () => {
    const { fields } = formOf(await (await fetch(link)).text());
    const res = await post(h.url, set(set(set(fields, 'hour', '25'), 'timezone', 'Europe/Berlin'), 'topics', 'World'));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Delivery hour: &quot;25&quot; is not an hour; use a whole number from 0 to 23. The previous value is kept.');
    expect(html).toContain('aria-invalid="true" aria-describedby="hour-error"');
    expect((await h.store.find(1))?.preferences).toEqual({ timezone: 'Europe/Berlin', hour: null, frequency: 'daily', topics: ['World'] });

    const zone = await post(h.url, set(fields, 'timezone', 'Mars/Olympus_Mons'));
    expect(zone.status).toBe(400);
    expect(await zone.text()).toContain('Time zone: &quot;Mars/Olympus_Mons&quot; is not a time zone this system knows');
    expect((await h.store.find(1))?.preferences.timezone).toBe('Europe/Berlin');
    const day = await post(h.url, set(set(fields, 'frequency', 'weekly'), 'day', 'someday'));
    expect(await day.text()).toContain('How often: &quot;someday&quot; is not a day of the week; choose the day of your weekly issue from the list. The previous value is kept.');
    const twice = await post(h.url, [...fields, ['hour', '3']]);
    expect(await twice.text()).toContain('Delivery hour: give one value, not several.');
    expect((await h.store.find(1))?.preferences.hour).toBeNull();
  });

  it('says what to fix in the form\'s terms, not the CSV\'s: a weekly issue without a day, a topic not offered', async () => {
    const { fields } = formOf(await (await fetch(link)).text());
    const noDay = await post(h.url, set(fields, 'frequency', 'weekly').filter(([n]) => n !== 'day'));
    expect(noDay.status).toBe(400);
    const html = await noDay.text();
    expect(html).toContain('How often: choose the day of the week for your weekly issue. The previous value is kept.');
    expect(html).not.toMatch(/weekly:|is not a frequency|separated by/);
    expect((await h.store.find(1))?.preferences.frequency).toBe('daily');
    const odd = await post(h.url, set(fields, 'frequency', 'monthly'));
    expect(await odd.text()).toContain('How often: &quot;monthly&quot; is not one of the choices; choose every day or once a week. The previous value is kept.');
  });

  it('refuses a topic the page did not offer, naming it, saves the rest and keeps the previous topics', async () => {
    await h.store.setPreferences(1, { topics: ['World'] }, { source: 'cli', reason: 'setup' });
    const token = new URL(link).searchParams.get('token')!;
    const res = await post(h.url, [['token', token], ['hour', '8'], ['topics-shown', '1'], ['topics', 'Nonexistent']]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Topics: &quot;Nonexistent&quot; is not one of the sections this page offers; tick only the sections listed. The previous topics are kept.');
    expect(html).not.toContain('separated by');
    expect(html).not.toContain('<strong>Saved.</strong>');
    expect((await h.store.find(1))?.preferences).toMatchObject({ hour: 8, topics: ['World'] });
    expect(formOf(html).doc.querySelectorAll('input[name=topics]').length).toBe(3); // "Nonexistent" is not offered after the refusal either

    // Several: each named (up to three), markup in a name shown as text.
    const many = await post(h.url, [['token', token], ['topics-shown', '1'], ['topics', 'World'], ['topics', 'Sport'], ['topics', '<b>Gossip</b>']]);
    expect(many.status).toBe(400);
    expect(await many.text()).toContain('Topics: &quot;Sport&quot;, &quot;&lt;b&gt;Gossip&lt;/b&gt;&quot; are not among the sections this page offers');
    expect((await h.store.find(1))?.preferences.topics).toEqual(['World']);

    // A section in another case is the section, stored as the editor spells it.
    expect((await post(h.url, [['token', token], ['topics-shown', '1'], ['topics', 'more NEWS']])).status).toBe(200);
    expect((await h.store.find(1))?.preferences.topics).toEqual(['More news']);
  });

  it('takes back a stored topic that is no longer a section when the page is saved as it was, and refuses only a new one', async () => {
    await h.store.setPreferences(1, { topics: ['Sport', 'World'] }, { source: 'cli', reason: 'setup' });
    const page = await (await fetch(link)).text();
    const { fields, doc } = formOf(page);
    expect([...doc.querySelectorAll('input[name=topics]')].map((e) => e.getAttribute('value'))).toEqual([...SECTIONS, 'Sport']);
    const same = await post(h.url, set(fields, 'hour', '6'));
    expect(same.status).toBe(200);
    expect(await same.text()).toContain('<strong>Saved.</strong>');
    expect((await h.store.find(1))?.preferences).toMatchObject({ hour: 6, topics: ['Sport', 'World'] });

    const added = await post(h.url, set(fields, 'topics', ['Sport', 'World', 'Weather']));
    expect(added.status).toBe(400);
    expect(await added.text()).toContain('Topics: &quot;Weather&quot; is not one of the sections this page offers');
    expect((await h.store.find(1))?.preferences.topics).toEqual(['Sport', 'World']);

    // Unticking the old topic drops it, and then it is no longer offered.
    expect((await post(h.url, set(fields, 'topics', ['World']))).status).toBe(200);
    expect((await post(h.url, set(fields, 'topics', ['Sport', 'World']))).status).toBe(400);
    expect((await h.store.find(1))?.preferences.topics).toEqual(['World']);
  });

  it('refuses a missing, forged or unsubscribe token with the bad-link page, and a preferences token cannot unsubscribe', async () => {
    const unsubscribeToken = new URL(unsubscribeLink(h.url, h.tokens, 1)).searchParams.get('token')!;
    const prefsToken = new URL(link).searchParams.get('token')!;
    for (const url of [`${h.url}/preferences`, `${h.url}/preferences?token=abc.def`, `${h.url}/preferences?token=${unsubscribeToken}`, `${h.url}/preferences?token=${prefsToken}x`]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(400);
      const html = await res.text();
      expect(html).toContain('This preferences link is not valid');
      expect(html).not.toContain('<form');
    }
    const forged = await postForm(`${h.url}/preferences`, { token: unsubscribeToken, hour: '5' });
    expect(forged.status).toBe(400);
    expect((await postForm(`${h.url}/unsubscribe?token=${prefsToken}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(400);
    expect((await h.store.find(1))?.status).toBe('confirmed');
    expect((await h.store.find(1))?.preferences.hour).toBeNull();
  });

  it('tells a departed subscriber they are not subscribed, with no form, and changes nothing', async () => {
    const gone = preferencesLink(h.url, h.tokens, 2);
    const html = await (await fetch(gone)).text();
    expect(html).toContain('gone@example.org is not subscribed to The Test Gazette');
    expect(html).not.toContain('name="timezone"');
    const res = await postForm(`${h.url}/preferences`, { token: new URL(gone).searchParams.get('token')!, hour: '5' });
    expect(await res.text()).toContain('is not subscribed');
    expect((await h.store.find(2))?.preferences.hour).toBeNull();
  });

  it('refuses a body over the server\'s limit', async () => {
    const res = await postForm(`${h.url}/preferences`, { token: new URL(link).searchParams.get('token')!, topics: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
  });
});

describe('preferences page without sections', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); await h.store.upsertMany([{ email: 'reader@example.org', status: 'confirmed' }], { source: 'cli', reason: 'setup' }); });
  afterEach(async () => { await h.close(); });

  it('says the issue has no sections, and offers no topic boxes', async () => {
    const html = await (await fetch(preferencesLink(h.url, h.tokens, 1))).text();
    expect(html).toContain('The issue has no sections yet, so you get all of it.');
    expect(html).not.toContain('name="topics"');
    expect(html).toContain("The list&#x27;s time zone (UTC)");
  });

  it('still serves the form when the editor\'s issue.md cannot be read, and logs why', async () => {
    await h.close();
    h = await startHarness({ sections: () => { throw new Error('content/issue.md: line 3: sections must be a list'); } });
    await h.store.upsertMany([{ email: 'reader@example.org', status: 'confirmed' }], { source: 'cli', reason: 'setup' });
    const res = await fetch(preferencesLink(h.url, h.tokens, 1));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The issue has no sections yet');
    expect(h.logs()).toContain('content/issue.md: line 3: sections must be a list');
  });
});

for (const kind of ENGINES) describe.runIf(engineAvailable(kind, 'subscribe time zone'))(`subscribe form time zone on ${kind}`, () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({}, kind); });
  afterEach(async () => { await h.close(); });

  it('has a time zone select and one script, allowed by its hash in the CSP', async () => {
    const res = await fetch(`${h.url}/subscribe`);
    const html = await res.text();
    const { document } = parseHTML(html);
    const options = [...document.querySelectorAll('#timezone option')].map((o) => o.getAttribute('value'));
    expect(options[0]).toBe('');
    expect(options).toContain('Asia/Tokyo');
    expect(options.length).toBe(Intl.supportedValuesOf('timeZone').length + 1);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!.textContent ?? '').digest('base64');
    expect(res.headers.get('content-security-policy')).toContain(`script-src 'sha256-${hash}';`);
  });

  it('stores the time zone of a new address, never of one already on the list', async () => {
    await h.store.upsertMany([{ email: 'known@example.org', status: 'confirmed' }], { source: 'cli', reason: 'setup' });
    expect((await postForm(`${h.url}/subscribe`, { email: 'new@example.org', timezone: 'Asia/Tokyo' })).status).toBe(200);
    expect((await postForm(`${h.url}/subscribe`, { email: 'known@example.org', timezone: 'Asia/Tokyo' })).status).toBe(200);
    await h.settle();
    const fresh = await h.store.find('new@example.org');
    expect(fresh?.preferences.timezone).toBe('Asia/Tokyo');
    expect((await h.store.history(fresh!.id)).at(-1)).toMatchObject({ source: 'web', reason: 'subscribe form: timezone unset → Asia/Tokyo' });
    expect((await h.store.find('known@example.org'))?.preferences.timezone).toBeNull();
    // Pending and asked again: still not the form's to change.
    expect((await postForm(`${h.url}/subscribe`, { email: 'new@example.org', timezone: 'Europe/Paris' })).status).toBe(200);
    await h.settle();
    expect((await h.store.find('new@example.org'))?.preferences.timezone).toBe('Asia/Tokyo');
    // No zone chosen: nothing recorded beyond the subscription.
    await postForm(`${h.url}/subscribe`, { email: 'plain@example.org', timezone: '' });
    await h.settle();
    expect((await h.store.find('plain@example.org'))?.preferences.timezone).toBeNull();
  });

  it('names the time zone field when it holds no zone, and stores nothing', async () => {
    const res = await postForm(`${h.url}/subscribe`, { email: 'new@example.org', timezone: 'Nowhere/<b>' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Time zone: &quot;Nowhere/&lt;b&gt;&quot; is not a time zone name');
    expect(html).toContain('value="new@example.org"');
    expect(await h.store.find('new@example.org')).toBeNull();
  });
});
