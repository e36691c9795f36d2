// The story headline rules, each with real titles: the seeds, the news-events
// set (../shared/data/news-events) and ECB+ first lines, copied here as text.
import { describe, expect, it } from 'vitest';
import { chooseHeadline, headlinePenalty, stripOutletSuffix } from '../../src/cluster/headline.js';

const a = (title: string, text = '', outlet = 'an outlet') => ({ title, text, outlet });

describe('chooseHeadline', () => {
  it('prefers the news outlet\'s plain report to the blog\'s "– Any link?" (the seeds)', () => {
    const blog = a('North Korea hacked record $400 million in cryptocurrency in 2021 – And they have just launched 3 hypersonic missiles in 2 weeks – Any link?',
      'North Korea stole nearly $400 million in cryptocurrency in 2021, particularly ethereum, researchers have found.');
    const news = a('North Korea: Dictator Kim Jong-un stole millions of dollars in crypto coal, according to US report',
      'The minions of North Korea-Dictator Kim grabbed millions of dollars in crypto cash last year! This is reported by a team of experts from the blockchain data platform Chainalysis.');
    expect(chooseHeadline([blog, news])).toBe(news.title);
    expect(chooseHeadline([news, blog])).toBe(news.title);
  });

  it('prefers a statement to a question', () => {
    const question = a('The Panama Papers: Where have Russia’s billions gone?', 'The Panama Papers leak names associates of Vladimir Putin.');
    const report = a('Panama Papers scandal sparks chorus of denials', 'Leaders named in the Panama Papers leak denied wrongdoing.');
    expect(chooseHeadline([question, report])).toBe(report.title);
  });

  it('prefers a report to a teaser or a list', () => {
    const titles = [
      a('Panama Papers: Here\'s What You Need To Know (So Far)', 'A leak of 11.5 million files from the Panama law firm Mossack Fonseca.'),
      a('The Panama Papers: 7 things to know', 'The leak of files from Mossack Fonseca names world leaders.'),
      a('Panama Papers: German paper publishes ‘biggest leak in history’ on corruption', 'The German paper Süddeutsche Zeitung published the Panama Papers, files leaked from Mossack Fonseca.'),
    ];
    expect(chooseHeadline(titles)).toBe(titles[2]!.title);
  });

  it('prefers a plain title to a live blog, shouting or an exclamation', () => {
    const live = a('Bitcoin Price LIVE: As BTC falls past $6k - \'Buttcoin\' community celebrate with champagne', 'Bitcoin fell below $6,000.');
    const plain = a('Bitcoin price falls below $6,000 as banker signals crackdown', 'Bitcoin fell below $6,000 after the head of the BIS called it a Ponzi scheme.');
    expect(chooseHeadline([live, plain])).toBe(plain.title);
    const shout = a('‘Caught RED HANDED!’ Trump claims China selling oil to N. Korea despite sanctions', 'Trump said China was caught selling oil to North Korea.');
    const report = a('Trump accuses China of allowing oil into North Korea', 'Trump said China was caught selling oil to North Korea despite sanctions.');
    expect(chooseHeadline([shout, report])).toBe(report.title);
  });

  it('passes over a title that says nothing or is cut off', () => {
    const text = 'A plane crash in Costa Rica killed 12 people, including 10 Americans.';
    const titles = [a('NPR Search : NPR', text), a('Costa Rica plane crash kills 12, including 10 U.S....', text), a('12 killed in Costa Rica plane crash', text)];
    expect(chooseHeadline(titles)).toBe('12 killed in Costa Rica plane crash');
  });

  it('prefers a headline to a whole first sentence used as a title (ECB+)', () => {
    const sentence = a('Philadelphia 76ers management had enough of the NBA team lurking near the bottom of the Eastern Conference standings and fired head coach Maurice Cheeks on Saturday.', 'The 76ers fired Maurice Cheeks.');
    const headline = a('76ers fire coach Maurice Cheeks after 9-14 start', 'The Philadelphia 76ers fired coach Maurice Cheeks on Saturday.');
    expect(chooseHeadline([sentence, headline])).toBe(headline.title);
  });

  it('among plain titles, takes the one that states what the other sources also say', () => {
    const text = (s: string) => `${s} The crash of the private plane in Costa Rica killed 12 people, ten of them Americans.`;
    const titles = [
      a('2 American Families Are Mourned After Plane Crash in Costa Rica', text('Two families are mourned.')),
      a('10 Americans among 12 dead in Costa Rica plane crash', text('')),
      a('Costa Rica plane crash leaves 12 dead', text('')),
    ];
    expect(chooseHeadline(titles)).toBe('10 Americans among 12 dead in Costa Rica plane crash');
  });

  it('gives a lone article its own title, and refuses no articles', () => {
    expect(chooseHeadline([a('Hewitt decries \'career sexism\'')])).toBe('Hewitt decries \'career sexism\'');
    expect(() => chooseHeadline([])).toThrow(/at least one/);
  });
});

describe('headlinePenalty', () => {
  it('is 0 for plain BBC headlines', () => {
    for (const t of ['Howard rebuts asylum criticisms', 'Nat Insurance to rise, say Tories', 'Labour plans maternity pay rise']) expect(headlinePenalty(t)).toBe(0);
  });
  it('counts "live" and "watch" only as markers, not as words', () => {
    expect(headlinePenalty('Polar bears live longer on thicker sea ice')).toBe(0);
    expect(headlinePenalty('Watchdog probes e-mail deletions')).toBe(0);
    expect(headlinePenalty('Watch the SpaceX Falcon Heavy Rocket Launch Today')).toBeGreaterThan(0);
  });
});

describe('stripOutletSuffix', () => {
  it('removes a suffix that is the outlet\'s name', () => {
    expect(stripOutletSuffix('Version 1.1 released | Factorio', 'Factorio')).toBe('Version 1.1 released');
    expect(stripOutletSuffix('Notes on tram timetables – My website', 'My Website')).toBe('Notes on tram timetables');
    expect(stripOutletSuffix('Bitcoin price falls below $6,000 | The Guardian', 'www.theguardian.com')).toBe('Bitcoin price falls below $6,000');
  });
  it('keeps a suffix that is part of the headline', () => {
    expect(stripOutletSuffix('Brexit – what happens next', 'BBC')).toBe('Brexit – what happens next');
    expect(stripOutletSuffix('Costa Rica plane crash - 12 dead', 'CNN')).toBe('Costa Rica plane crash - 12 dead');
  });
});
