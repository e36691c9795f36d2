// The preferences page: one plain form (no script needed) for the time zone,
// the hour, daily or weekly (and the day), and the topics. Every value shown
// goes through Handlebars' escaping; the token rides in a hidden field so the
// form's action URL carries nothing secret.
import { describePreferences, WEEKDAYS, dayName, type Preferences } from '../subscribers/preferences.js';
import { page, zoneOptions, type SiteInfo } from './pages.js';

/** Per-field messages for values the page refused (the other fields were saved). */
export interface FieldErrors {
  timezone?: string;
  hour?: string;
  frequency?: string;
  topics?: string;
}

const FORM = page(`<p>How and when {{email}} gets {{site.listName}}.</p>
{{#if saved}}<p role="status"><strong>Saved.</strong> You now get it {{summary}}.</p>{{else}}<p>Now: {{summary}}.</p>{{/if}}
{{#if anyError}}<p class="error" role="alert">Some of your changes were not saved; see the field{{#if manyErrors}}s{{/if}} marked below. Everything else was saved.</p>{{/if}}
<form method="post" action="{{site.base}}preferences">
  <input type="hidden" name="token" value="{{token}}">
  <div class="field">
  <label for="timezone">Time zone</label>
  {{#if errors.timezone}}<p id="timezone-error" class="error">{{errors.timezone}}</p>{{/if}}
  {{> zoneSelect zoneError=errors.timezone}}
  </div>
  <div class="field">
  <label for="hour">Delivery hour</label>
  {{#if errors.hour}}<p id="hour-error" class="error">{{errors.hour}}</p>{{/if}}
  <select id="hour" name="hour"{{#if errors.hour}} aria-invalid="true" aria-describedby="hour-error"{{/if}}>
  {{#each hours}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>
  {{/each}}</select>
  <p class="hint">By the clock of the time zone above.</p>
  </div>
  <fieldset{{#if errors.frequency}} aria-describedby="frequency-error"{{/if}}>
  <legend>How often</legend>
  {{#if errors.frequency}}<p id="frequency-error" class="error">{{errors.frequency}}</p>{{/if}}
  <input type="radio" id="frequency-daily" name="frequency" value="daily"{{#if daily}} checked{{/if}}> <label for="frequency-daily">Every day</label><br>
  <input type="radio" id="frequency-weekly" name="frequency" value="weekly"{{#unless daily}} checked{{/unless}}> <label for="frequency-weekly">Once a week, the week's most important stories</label>
  <div class="field">
  <label for="day">Day of the weekly issue</label>
  <select id="day" name="day">
  {{#each days}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>
  {{/each}}</select>
  </div>
  </fieldset>
  <fieldset{{#if errors.topics}} aria-describedby="topics-error"{{/if}}>
  <legend>Topics</legend>
  {{#if errors.topics}}<p id="topics-error" class="error">{{errors.topics}}</p>{{/if}}
  {{#if topics.length}}
  <input type="hidden" name="topics-shown" value="1">
  {{#each topics}}<input type="checkbox" id="topic-{{@index}}" name="topics" value="{{name}}"{{#if checked}} checked{{/if}}> <label for="topic-{{@index}}">{{name}}</label><br>
  {{/each}}<p class="hint">Tick the sections you want. None ticked: every section.</p>
  {{else}}<p>The issue has no sections yet, so you get all of it.</p>{{/if}}
  </fieldset>
  <button type="submit">Save preferences</button>
</form>
<footer><p>Every issue links to this page, and to a one-click unsubscribe.</p></footer>`);

const NOT_SUBSCRIBED = page(`<p>{{email}} is not subscribed to {{site.listName}}, so there is nothing to set here.</p>
<p>Want it again? You can <a href="{{site.base}}subscribe">subscribe</a>.</p>`);

export interface PreferencesView {
  email: string;
  token: string;
  preferences: Preferences;
  /** The list's zone (GAZETTE_TZ), for "the list's time zone". */
  listZone: string;
  /** The section names in the editor's order. */
  sections: readonly string[];
  saved?: boolean;
  errors?: FieldErrors;
}

/** The preferences form, filled with `view.preferences`. */
export function preferencesPage(site: SiteInfo, view: PreferencesView) {
  const p = view.preferences;
  const chosen = new Set(p.topics.map((t) => t.toLowerCase()));
  // Topics kept from an older plan stay listed (and ticked), so saving the page never drops them unseen.
  const known = new Set(view.sections.map((s) => s.toLowerCase()));
  const names = [...view.sections, ...p.topics.filter((t) => !known.has(t.toLowerCase()))];
  const weeklyDay = p.frequency === 'daily' ? 'mon' : p.frequency.slice(7);
  const errors = view.errors ?? {};
  const errorCount = Object.values(errors).filter(Boolean).length;
  return FORM(site, 'Your preferences', {
    email: view.email,
    token: view.token,
    saved: view.saved,
    summary: describePreferences(p, view.listZone),
    errors,
    anyError: errorCount > 0,
    manyErrors: errorCount > 1,
    zones: zoneOptions(p.timezone, view.listZone),
    hours: [{ value: '', label: 'As soon as it is out', selected: p.hour === null }, ...Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00`, selected: p.hour === h }))],
    daily: p.frequency === 'daily',
    days: WEEKDAYS.map((d) => ({ value: d, label: dayName(d), selected: d === weeklyDay })),
    topics: names.map((name) => ({ name, checked: chosen.has(name.toLowerCase()) })),
  });
}

/** For an address that unsubscribed, bounced or complained: no form. */
export const notSubscribedPage = (site: SiteInfo, email: string) => NOT_SUBSCRIBED(site, 'Not subscribed', { email });
