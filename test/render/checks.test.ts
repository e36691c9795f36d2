// The pre-flight checks on literal HTML (each problem alone, so each assertion
// can fail for one reason) and on the shipped template rendered for real.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { checkIssueHtml, estimateSentBytes, formatChecks, GMAIL_CLIP_BYTES } from '../../src/render/checks.js';
import { checkMarkup, contrast, toHex } from '../../src/render/check-markup.js';
import { checkClientSupport, clientList } from '../../src/render/check-clients.js';
import { PERSONAL_MARKERS, renderIssue } from '../../src/render/index.js';
import type { SummarizedStory } from '../../src/types.js';

const page = (body: string, head = '') => `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;
const padTo = (bytes: number) => page(`<p>${'x'.repeat(bytes - page('<p></p>').length)}</p>`);
const kinds = (html: string) => checkIssueHtml(html, { skipClients: true }).checks.filter((c) => c.level === 'warning').map((c) => c.kind);

describe('size against Gmail clipping', () => {
  it('reports the size as information well under the limit', () => {
    const r = checkIssueHtml(padTo(20_000), { skipClients: true });
    expect(r.htmlBytes).toBe(20_000);
    expect(r.checks[0]).toEqual({ kind: 'size', level: 'info', message: "size: 19.5 KB of HTML, 19% of Gmail's 102 KB clipping limit" });
  });

  it('warns from 90% of the limit and says Gmail clips past it', () => {
    const near = checkIssueHtml(padTo(Math.ceil(GMAIL_CLIP_BYTES * 0.92)), { skipClients: true }).checks[0]!;
    expect(near.level).toBe('warning');
    expect(near.message).toMatch(/92% of Gmail's 102 KB clipping limit: close to clipping/);
    const over = checkIssueHtml(padTo(GMAIL_CLIP_BYTES + 10), { skipClients: true }).checks[0]!;
    expect(over.message).toMatch(/Gmail will clip it and hide the footer/);
    expect(checkIssueHtml(padTo(Math.floor(GMAIL_CLIP_BYTES * 0.89)), { skipClients: true }).checks[0]!.level).toBe('info');
  });

  it('counts room for the recipient\'s own address and unsubscribe URL', () => {
    const html = page(`<a href="${PERSONAL_MARKERS.unsubscribeUrl}">${PERSONAL_MARKERS.email}</a>`);
    expect(estimateSentBytes(html)).toBe(Buffer.byteLength(html) + (240 - PERSONAL_MARKERS.unsubscribeUrl.length) + (80 - PERSONAL_MARKERS.email.length));
  });
});

describe('markup', () => {
  it('flags images without an alt attribute, not decorative ones with alt=""', () => {
    const m = checkMarkup(page('<img src="https://x.example/a.png"><img src="https://x.example/b.png" alt=""><img src="https://x.example/c.png" alt="Chart">'));
    expect(m.imagesWithoutAlt).toEqual(['https://x.example/a.png']);
  });

  it('flags http, relative and script links once each with a count, and leaves https, mailto and the unsubscribe marker alone', () => {
    const m = checkMarkup(page(`
      <a href="http://x.example/a">1</a><a href="http://x.example/a">2</a><a href="/relative">3</a><a href="javascript:alert(1)">4</a>
      <a href="https://x.example/ok">5</a><a href="mailto:editor@x.example">6</a><a href="${PERSONAL_MARKERS.unsubscribeUrl}">7</a>
      <img alt="" src="http://x.example/pixel.gif">`));
    expect(m.insecureLinks).toEqual([
      { url: 'http://x.example/a', count: 2 },
      { url: '/relative', count: 1 },
      { url: 'javascript:alert(1)', count: 1 },
      { url: 'http://x.example/pixel.gif', count: 1 },
    ]);
    const line = formatChecks(checkIssueHtml(page('<a href="http://x.example/a">a</a><a href="http://x.example/a">b</a>'), { skipClients: true }));
    expect(line).toContain('warning: 1 link is not absolute https: http://x.example/a (2×) (set PUBLIC_URL to an https address; fix article URLs)');
  });

  it('finds the classic hidden preheader: display:none, 1px text, white on white', () => {
    const m = checkMarkup(page(`
      <div style="display:none;font-size:1px;color:#ffffff;">Hidden teaser</div>
      <div style="font-size:1px;line-height:1px">Tiny teaser</div>
      <div style="background-color:#fff"><span style="color:#fefefe">Camouflaged teaser</span></div>
      <div style="max-height:0;overflow:hidden">Collapsed teaser</div>`));
    expect(m.hiddenText.map((h) => [h.text, h.why])).toEqual([
      ['Hidden teaser', 'display:none'],
      ['Tiny teaser', 'its font size is 1px'],
      ['Camouflaged teaser', 'its colour #fefefe is the colour of its background #ffffff'],
      ['Collapsed teaser', 'zero height with overflow:hidden'],
    ]);
  });

  it("does not mistake MJML's font-size:0 cells for hidden text: the nearest size wins", () => {
    const m = checkMarkup(page('<table><tr><td style="font-size:0px"><div style="font-size:16px;color:#1f2328">Readable</div></td></tr></table>'));
    expect(m.hiddenText).toEqual([]);
    expect(m.lowContrast).toEqual([]);
  });

  it('flags text under 4.5:1, and large text only under 3:1', () => {
    const m = checkMarkup(page(`
      <p style="color:#999999">Pale body text</p>
      <h1 style="color:#8a8a8a;font-size:28px">Big pale heading</h1>
      <h1 style="color:#bbbbbb;font-size:28px">Too pale heading</h1>
      <div style="background:#0d1117 url(x.png)"><p style="color:#e6edf3">Light on dark</p></div>`));
    expect(m.lowContrast.map((c) => c.text)).toEqual(['Pale body text', 'Too pale heading']);
    expect(m.lowContrast[0]).toMatchObject({ color: '#999999', background: '#ffffff', ratio: 2.85 });
    expect(kinds(page('<p style="color:#999">Pale</p>'))).toEqual(['contrast']);
  });

  it('reads colours as #rrggbb and computes WCAG contrast', () => {
    expect(toHex('#FFF')).toBe('#ffffff');
    expect(toHex('rgb(31, 35, 40)')).toBe('#1f2328');
    expect(toHex('rgba(0,0,0,0)')).toBeNull();
    expect(toHex('transparent')).toBeNull();
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#57606a', '#ffffff')).toBeGreaterThan(4.5);
  });
});

describe('client support (caniemail)', () => {
  it('folds one line per element and client into one finding per feature', () => {
    const html = page('<div style="display:flex">a</div><div style="display:flex">b</div>', '<style>@media (max-width: 400px) { .a { color: red; } }</style>');
    const findings = checkClientSupport(html, ['outlook.windows', 'gmail.*']);
    const media = findings.find((f) => f.feature === '@media' && f.support === 'none');
    expect(media?.clients.sort()).toEqual(['gmail.mobile-webmail', 'outlook.windows']);
    // Each feature appears once per support level, however often the HTML uses it.
    const keys = findings.map((f) => `${f.support}:${f.feature}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(clientList(['gmail.ios', 'gmail.android', 'outlook.windows'])).toBe('Gmail (ios, android), Outlook (windows)');
    const lines = formatChecks(checkIssueHtml(html, { clients: ['outlook.windows', 'gmail.*'] }));
    expect(lines.filter((l) => l.includes('@media') && l.startsWith('warning: client support: no'))).toHaveLength(1);
  });
});

describe('the shipped template', () => {
  const story = (n: number): SummarizedStory => ({
    id: `s${n}`, title: `Story number ${n}`, sentences: [`Sentence one of story ${n}.`, 'Sentence two.'],
    articles: [{ id: `a${n}`, title: `Story number ${n}`, url: `https://news.example/${n}`, outlet: 'News Example', published: null, text: 'x', source: 'x.md', tags: [] }],
  });
  const render = (publicUrl: string) => renderIssue([story(1), story(2), story(3)], { date: '2026-11-22', listName: 'Gazette', publicUrl, templatesDir: resolve('templates') });

  it('has no hidden or low-contrast text, no image without alt, and only https links behind an https PUBLIC_URL', async () => {
    const { html } = await render('https://news.example.org');
    expect(kinds(html)).toEqual([]);
    // The preheader is visible text at the top, so inbox previews still show it.
    const { html: withHttp } = await render('http://localhost:8080');
    expect(kinds(withHttp)).toEqual(['links']);
  });
});
