// The public pages: plain HTML that works without JavaScript, with a language,
// labelled fields and one heading each. Templates are compiled once on a
// Handlebars instance of our own, which escapes every {{value}}, so nothing a
// visitor typed can become markup.
import Handlebars from 'handlebars';

const hbs = Handlebars.create();

const LAYOUT = hbs.compile(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{title}} · {{site.listName}}</title>
<style>
  body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 36rem; margin: 0 auto; padding: 1.5rem 1rem; color: #1b1b1b; background: #fffdf8; }
  h1 { font-size: 1.6rem; line-height: 1.25; }
  label { display: block; font-weight: bold; margin-bottom: 0.3rem; }
  input[type=email] { font: inherit; width: 100%; max-width: 24rem; padding: 0.45rem; border: 1px solid #555; border-radius: 3px; box-sizing: border-box; }
  button { font: inherit; margin-top: 0.8rem; padding: 0.5rem 1.2rem; border: 0; border-radius: 3px; background: #1a4d8f; color: #fff; cursor: pointer; }
  button:focus, input:focus, a:focus { outline: 3px solid #f3b23c; outline-offset: 2px; }
  .error { color: #a01818; font-weight: bold; }
  footer { margin-top: 2.5rem; font-size: 0.9rem; color: #555; }
</style>
</head>
<body>
<header><p><a href="{{site.base}}subscribe">{{site.listName}}</a></p></header>
<main>
<h1>{{title}}</h1>
{{{body}}}
</main>
</body>
</html>
`, { strict: false });

/** What every page shows of the site. */
export interface SiteInfo {
  listName: string;
  /** The path PUBLIC_URL serves from, ending in "/" ("/" or e.g. "/news/"); links are built on it. */
  base: string;
}

/** Wraps a page body (already-escaped HTML) in the site layout. */
export function layout(site: SiteInfo, title: string, body: string): string {
  return LAYOUT({ site, title, body });
}

const page = (source: string) => {
  const body = hbs.compile(source, { strict: false });
  return (site: SiteInfo, title: string, data: object = {}) => layout(site, title, body({ ...data, site }));
};

const SUBSCRIBE = page(`<p>A short daily digest of the news that matters, by email. We send you one mail to confirm the address first; nothing else until you do.</p>
<form method="post" action="{{site.base}}subscribe">
  <label for="email">Your email address</label>
  {{#if error}}<p id="email-error" class="error" role="alert">{{error}}</p>{{/if}}
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="{{email}}"{{#if error}} aria-invalid="true" aria-describedby="email-error"{{/if}}>
  <button type="submit">Subscribe</button>
</form>
<footer><p>Every issue has a one-click unsubscribe link.</p></footer>`);

const CHECK_INBOX = page(`<p>If {{email}} can be subscribed, a confirmation mail is on its way to it. Open the link in that mail to start receiving {{site.listName}}.</p>
<p>Nothing arrived after a few minutes? Check the spam folder, or <a href="{{site.base}}subscribe">try again</a>.</p>`);

const CONFIRMED = page(`<p>{{email}} is now subscribed to {{site.listName}}. The next issue will be in your inbox.</p>
<p>Every issue ends with a link to unsubscribe in one click.</p>`);

const UNSUBSCRIBE_FORM = page(`<p>Stop sending {{site.listName}} to {{email}}?</p>
<form method="post" action="{{action}}">
  <input type="hidden" name="List-Unsubscribe" value="One-Click">
  <input type="hidden" name="via" value="page">
  <button type="submit">Unsubscribe</button>
</form>`);

const UNSUBSCRIBED = page(`<p>{{email}} will not receive {{site.listName}} any more.</p>
<p>Was this a mistake? You can <a href="{{site.base}}subscribe">subscribe again</a>.</p>`);

const NOTICE = page(`<p>{{message}}</p>{{#if offerSubscribe}}
<p><a href="{{site.base}}subscribe">Go to the subscribe page</a></p>{{/if}}`);

/** The subscribe form, optionally with an error about what was typed. */
export const subscribePage = (site: SiteInfo, data: { email?: string; error?: string } = {}) =>
  SUBSCRIBE(site, data.error ? 'Check the address' : `Subscribe to ${site.listName}`, data);

/** The answer to every acceptable subscribe request, known address or not. */
export const checkInboxPage = (site: SiteInfo, email: string) => CHECK_INBOX(site, 'Check your inbox', { email });

/** After a confirm link worked. */
export const confirmedPage = (site: SiteInfo, email: string) => CONFIRMED(site, 'You are subscribed', { email });

/** The unsubscribe page: one button that POSTs the token back. */
export const unsubscribeFormPage = (site: SiteInfo, email: string, token: string) =>
  UNSUBSCRIBE_FORM(site, 'Unsubscribe', { email, action: `${site.base}unsubscribe?token=${encodeURIComponent(token)}` });

/** After an unsubscribe (or when already unsubscribed). */
export const unsubscribedPage = (site: SiteInfo, email: string) =>
  UNSUBSCRIBED(site, 'You are unsubscribed', { email });

/** A short message page (bad link, too many requests, not found, error). */
export const noticePage = (site: SiteInfo, title: string, message: string, offerSubscribe = false) =>
  NOTICE(site, title, { message, offerSubscribe });
