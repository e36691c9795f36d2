// Stories written for the summarizer tests (invented news, not copied from anywhere).
import type { Article, Story } from '../../src/types.js';

/** An article with the given title and text. */
export function article(title: string, text: string, extra: Partial<Article> = {}): Article {
  return { id: title.toLowerCase().replace(/\W+/g, '-'), title, url: null, outlet: 'Test', published: null, text, source: `${title}.txt`, tags: [], ...extra };
}

/** A story of the given articles, titled after the first. */
export function story(...articles: Article[]): Story {
  return { id: articles[0]!.id, title: articles[0]!.title, articles };
}

export const harbourTitle = 'Harbour bridge to close for six months of repairs';

export const harbourText = `Home > Local > Transport

Harbour bridge to close for six months of repairs

The city council voted on Tuesday to close the Harbour Bridge for six months from March so that engineers can replace its corroded steel cables.

The bridge carries about 40,000 vehicles a day, and the closure will force commuters onto the ring road and the ferry.

Engineers found last year that several of the bridge's cables had lost a fifth of their strength to corrosion. "We cannot keep the bridge open safely without this work," said Dr. Ana Ruiz, the council's chief engineer.

The repairs will cost $42.5 million, of which the national government will pay about half. Council members argued for two hours over how to pay the rest.

Ferry operators said they would add crossings every fifteen minutes at rush hour during the closure. Bus routes 4 and 9 will be diverted over the ring road.

Local shop owners near the bridge said they feared losing customers for half a year. "Our street will be empty. Nobody will come," said one baker.

The council said the bridge would reopen in September, in time for the autumn festival.

Share this article on Facebook

FOLLOW US ON TWITTER FOR MORE NEWS!

Photo: city council press office, all rights reserved.

Read more at https://example.com/news/bridge today.

#bridge #repairs #council

Leave a reply

Please enter your comment!`;

export const harbour = (): Story => story(article(harbourTitle, harbourText));

/** Another outlet's version of the same story: partly the same facts, reworded or copied, plus one new fact. */
export const harbourRepostText = `The city council voted on Tuesday to close the Harbour Bridge for six months from March so that engineers can replace its corroded steel cables.

The bridge carries about 40,000 vehicles a day, and the closure will force commuters onto the ring road and the ferry.

The council voted on Tuesday to shut the Harbour Bridge for six months from March so engineers can replace corroded steel cables.

A petition against the closure has gathered 12,000 signatures in three days, its organisers said.

The repairs will cost $42.5 million, of which the national government will pay about half.`;
