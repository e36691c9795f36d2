// One kind of furniture at a time, in text written for the test, and the
// article sentences that look like furniture but are not.
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/clean/index.js';
import { trailBefore } from '../../src/clean/furniture.js';
import { article } from './helpers.js';

const BODY = 'The council approved the new budget on Monday after a long debate about school funding and road repairs.';
const clean = (text: string, title = 'Council approves budget') => cleanArticle(article(text, { title }));
const paragraphs = (text: string, title?: string) => clean(text, title).text.split('\n\n');

describe('furniture rules', () => {
  it('reads an article without a title whose line is cut off with an ellipsis', () => {
    const teaser = 'Stormy Daniels, whose real name is Stephanie Clifford, is suing President…';
    expect(paragraphs(`${teaser}\n\n${BODY}`, '')).toEqual([teaser, BODY]);
  });

  it('drops stray counters, hashtag lines and share rows', () => {
    expect(paragraphs(`3\n\n${BODY}\n\n1.2K shares\n\n#budget #council #schools\n\nShare on Facebook Share on X Email`)).toEqual([BODY]);
  });

  it('drops a separator breadcrumb and the headline repeated at the top', () => {
    expect(paragraphs(`News / Local / Politics\nCouncil approves budget\n\n${BODY}`)).toEqual([BODY]);
  });

  it('drops a headline variant shown twice at the top, but keeps a repeated sentence deeper in', () => {
    const variant = 'Budget passes after long council debate';
    expect(paragraphs(`${variant}\n${variant}\n\n${BODY}`)).toEqual([BODY]);
  });

  it('cuts a comment section from its marker to the end', () => {
    const comments = `${BODY}\n\n${BODY.replace('Monday', 'Tuesday')}\n\n4 Comments\n\nAnna: Finally!\n\nBo: Too little for the roads.\n\nLeave a reply`;
    expect(paragraphs(comments)).toEqual([BODY, BODY.replace('Monday', 'Tuesday')]);
  });

  it('drops a comment count at the top without cutting the article after it', () => {
    expect(paragraphs(`12 comments\n\n${BODY}\n\nThe vote was 31 to 12.`)).toEqual([BODY, 'The vote was 31 to 12.']);
  });

  it('drops comment forms and anti-spam notices', () => {
    const forms = `${BODY}\n\nPlease enter your comment!\nPlease enter your name here\nYour email address will not be published.\nThis site uses Akismet to reduce spam. Learn how your comment data is processed.`;
    expect(paragraphs(forms)).toEqual([BODY]);
  });

  it('drops calls to subscribe, follow and donate, with the thanks that close them', () => {
    const calls = `${BODY}\n\n${BODY}\n\nDon't forget to subscribe to our newsletter for daily updates!\n\nFind us on Instagram and Threads. Thanks for reading!\n\nSupport our journalism: you can donate today.`;
    expect(paragraphs(calls)).toEqual([BODY, BODY]);
  });

  it('keeps third-person sentences about subscribing, following, sharing, donating and comments', () => {
    const news = [
      'About 40,000 households subscribe to the city paper, the publisher said.',
      'Donors can give to the school fund through the council website, officials said.',
      'The mayor declined to comment on the vote. Reporters who follow the council expect another debate in June.',
      'Residents shared photos of the flooded road, and 200 comments were posted under the council notice.',
    ];
    expect(paragraphs([BODY, ...news].join('\n\n'))).toEqual([BODY, ...news]);
  });

  it('keeps lines that only look like furniture: quotes, labels inside the article, slashes, a sentence used as title', () => {
    const kept = [
      '“We need everyone who is in a position to help us,” the police chief said.',
      'He asked for public services that "support us all in an ageing society".',
      'Images show the damage to the roof',
      'Tickets cost $60/person/year and/or a one-off fee.',
      'Comments',
      'The table below lists each field with a short comment on its use.',
      'Comment',
    ];
    expect(paragraphs([BODY, ...kept].join('\n\n'))).toEqual([BODY, ...kept]);
    // A feed item without a headline: its first sentence serves as title and still opens the text.
    const long = `${BODY.slice(0, -1)}, which had lasted for most of the afternoon.`;
    expect(paragraphs(`${long}\n\nThe vote was 31 to 12.`, long)).toEqual([long, 'The vote was 31 to 12.']);
  });

  it('drops page labels, link lines and photo credits on their own line', () => {
    expect(paragraphs(`Advertisement\n\n${BODY}\n\nPhoto: Reuters\n\nRead more: Schools get new roofs\n\nRelated articles`)).toEqual([BODY]);
  });

  it('drops a short fragment caught between furniture, but keeps a subheading between paragraphs', () => {
    const text = `${BODY}\n\nWhat comes next\n\nThe plan goes to the regional office in May.\n\nShare this: Facebook X\n\nthe town hall blog\n\n2 Comments\n\nAnna: Good.`;
    expect(paragraphs(text)).toEqual([BODY, 'What comes next', 'The plan goes to the regional office in May.']);
  });

  it('removes a photo caption and credit glued into a paragraph, keeping the sentences around it', () => {
    const glued = 'The vote was close. The council chamber during the debate Photo: Lena Fisk/dpa Opposition members walked out.';
    expect(paragraphs(`${BODY}\n\n${glued}`)).toEqual([BODY, 'The vote was close. Opposition members walked out.']);
  });

  it('removes a bracketed list of sources at the end of a paragraph', () => {
    expect(paragraphs(`${BODY} [City Herald, Radio North]`)).toEqual([BODY]);
  });
});

describe('breadcrumb trails', () => {
  it('finds the trail in front of a truncated headline', () => {
    expect(trailBefore('Home Sport Tennis Local champion retires after twenty…', 'Local champion retires after twenty years on court')).toBe('Home Sport Tennis');
    expect(trailBefore('Local champion retires after twenty…', 'Local champion retires after twenty years on court')).toBeNull();
    expect(trailBefore('The local champion retires after twenty years', 'Local champion retires after twenty years on court')).toBeNull();
  });

  it('repairs a title that is a trail in front of the truncated headline', () => {
    const a = clean('Council approves record budget for schools and roads\n\n' + BODY, 'Home Local Council approves record budget for schools,...');
    expect(a.title).toBe('Council approves record budget for schools and roads');
    expect(a.text).toBe(BODY);
  });
});
