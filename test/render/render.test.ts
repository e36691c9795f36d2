import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderIssue, PERSONAL_MARKERS, personalize } from '../../src/render/index.js';
import fc from 'fast-check';
import { subjectLine, truncate } from '../../src/render/issue-data.js';
import { hasMarker, stripMarkers } from '../../src/render/personal.js';
import { isGazetteError } from '../../src/errors.js';
import type { SummarizedStory } from '../../src/types.js';
import { cleanupTmp, tmpDir } from '../helpers/tmp.js';

afterAll(cleanupTmp);

const templatesDir = resolve('templates');

function story(title: string, sentences: string[], url: string | null = 'https://news.example/a', outlet = 'News Example'): SummarizedStory {
  return {
    id: title.slice(0, 8),
    title,
    sentences,
    articles: [{ id: 'x', title, url, outlet, published: '2026-11-21T09:00:00.000Z', text: sentences.join(' '), source: 'x.md', tags: [] }],
  };
}

const meta = { date: '2026-11-22', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir };

describe('renderIssue', () => {
  it('renders HTML and text once, with personal markers in both', async () => {
    const r = await renderIssue([story('Night trams return', ['Trams run again from December.', 'The council voted 9 to 2.'])], meta);
    expect(r.html).toMatch(/^<!doctype html>/i);
    expect(r.html).toContain('<html lang="en"');
    expect(r.html).toContain('Trams run again from December. The council voted 9 to 2.');
    expect(r.html).toContain(PERSONAL_MARKERS.unsubscribeUrl);
    expect(r.text).toContain(PERSONAL_MARKERS.unsubscribeUrl);
    expect(r.html).toMatch(new RegExp(`<a href="${PERSONAL_MARKERS.preferencesUrl}"[^>]*>Your preferences</a>`));
    expect(r.text).toContain(`Your preferences (time, frequency, topics): ${PERSONAL_MARKERS.preferencesUrl}\n`);
    expect(r.text).toContain('1. Night trams return');
    expect(r.issue.htmlBytes).toBe(Buffer.byteLength(r.html));
    expect(r.issue.stories[0]!.summary).toBe('Trams run again from December. The council voted 9 to 2.');
    expect(r.subject).toBe('Gazette, 22 Nov: Night trams return');
    expect(r.html).toContain(r.preheader.slice(0, 20));
  });

  it('escapes article text and refuses non-http links', async () => {
    const evil = story('<script>alert(1)</script> & "quotes"', ['A <b>bold</b> claim & more.'], 'javascript:alert(1)');
    const r = await renderIssue([evil], meta);
    expect(r.html).not.toContain('<script>alert(1)</script>');
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.html).not.toContain('<b>bold</b>');
    expect(r.html).not.toMatch(/href="javascript:/i);
    // The text part is plain text: nothing to escape, nothing lost.
    expect(r.text).toContain('<script>alert(1)</script> & "quotes"');
  });

  it('never lets article text carry a personal marker', async () => {
    const sneaky = story(`Win ${PERSONAL_MARKERS.email}`, [`Click ${PERSONAL_MARKERS.unsubscribeUrl} now.`]);
    const r = await renderIssue([sneaky], meta);
    expect(r.issue.stories[0]!.title).toBe('Win ');
    expect(r.issue.stories[0]!.summary).toBe('Click  now.');
    // Only the footer's own markers remain.
    expect(r.html.split(PERSONAL_MARKERS.email).length - 1).toBe(1);
  });

  it('leaves a source without an outlet name off the sources line, and the line itself when none has one', async () => {
    const named = story('Night trams return', ['Trams run again from December.'], null, 'Coastline Daily');
    named.articles.push({ ...named.articles[0]!, id: 'y', outlet: '' });
    const r = await renderIssue([named, story('Bridge closes', ['The bridge closes in March.'], null, '')], meta);
    expect(r.html).toContain('Coastline Daily');
    expect(r.html).not.toMatch(/· *<\/p>|<p class="sources">\s*·|<p class="sources">\s*<\/p>/);
    expect(r.html.match(/class="sources"/g)).toHaveLength(1);
    expect(r.text).toContain('   - Coastline Daily');
    expect(r.text).not.toMatch(/^ {3}- *$/m);
  });

  it('says so when there is nothing new', async () => {
    const r = await renderIssue([], meta);
    expect(r.subject).toBe('Gazette, 22 Nov: nothing new today');
    expect(r.html).toContain('Nothing new arrived since the last issue.');
  });

  it('stops with a TEMPLATE error on invalid MJML instead of rendering it silently', async () => {
    const dir = tmpDir();
    cpSync(templatesDir, dir, { recursive: true });
    writeFileSync(join(dir, 'partials', 'story.hbs'), '<mj-text><p>{{title}}</p></mj-text><mj-bogus-tag />');
    const err = await renderIssue([story('A', ['B.'])], { ...meta, templatesDir: dir }).catch((e: unknown) => e);
    expect(isGazetteError(err, 'TEMPLATE')).toBe(true);
    expect((err as Error).message).toMatch(/mj-bogus-tag/);
  });

  it('stops with a TEMPLATE error naming a field the template uses but the data lacks', async () => {
    const dir = tmpDir();
    cpSync(templatesDir, dir, { recursive: true });
    writeFileSync(join(dir, 'partials', 'story.hbs'), '<mj-text>{{headlinez}}</mj-text>');
    const err = await renderIssue([story('A', ['B.'])], { ...meta, templatesDir: dir }).catch((e: unknown) => e);
    expect(isGazetteError(err, 'TEMPLATE')).toBe(true);
    expect((err as Error).message).toMatch(/headlinez/);
  });
});

describe('subject and personalisation', () => {
  it('cuts a long subject at a word boundary', () => {
    const s = subjectLine({ date: '2026-11-22', listName: 'Gazette', publicUrl: 'https://x.example' }, [
      { id: '1', title: 'An extremely long headline that goes on and on about a council meeting where nothing at all was decided', summary: '', sources: [] },
    ]);
    expect(s.length).toBeLessThanOrEqual(90);
    expect(s.endsWith('…')).toBe(true);
    expect(truncate('short', 10)).toBe('short');
  });

  it('fills markers per recipient, escaping in HTML only', () => {
    const fields = { email: 'a&b@example.com', unsubscribeUrl: 'https://x.example/unsubscribe?token=a.b', preferencesUrl: 'https://x.example/preferences?token=a.b' };
    const html = personalize(`<a href="${PERSONAL_MARKERS.unsubscribeUrl}">${PERSONAL_MARKERS.email}</a>`, fields, { html: true });
    expect(html).toBe('<a href="https://x.example/unsubscribe?token=a.b">a&amp;b@example.com</a>');
    expect(personalize(PERSONAL_MARKERS.email, fields, { html: false })).toBe('a&b@example.com');
  });
});

describe('truncate and the preheader', () => {
  it('cuts the "Also: …" preheader at a word boundary, never mid-word', async () => {
    // Issue 14 item 22: the 0.6 rule cut "Also: …" inside a long last headline.
    const titles = ['Council vote', 'Ferry times', `Harbour${'x'.repeat(120)} unveiled`];
    const r = await renderIssue([story('Top story', ['First sentence.']), ...titles.map((t) => story(t, ['x.']))], meta);
    expect(r.preheader.endsWith('…')).toBe(true);
    const kept = r.preheader.slice(0, -1);
    const full = `Also: ${titles.join(' · ')}`;
    expect(full.startsWith(kept)).toBe(true);
    expect(full[kept.length]).toMatch(/\s/);
  });

  it('keeps whole words whenever a blank fits (property)', () => {
    const word = fc.stringMatching(/^[A-Za-zé·,]{1,15}$/);
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.integer({ min: 20, max: 140 }), (words, max) => {
      const text = words.join(' ');
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      if (out === text) return;
      expect(out.endsWith('…')).toBe(true);
      const kept = out.slice(0, -1);
      expect(text.startsWith(kept)).toBe(true);
      // Whole words: the kept text ends where a word ends, unless the first word alone is too long.
      if (words[0]!.length < max) expect(text.slice(kept.length)).toMatch(/^[\s,·]/);
    }), { numRuns: 500 });
  });
});

describe('hostile article text: markers and links', () => {
  const E = PERSONAL_MARKERS.email;
  const U = PERSONAL_MARKERS.unsubscribeUrl;
  const nest = (m: string) => `${m.slice(0, 4)}${m}${m.slice(4)}`;

  it('strips nested markers until none is left (table)', async () => {
    for (const text of [nest(E), nest(U), nest(nest(E)), `${E.slice(0, 2)}${nest(U).replace(U, E)}${E.slice(2)}`, `https://t.example/track?who=${nest(E)}&u=${nest(U)}`]) {
      const r = await renderIssue([story(`T ${text}`, [`S ${text}.`], `https://t.example/track?who=${text}`)], meta);
      const src = r.issue.stories[0]!.sources[0]!;
      for (const value of [r.issue.stories[0]!.title, r.issue.stories[0]!.summary, src.title, src.url ?? '']) {
        expect(value).not.toContain(E);
        expect(value).not.toContain(U);
      }
      // Only the footer's own markers remain in what delivery fills.
      expect(r.html.split(E).length - 1).toBe(1);
      expect(r.text.split(E).length - 1).toBe(1);
    }
  });

  it('stripMarkers leaves no marker in any mix of marker pieces (property)', () => {
    const piece = fc.constantFrom(E, U, 'GZ', 'RECIPIENT', 'EMAIL', 'UNSUBSCRIBE', 'URL', E.slice(0, 5), E.slice(5), U.slice(0, 7), U.slice(7), 'x');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const out = stripMarkers(pieces.join(''));
      expect(hasMarker(out)).toBe(false);
    }), { numRuns: 3000 });
  });

  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'file:///etc/passwd'])('keeps no %j source URL in issue.json', async (url) => {
    const r = await renderIssue([story('A', ['B.'], url)], meta);
    expect(r.issue.stories[0]!.sources[0]!.url).toBeNull();
    expect(JSON.stringify(r.issue)).not.toMatch(/javascript:|data:|vbscript:|file:/i);
  });
});
