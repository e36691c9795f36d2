// Whole scraped pages written for these tests (not the seeds): each kind of
// furniture goes, every sentence of the article stays.
import { describe, expect, it } from 'vitest';
import { cleaned } from './helpers.js';

describe('cleaning scraped pages', () => {
  it('strips a blog repost down to the article', async () => {
    const a = await cleaned('blog-repost.txt');
    expect(a.title).toBe('Ferry strike ends in Lundhaven – But will the new timetable hold? – Our take');
    expect(a.text).toBe([
      'Ferry crews in Lundhaven returned to work on Tuesday after the union accepted a pay rise of six percent, ending a strike that had stranded island commuters for nine days.',
      'The ferry company said more than 12,000 commuters subscribe to its season ticket, and that it would refund the days lost. Residents who commented on the new timetable asked for an earlier morning crossing.',
      '"We are glad the boats are running again," said Petra Olund, who chairs the island council. She said the council would follow the talks on the winter timetable closely.',
    ].join('\n\n'));
  });

  it('strips a news page: trail, repeated headline, label, glued caption, link line, sources, hashtags, comments', async () => {
    const a = await cleaned('news-page.txt');
    expect(a.title).toBe('Space telescope sends first images of the Tavel nebula');
    expect(a.text).toBe([
      'The new Arcturus space telescope has sent its first images back to Earth, showing the Tavel nebula in more detail than ever before. Scientists at the Orbis institute called the pictures "a gift". The team spent eleven years building the instrument, which cost 1.2 billion euros (about 1.3 billion dollars). Its mirror is six metres wide.',
      'The first science results are expected in the autumn, the institute said.',
    ].join('\n\n'));
  });

  it('takes the headline from the body when the first line is a trail in front of a truncated headline', async () => {
    const a = await cleaned('breadcrumb-title.txt');
    expect(a.title).toBe('Veteran rider Ana Krell wins the mountain stage of the Tour of Varn after a late attack');
    expect(a.text.split('\n\n')).toEqual([
      'Ana Krell, 38, won the queen stage of the Tour of Varn on Sunday after attacking alone four kilometres from the summit.',
      'Krell now leads the race by 41 seconds, with two stages left to ride.',
    ]);
  });

  it('keeps every sentence of an article that talks about subscribers, comments, sharing and donations', async () => {
    const a = await cleaned('plain-article.txt');
    expect(a.title).toBe('Streaming service adds a cheaper plan with adverts');
    expect(a.text.split('\n\n')).toEqual([
      'The streaming service Flicknest will offer a cheaper plan with adverts from next month, the company said on Thursday.',
      'About 4 million people subscribe to the service in Europe, and the company hopes the new plan will bring in younger viewers. Subscribers on the current plans will not see adverts.',
      'Analysts who follow the company said the move could lift revenue. Readers can share their views in a public consultation that the regulator opened on Monday, and more than 900 comments have already been posted.',
      'Comments from viewers were mostly positive, the company added. One reader wrote that she would "happily donate an evening of adverts for a lower bill".',
      'The plan costs 5.99 euros a month.',
    ]);
  });
});
