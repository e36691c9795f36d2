// The public pages: plain HTML that works without JavaScript, with a language,
// labelled fields and one heading each. Templates are compiled once on a
// Handlebars instance of our own, which escapes every {{value}}, so nothing a
// visitor typed can become markup.
import { createHash } from 'node:crypto';
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
  input[type=email], select { font: inherit; width: 100%; max-width: 24rem; padding: 0.45rem; border: 1px solid #555; border-radius: 3px; box-sizing: border-box; background: #fff; }
  fieldset { border: 0; padding: 0; margin: 1.2rem 0 0; }
  legend { font-weight: bold; margin-bottom: 0.3rem; padding: 0; }
  fieldset label { display: inline; font-weight: normal; }
  .field { margin-top: 1.2rem; }
  .hint { margin: 0.2rem 0 0; font-size: 0.9rem; color: #555; }
  button { font: inherit; margin-top: 0.8rem; padding: 0.5rem 1.2rem; border: 0; border-radius: 3px; background: #1a4d8f; color: #fff; cursor: pointer; }
  button:focus, input:focus, select:focus, a:focus { outline: 3px solid #f3b23c; outline-offset: 2px; }
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

/** A page template: `source` is a Handlebars body (escaping every {{value}}) wrapped in the layout. */
export const page = (source: string) => {
  const body = hbs.compile(source, { strict: false });
  return (site: SiteInfo, title: string, data: object = {}) => layout(site, title, body({ ...data, site }));
};

/**
 * The one script any page runs: it picks the visitor's own time zone in the
 * subscribe form. Without JavaScript the select simply stays on the list's
 * zone. Allowed by its hash in the CSP (security.ts), so no other script runs.
 */
export const TIMEZONE_SCRIPT = "(function(){var s=document.getElementById('timezone');var z;try{z=Intl.DateTimeFormat().resolvedOptions().timeZone}catch(e){return}if(!s||!z||s.value)return;for(var i=0;i<s.options.length;i++){if(s.options[i].value===z){s.value=z;return}}})();";
export const TIMEZONE_SCRIPT_HASH = `sha256-${createHash('sha256').update(TIMEZONE_SCRIPT).digest('base64')}`;

/** Every IANA zone this runtime knows, for the time zone selects (worked out once). */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

/** The <option>s of a time zone select: the list's zone as the empty choice, `selected` chosen. */
export function zoneOptions(selected: string | null, listZone: string): { value: string; label: string; selected: boolean }[] {
  const zones = selected && !TIME_ZONES.includes(selected) ? [selected, ...TIME_ZONES] : TIME_ZONES;
  return [
    { value: '', label: `The list's time zone (${listZone})`, selected: !selected },
    ...zones.map((z) => ({ value: z, label: z.replaceAll('_', ' '), selected: z === selected })),
  ];
}

hbs.registerPartial('zoneSelect', `<select id="timezone" name="timezone"{{#if zoneError}} aria-invalid="true" aria-describedby="timezone-error"{{/if}}>
{{#each zones}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>
{{/each}}</select>`);

const SUBSCRIBE = page(`<p>A short daily digest of the news that matters, by email. We send you one mail to confirm the address first; nothing else until you do.</p>
<form method="post" action="{{site.base}}subscribe">
  <label for="email">Your email address</label>
  {{#if error}}<p id="email-error" class="error" role="alert">{{error}}</p>{{/if}}
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="{{email}}"{{#if error}} aria-invalid="true" aria-describedby="email-error"{{/if}}>
  <div class="field">
  <label for="timezone">Your time zone</label>
  {{#if zoneError}}<p id="timezone-error" class="error" role="alert">{{zoneError}}</p>{{/if}}
  {{> zoneSelect}}
  <p class="hint">The issue arrives by this clock; you can change it, the hour and the topics later from any issue.</p>
  </div>
  <button type="submit">Subscribe</button>
</form>
<script>{{{script}}}</script>
<footer><p>Every issue has a one-click unsubscribe link.</p></footer>`);

const CHECK_INBOX = page(`<p>If {{email}} can be subscribed, a confirmation mail is on its way to it. Open the link in that mail to start receiving {{site.listName}}.</p>
<p>Asked again within a few minutes? Then no second mail is sent (so the form cannot flood a mailbox): the link in the first one works, so use that.</p>
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

/** The subscribe form, optionally with an error about what was typed (the address, or the time zone). */
export const subscribePage = (site: SiteInfo, listZone: string, data: { email?: string; error?: string; timezone?: string; zoneError?: string } = {}) =>
  SUBSCRIBE(site, data.error ? 'Check the address' : data.zoneError ? 'Check the time zone' : `Subscribe to ${site.listName}`,
    { ...data, zones: zoneOptions(data.timezone ?? null, listZone), script: TIMEZONE_SCRIPT });

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
