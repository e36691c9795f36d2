// Rendering an arranged issue: section headings in the editor's order, a table
// of contents only with several sections, the plain text in the same order
// under the same headings, the editor's intro, subject and summary escaped,
// and a 30-story issue in 4 sections with an intro under Gmail's clipping size.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { effectiveTopics, renderIssue, variantOf } from '../../src/render/index.js';
import { GMAIL_CLIP_BYTES } from '../../src/render/checks.js';
import { checkMarkup } from '../../src/render/check-markup.js';
import type { Article, IssuePlan, SummarizedStory } from '../../src/types.js';

const meta = { date: '2026-11-22', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates') };

function story(id: string, fields: Partial<Article> = {}, sentences = [`${id} happened on Friday.`]): SummarizedStory {
  const a: Article = { id, title: `${id} headline`, url: `https://news.example/${id}`, outlet: 'News Example', published: null, text: sentences.join(' '), source: `${id}.md`, tags: [], ...fields };
  return { id, title: a.title, articles: [a], sentences };
}

const plan: IssuePlan = { sections: [{ name: 'World', tags: ['world'] }, { name: 'Science', tags: ['science'] }, { name: 'Sport', tags: ['sport'] }], defaultSection: 'More news', intro: [] };

/** The visible text of the HTML's elements matching `tag`, in document order. */
function texts(html: string, tag: string, cls?: string): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly unknown[]) => {
    for (const node of nodes as { type: string; name?: string; attribs?: Record<string, string>; children?: unknown[] }[]) {
      if (node.type === 'tag' && node.name === tag && (!cls || node.attribs?.class?.split(/\s+/).includes(cls))) out.push(textOf(node));
      if (node.children) walk(node.children);
    }
  };
  walk(parseDocument(html).children);
  return out;
}
function textOf(node: { type: string; data?: string; children?: unknown[] }): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children as typeof node[] | undefined)?.map(textOf).join('') ?? '';
}

describe('an issue with sections', () => {
  const stories = [story('loose'), story('match', { tags: ['sport'] }), story('rain', { tags: ['science'] }), story('vote', { section: 'World' }), story('ice', { tags: ['science'], order: 1 })];

  it('shows the sections in the editor order with their stories under them, and a table of contents linking each', async () => {
    const r = await renderIssue(stories, { ...meta, plan });
    expect(texts(r.html, 'h2', 'section-title')).toEqual(['World', 'Science', 'Sport', 'More news']);
    expect(texts(r.html, 'h3', 'story-title')).toEqual(['vote headline', 'ice headline', 'rain headline', 'match headline', 'loose headline']);
    const toc = texts(r.html, 'p', 'toc');
    expect(toc).toEqual(['In this issue: World · Science · Sport · More news']);
    for (const [i, name] of ['World', 'Science', 'Sport', 'More news'].entries()) {
      expect(r.html).toContain(`<a href="#section-${i + 1}"`);
      expect(r.html).toMatch(new RegExp(`<h2 class="section-title" id="section-${i + 1}"[^>]*>${name}</h2>`));
    }
    expect(r.issue.sections).toEqual(['World', 'Science', 'Sport', 'More news']);
    expect(r.issue.stories.map((s) => [s.id, s.section])).toEqual([['vote', 'World'], ['ice', 'Science'], ['rain', 'Science'], ['match', 'Sport'], ['loose', 'More news']]);
  });

  it('passes the link check with its contents links (a jump to no section would not)', async () => {
    const r = await renderIssue(stories, { ...meta, plan });
    expect(checkMarkup(r.html).insecureLinks).toEqual([]);
    const broken = r.html.replace('id="section-2"', 'id="elsewhere"');
    expect(checkMarkup(broken).insecureLinks).toEqual([{ url: '#section-2', count: 1 }]);
  });

  it('gives the plain text the same order under the same headings', async () => {
    const r = await renderIssue(stories, { ...meta, plan });
    const lines = r.text.split('\n');
    const order = lines.filter((l) => /^(World|Science|Sport|More news)$/.test(l) || /^\d+\. /.test(l));
    expect(order).toEqual(['World', '1. vote headline', 'Science', '2. ice headline', '3. rain headline', 'Sport', '4. match headline', 'More news', '5. loose headline']);
    expect(lines[lines.indexOf('Science') + 1]).toBe('=======');
    expect(r.text).toContain('In this issue: World · Science · Sport · More news\n');
  });

  it('records every section a reader could choose, with or without stories today, so a renamed one is told from an empty one', async () => {
    const r = await renderIssue([story('rain', { tags: ['science'] })], { ...meta, plan });
    expect(r.issue.sections).toEqual(['Science']);
    expect(r.issue.sectionChoices).toEqual(['World', 'Science', 'Sport', 'More news']);
    // A topic no longer offered is dropped; one offered but empty today is kept (its reader gets nothing today).
    expect(effectiveTopics(r.issue, ['nature', 'Sport'])).toEqual(['Sport']);
    expect(effectiveTopics(r.issue, ['Nature'])).toEqual([]);
    expect(variantOf(r.issue, ['Nature'], 'Gazette').stories.map((s) => s.id)).toEqual(['rain']);
    expect(variantOf(r.issue, ['sport'], 'Gazette').stories).toEqual([]);
    // An issue built before choices were recorded keeps every topic.
    const { sectionChoices: _c, ...older } = r.issue;
    expect(effectiveTopics(older, ['Nature'])).toEqual(['Nature']);
  });

  it('has no table of contents when only one section has stories', async () => {
    const r = await renderIssue([story('rain', { tags: ['science'] }), story('ice', { section: 'science' })], { ...meta, plan });
    expect(texts(r.html, 'h2', 'section-title')).toEqual(['Science']);
    expect(texts(r.html, 'p', 'toc')).toEqual([]);
    expect(r.html).not.toContain('href="#section-');
    expect(r.text).not.toContain('In this issue');
  });

  it('shows an intro with no sections above the stories, as paragraphs, and uses the editor subject', async () => {
    const r = await renderIssue([story('rain')], { ...meta, plan: { sections: [], defaultSection: 'More news', intro: ['Good morning.', 'Second paragraph.'], subject: 'Rain, at last' } });
    expect(r.subject).toBe('Rain, at last');
    expect(r.issue.subject).toBe('Rain, at last');
    expect(r.issue.intro).toEqual(['Good morning.', 'Second paragraph.']);
    expect(r.issue.sections).toBeUndefined();
    expect(texts(r.html, 'h2', 'story-title')).toEqual(['rain headline']);
    expect(r.html.indexOf('Second paragraph.')).toBeLessThan(r.html.indexOf('rain headline'));
    expect(r.text).toMatch(/\n\nGood morning\.\n\nSecond paragraph\.\n\n1\. rain headline\n/);
  });

  it('renders the same issue as before for no plan and for an empty one', async () => {
    const a = await renderIssue(stories, meta);
    const b = await renderIssue(stories, { ...meta, plan: { sections: [], defaultSection: 'More news', intro: [] } });
    expect(b.html).toBe(a.html);
    expect(b.text).toBe(a.text);
    expect(a.html).not.toContain('section-title');
    expect(texts(a.html, 'h2', 'story-title')).toHaveLength(5);
  });

  it("escapes the editor's intro, subject, section names and summary, and keeps the summary's words as written", async () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const own = `Our summary: ${evil}`;
    const r = await renderIssue([story('a', { section: `Sport ${evil}`, summary: own })], {
      ...meta,
      plan: { sections: [{ name: `Sport ${evil}`, tags: [] }, { name: 'World', tags: [] }], defaultSection: 'More news', intro: [`Intro ${evil}`], subject: `Subject ${evil}` },
    });
    expect(r.html).not.toMatch(/<script>|<img src=x/i);
    expect(texts(r.html, 'h2', 'section-title')).toEqual([`Sport ${evil}`]);
    expect(r.html).toContain('Intro &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img');
    expect(texts(r.html, 'p')).toContain(`Intro ${evil}`);
    expect(texts(r.html, 'p').some((t) => t === own)).toBe(true);
    expect(texts(r.html, 'title')).toEqual([`Subject ${evil}`]);
    // The plain text carries the words themselves, and issue.json says whose they are.
    expect(r.text).toContain(`\n${own}\n`);
    expect(r.text).toContain(`Intro ${evil}`);
    expect(r.issue.stories[0]).toMatchObject({ summary: own, editorSummary: true });
    // In the email the editor's words are not marked as such (only the preview says so).
    expect(r.html).not.toMatch(/editor/i);
  });

  it('keeps 30 stories in 4 sections with an intro under 102 KB of HTML', async () => {
    // Realistic length: long headlines, three sentences of about 25 words, three sources each.
    const sentence = (i: number, j: number) => `Officials in the region said on Thursday that the ${i}th proposal, sentence ${j}, would be reviewed by a committee of independent experts before the end of the year.`;
    const sections = ['world', 'science', 'sport', 'business'];
    const many = Array.from({ length: 30 }, (_, i) => {
      const s = story(`story-${i}`, { tags: i % 7 === 6 ? [] : [sections[i % 3]!] }, [1, 2, 3].map((j) => sentence(i, j)));
      s.title = `A long headline for story number ${i} that runs to about the length newspapers use online`;
      s.articles = [0, 1, 2].map((k) => ({ ...s.articles[0]!, id: `${i}-${k}`, url: `https://www.outlet${k}.example/news/2026/11/22/a-long-path-for-story-${i}-with-words-in-it`, outlet: `Outlet Number ${k}` }));
      return s;
    });
    const r = await renderIssue(many, { ...meta, plan: { ...plan, sections: [...plan.sections.slice(0, 3)], intro: ['Good morning. '.repeat(30).trim(), 'A second paragraph of the intro, somewhat shorter.'] } });
    expect(r.issue.stories).toHaveLength(30);
    expect(r.issue.sections).toHaveLength(4);
    expect(r.issue.htmlBytes).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(r.issue.htmlBytes).toBeLessThan(102_000);
    console.log(`30 stories in 4 sections with an intro: ${r.issue.htmlBytes} bytes of HTML (${Math.round((r.issue.htmlBytes / GMAIL_CLIP_BYTES) * 100)}% of Gmail's clipping limit)`);
  });
});
