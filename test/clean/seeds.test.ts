// The two curated articles this project started from, as scraped: after
// cleaning, no furniture is left and the article text is whole.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleaned } from './helpers.js';

const SEEDS = resolve('..', 'shared', 'seeds');
const BLOG = resolve(SEEDS, '000_53142c9a06c61052.txt');
const NEWS = resolve(SEEDS, '002_a82f7b581be31684.txt');

/** Furniture of any kind that must not survive, whatever the page. */
const FURNITURE = [/\bsubscribe to\b/i, /\bfollow us\b/i, /donation/i, /\bcomments?\b.*$/im, /leave a reply/i, /please enter your/i, /akismet/i, /#\w+ #\w+/, /^\d+$/m, /^Home\b/m, /Photo:/];

if (!existsSync(SEEDS)) console.log(`skipped: ${SEEDS} is missing (shared seeds)`);
describe.skipIf(!existsSync(SEEDS))('the seeds, cleaned', () => {
  it('the blog repost keeps its article and loses prompts, blog name, comment thread and form', async () => {
    const a = await cleaned(BLOG);
    console.log(`seed blog: removed ${JSON.stringify(a.removed)}`);
    for (const f of FURNITURE) expect(a.text).not.toMatch(f);
    expect(a.text).not.toMatch(/qfiles/i);
    expect(a.text).not.toMatch(/^North Korea hacked a record 400 million dollars in cryptocurrencies in 2021$/m);
    expect(a.text.startsWith('North Korea stole nearly $400 million in cryptocurrency in 2021')).toBe(true);
    expect(a.text).toContain('Plante said.');
    expect(a.text.endsWith('Even in western countries.')).toBe(true);
  });

  it('the news article gets its headline back from the breadcrumb and loses trail, repeats, caption, hashtags and form', async () => {
    const a = await cleaned(NEWS);
    console.log(`seed news: removed ${JSON.stringify(a.removed)}`);
    expect(a.title).toBe('North Korea: Dictator Kim Jong-un stole millions of dollars in crypto coal, according to US report');
    for (const f of FURNITURE) expect(a.text).not.toMatch(f);
    expect(a.text).not.toContain(a.title);
    expect(a.text).not.toContain('propaganda photo');
    expect(a.text).toContain('last year! This is reported');
    expect(a.text).toContain('(around 350 million euros). Kim Jong-un’s hackers');
    expect(a.text).toContain('in ten days. North Korea’s foreign ministry');
    expect(a.text.endsWith('through the United Nations.')).toBe(true);
  });
});
