// The kinds of loss found in issue 16, each on text written for this test:
// cleaning removes furniture and never content, and says what it removed.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, cleanArticle, cleanWithReport } from '../../src/clean/index.js';
import { isSeparatorTrail } from '../../src/clean/rules.js';
import { article, cleaned } from './helpers.js';

const CASES = resolve('test', 'clean', 'fixtures', 'cases');
const BODY = 'The harbour board voted on Tuesday to dredge the eastern channel before the winter storms, at a cost of 4 million euros. Fishing crews had asked for the work for three years.';
const clean = (text: string, extra: Parameters<typeof article>[1] = {}) => cleanArticle(article(text, extra));

describe('repetition', () => {
  it('keeps a paragraph the article really repeats', () => {
    const chant = '“Open the channel!”';
    const a = clean(`${BODY}\n\nThe crowd on the quay chanted:\n\n${chant}\n\n${chant}\n\n${chant}\n\nThe board chair thanked them for coming.`);
    expect(a.text.split('\n\n').filter((p) => p === chant)).toHaveLength(3);
    expect(a.removed).toEqual({});
  });

  it('keeps a refrain of short lines and a quoted post full of hashtags', () => {
    const a = clean(`${BODY}\n\nThe fans sang along:\nna\nna\nna\nna\n\nShe posted: “#newharbour #proudtown #finally!”`);
    expect(a.text).toBe(`${BODY}\n\nThe fans sang along:\nna\nna\nna\nna\n\nShe posted: “#newharbour #proudtown #finally!”`.replace(/:\nna\nna\nna\nna/, ': na na na na'));
    expect(a.removed).toEqual({});
    expect(clean(`${BODY}\n\n“#newharbour #proudtown #finally!”`).text).toContain('#proudtown');
  });

  it('keeps one copy of a photo caption shown twice, and counts the other', () => {
    const caption = 'Dredgers at work in the western basin';
    const a = clean(`${BODY}\n\n${caption}\n${caption}\n\nThe work starts in March.`);
    expect(a.text.split('\n\n')).toEqual([BODY, caption, 'The work starts in March.']);
    expect(a.removed).toEqual({ 'repeated-line': 1 });
  });
});

describe('the headline', () => {
  it('keeps a body that is only the title, rather than dropping the article', () => {
    const report = cleanWithReport([article('Harbour reopens', { title: 'Harbour reopens' })]);
    expect(report.articles.map((a) => a.text)).toEqual(['Harbour reopens']);
    expect(report.dropped).toEqual([]);
  });

  it('keeps an H1 that differs from the page title, and cuts the site name from the title', async () => {
    const a = await cleaned(resolve(CASES, 'heading-differs.html'));
    expect(a.title).toBe('Board approves dredging of the eastern channel');
    expect(a.text.split('\n\n')[0]).toBe('What the dredging means for the small boats');
    expect(a.text).toContain('A dredger at work in the western basin last spring.');
    expect(a.removed).toEqual({ 'site-suffix': 1 });
  });

  it('cuts " – My website" or "Site | " only when it is the outlet\'s name', () => {
    expect(clean(BODY, { title: 'Channel to be dredged – My website', outlet: 'My website' }).title).toBe('Channel to be dredged');
    expect(clean(BODY, { title: 'Harbour Times | Channel to be dredged', outlet: 'harbourtimes.example' }).title).toBe('Channel to be dredged');
    expect(clean(BODY, { title: 'Channel to be dredged – a view from the quay', outlet: 'My website' }).title).toBe('Channel to be dredged – a view from the quay');
  });

  it('keeps a numbered title with dashes and a site name, instead of taking the byline for it', () => {
    const a = clean(`By Ines Moreau\n\n${BODY}`, { title: 'Weekly Notes #117 - 2.3 in sight | Brickworks', outlet: 'Brickworks' });
    expect(a.title).toBe('Weekly Notes #117 - 2.3 in sight');
    expect(a.text).toContain(BODY);
  });
});

describe('breadcrumbs', () => {
  it('finds trails with one separator between short names', () => {
    for (const trail of ['Home › News › Harbour', 'News / Local / Harbour', 'Home | Travel | Ferries', 'Start » Region » Kestrel Bay', '首页＞新闻＞国际', 'ホーム › ニュース › 経済', '首页 | 新闻 | 港口']) expect(isSeparatorTrail(trail), trail).toBe(true);
  });

  it('does not fire on prose: Chinese names with "·", a numbered title, SQL, ranges', () => {
    for (const prose of [
      '委员会主席安娜·卡尔松·林德表示·工程将于三月开始',
      'Weekly Notes #117 - 2.3 in sight | Brickworks',
      'SELECT line - 1 AS line_index, COUNT(*) / 12 AS per_month',
      'FROM departures - delays / stops',
      'scores 3 - 1 - 0 in the last games',
      '港口委员会周二批准了东部航道的疏浚计划＞委员会主席表示＞工程将于三月开始',
    ]) expect(isSeparatorTrail(prose), prose).toBe(false);
  });

  it('keeps a Chinese article whole', async () => {
    const a = await cleaned(resolve(CASES, 'prose-zh.txt'));
    expect(a.text.split('\n\n')).toHaveLength(3);
    expect(a.text).toContain('安娜·卡尔松');
    expect(a.removed).toEqual({});
  });
});

describe('code and credits', () => {
  it('never cleans a code block line by line, and keeps its line breaks', async () => {
    const a = await cleaned(resolve(CASES, 'code-block.md'));
    const block = a.text.split('\n\n')[1]!;
    expect(block.split('\n')).toEqual([
      'SELECT line - 1 AS line_index, COUNT(*) / 12 AS per_month',
      'FROM departures - delays',
      'WHERE minutes_late > 3',
      'GROUP BY line / 2',
      'SELECT line - 1 AS line_index, COUNT(*) / 12 AS per_month',
    ]);
    expect(a.removed).toEqual({});
  });

  it('keeps "Credit…" lines of a news page, and removes a credit beside a photo label', async () => {
    const a = await cleaned(resolve(CASES, 'credits.txt'));
    expect(a.text.match(/Credit…/g)).toHaveLength(2);
    expect(a.removed).toEqual({});
    const labelled = clean(`${BODY}\n\nPhoto: Harbour board\nCredit: Jens Ahl\n\nThe work starts in March.`);
    expect(labelled.text).toBe(`${BODY}\n\nThe work starts in March.`);
    expect(labelled.removed).toEqual({ 'photo-credit': 2 });
  });
});

describe('rules that would take most of an article', () => {
  it('do not fire, and the others still do', () => {
    const short = 'Share the road with the trams, the council asks cyclists in its new campaign.';
    const a = clean(`${short}\n\nShare on Facebook Share on X Email`, { title: 'Trams' });
    expect(a.text).toBe(short);
    expect(a.removed).toEqual({ 'share-row': 1 });
    // All of this one is "headline again" by shape, so nothing goes.
    expect(clean('Channel to be dredged\nChannel to be dredged', { title: 'Channel to be dredged' }).text).not.toBe('');
  });
});

describe('URLs', () => {
  it('keeps a bare parameter as written', () => {
    expect(canonicalUrl('https://example.org/view?item&utm_source=x')).toBe('https://example.org/view?item');
    expect(canonicalUrl('https://example.org/view?b=2&item&a=1')).toBe('https://example.org/view?a=1&b=2&item');
    expect(canonicalUrl('https://example.org/view?q=a%20b&x=')).toBe('https://example.org/view?q=a%20b&x=');
  });
});

describe('the same block on every page of a site', () => {
  it('goes from each of the site\'s articles; a quote two outlets share stays', () => {
    const footer = 'Got a tip about the harbour? Write to the newsroom at tips@harbour.example.';
    const quote = '“We will open the channel before the storms,” the board chair said.';
    const bodies = ['The ferry runs late again this week.', 'The fish market moves to the quay.', 'A new crane arrives in March.'];
    const site = bodies.map((b, i) => article(`${b} ${BODY}\n\n${quote}\n\n${footer}`, { id: `s${i}`, outlet: 'Harbour Times', source: `s${i}.txt`, title: `Story ${i}` }));
    const other = article(`${BODY.replace('Tuesday', 'Monday')}\n\n${quote}`, { id: 'o', outlet: 'Quay Post', source: 'o.txt' });
    const report = cleanWithReport([...site, other]);
    for (const a of report.articles.filter((x) => x.outlet === 'Harbour Times')) {
      expect(a.text).not.toContain(footer);
      expect(a.removed).toEqual({ 'site-boilerplate': 1 });
    }
    // The quote is on every page of the site too, but inside the article: reused background, which stays.
    for (const a of report.articles) expect(a.text).toContain(quote);
  });
});
