// A wire dateline ("Jerusalem (CNN)", "LONDON (Reuters) -") is where a report
// was filed, not its first words: the summary opens with the lede itself, and
// the reading rules judge the lede's real first word.
import { describe, expect, it } from 'vitest';
import { withoutDateline } from '../../src/summarize/dateline.js';
import { opensDangling } from '../../src/summarize/dangling.js';
import { extractiveSummary } from '../../src/summarize/extractive.js';
import type { Story } from '../../src/types.js';

describe('wire datelines', () => {
  it('are taken off the front of a lede, with the place, date and agency', () => {
    expect(withoutDateline('(CNN) Singer-songwriter David Crosby hit a jogger with his car Sunday evening, a spokesman said.'))
      .toBe('Singer-songwriter David Crosby hit a jogger with his car Sunday evening, a spokesman said.');
    expect(withoutDateline('Port Gibson, Mississippi (CNN) An African-American man is found hanging from a tree.')).toBe('An African-American man is found hanging from a tree.');
    expect(withoutDateline('LONDON (Reuters) - Britain said on Monday it would cut the tax.')).toBe('Britain said on Monday it would cut the tax.');
    expect(withoutDateline('WASHINGTON, March 3 (AP) — The Senate voted 52-48 on Tuesday.')).toBe('The Senate voted 52-48 on Tuesday.');
    expect(withoutDateline('(The Hollywood Reporter) It\'s official: AMC is moving forward with the series.')).toBe('It\'s official: AMC is moving forward with the series.');
  });

  it('leave brackets inside a sentence alone', () => {
    for (const s of ['Shares of Apple (AAPL) rose 3% on Monday.', 'The company (Acme) said profits rose.', 'NASA (the space agency) said the launch was delayed.', 'A report by the IMF (International Monetary Fund) found growth slowing.']) {
      expect(withoutDateline(s)).toBe(s);
    }
  });

  it('do not hide a lede that leans on what came before', () => {
    expect(opensDangling(['(CNN) He doesn\'t wear a uniform or hold an official rank, but Hadi Al-Amari is a powerful military leader in Iraq.'])).toBe(true);
    expect(opensDangling(['Havana, Cuba (CNN) So what has Alan Gross been up to since he was released from a Cuban prison?'])).toBe(true);
    expect(opensDangling(['(CNN) Hadi Al-Amari is a powerful military leader in Iraq.'])).toBe(false);
  });

  it('are not in the summary', () => {
    const text = 'Istanbul (CNN) A prosecutor involved in a controversial case died Tuesday after he was shot during a hostage siege in an Istanbul courthouse. '
      + 'Mehmet Selim Kiraz was taken hostage by two gunmen who stormed the courthouse, officials said. '
      + 'Security forces ended the siege after six hours, and both gunmen were killed.';
    const story: Story = { id: 's', title: 'Prosecutor dies after Istanbul courthouse siege', articles: [{ id: 'a', title: 'Prosecutor dies after Istanbul courthouse siege', url: null, outlet: 'CNN', published: null, text, source: 'a', tags: [] }] };
    const summary = extractiveSummary(story, { sentences: 2, words: 0 });
    expect(summary[0]).toBe('A prosecutor involved in a controversial case died Tuesday after he was shot during a hostage siege in an Istanbul courthouse.');
  });
});
