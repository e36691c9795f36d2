import { describe, expect, it } from 'vitest';
import { canonicalUrl, cleanArticle } from '../../src/clean/index.js';
import { articleId } from '../../src/gather/ids.js';
import { article } from './helpers.js';

describe('canonicalUrl', () => {
  it('drops utm_* and click, mailing-list and referrer parameters', () => {
    expect(canonicalUrl('https://example.org/a?utm_source=nl&utm_medium=email&fbclid=X1&gclid=Y&mc_cid=1&mc_eid=2&ref=home')).toBe('https://example.org/a');
  });

  it('drops the fragment and default port, lower-cases the host, sorts the other parameters', () => {
    expect(canonicalUrl('HTTPS://News.Example.ORG:443/World/Story?page=2&id=7&utm_campaign=x#comments')).toBe('https://news.example.org/World/Story?id=7&page=2');
    expect(canonicalUrl('http://example.org:80/a')).toBe('http://example.org/a');
    expect(canonicalUrl('http://example.org:8080/a')).toBe('http://example.org:8080/a');
  });

  it('keeps the parameters that choose the page, and the path case', () => {
    expect(canonicalUrl('https://example.org/Read?p=123&lang=en')).toBe('https://example.org/Read?lang=en&p=123');
  });

  it('returns what is not an http(s) URL unchanged', () => {
    expect(canonicalUrl(' not a url ')).toBe('not a url');
    expect(canonicalUrl('mailto:desk@example.org')).toBe('mailto:desk@example.org');
  });

  it('gives a tracked link the id of the clean link', () => {
    const clean = 'https://example.org/story';
    const a = cleanArticle(article('Text of the story, long enough.', { url: `${clean}?utm_source=x#top`, id: articleId(`${clean}?utm_source=x#top`, 's') }));
    expect(a.url).toBe(clean);
    expect(a.id).toBe(articleId(clean, 'anything'));
  });
});
