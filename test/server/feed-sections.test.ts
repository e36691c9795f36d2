// The archive feed of an issue with sections and an intro: the intro first,
// each section's heading above its stories, and the editor's words escaped
// like an article's.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { archiveFeed } from '../../src/server/feed.js';
import { parseFeed } from '../../src/gather/feeds/parse.js';
import { renderIssue } from '../../src/render/index.js';
import type { SummarizedStory } from '../../src/types.js';

const story = (id: string, tags: string[]): SummarizedStory => ({
  id, title: `${id} headline`, sentences: [`${id} happened.`],
  articles: [{ id, title: id, url: `https://riverpost.example/${id}`, outlet: 'River Post', published: null, text: 'x', source: `${id}.md`, tags }],
});

describe('archiveFeed with sections', () => {
  it('shows the intro, then the stories under their section headings, all escaped', async () => {
    const evil = '<script>alert(1)</script> & <img src=x onerror=alert(1)>';
    const r = await renderIssue([story('rain', ['science']), story('match', ['sport']), story('fair', [])], {
      date: '2026-11-22', listName: 'Gazette', publicUrl: 'https://news.example.org', templatesDir: resolve('templates'),
      plan: { sections: [{ name: `Sport ${evil}`, tags: ['sport'] }, { name: 'Science', tags: ['science'] }], defaultSection: 'More news', intro: [`Hello ${evil}`] },
    });
    const xml = archiveFeed({ listName: 'Gazette', archiveUrl: 'https://news.example.org/archive', feedUrl: 'https://news.example.org/feed.xml' }, [{ issue: r.issue, sentAt: '2026-11-22T07:00:00.000Z', url: 'https://news.example.org/archive/2026-11-22' }]);
    expect(xml).not.toMatch(/<script>|<img src=x/);
    const feed = await parseFeed(xml, 'https://news.example.org/feed.xml');
    const content = feed.entries[0]!.content;
    const html = content && 'html' in content ? content.html : '';
    const shape = [...html.matchAll(/<(p|h2|h3)>(.*?)<\/\1>/g)].map((m) => `${m[1]} ${m[2]!.replace(/<[^>]+>/g, '')}`).filter((l) => !l.startsWith('p River') && !/^p \w+ happened\.$/.test(l));
    expect(shape).toEqual([
      'p Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
      'h2 Sport &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
      'h3 match headline',
      'h2 Science',
      'h3 rain headline',
      'h2 More news',
      'h3 fair headline',
    ]);
  });
});
