// GET /preferences?token=…: the reader's own settings, from the link in every
// issue's footer (signed like the unsubscribe link, no login).
// POST /preferences: the form, token in a hidden field. Each field is checked
// with the same parse functions as the CSV import; the good ones are saved
// (recorded in the subscriber's history) and a bad one is named on the page,
// so one tampered or stale value does not lose the rest of the changes. The
// page says what went wrong in the form's terms (a day to choose, a section
// to tick), not in the CSV's (weekly:<day>, names separated by ;), and takes
// only the topics it offered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readPreferencesToken } from '../../subscribers/links.js';
import { parseFrequency, parseHour, parseTimezone, parseTopics, type Frequency, type Parsed, type Preferences } from '../../subscribers/preferences.js';
import { DEPARTED } from '../../subscribers/store.js';
import type { Subscriber } from '../../subscribers/types.js';
import type { ServerContext } from '../index.js';
import { noticePage } from '../pages.js';
import { notSubscribedPage, preferencesPage, type FieldErrors } from '../preferences-page.js';
import { retryWhileBusy } from '../storage.js';

const HTML = 'text/html; charset=utf-8';

/** Registers GET and POST /preferences. */
export async function preferencesRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const listZone = ctx.listTimezone ?? 'UTC';
  const invalid = () => noticePage(ctx.site, 'This link does not work', 'This preferences link is not valid. Copy the whole link from the mail, or use the link in a more recent issue.');
  const sections = (request: FastifyRequest): readonly string[] => {
    try {
      return ctx.sections?.() ?? [];
    } catch (err) {
      // A broken issue.md stops the build, not this page: the reader can still set the rest.
      request.log.warn({ err }, 'preferences page: could not read the issue\'s sections');
      return [];
    }
  };
  const subscriberFor = async (token: unknown): Promise<Subscriber | null> => {
    const key = readPreferencesToken(ctx.tokens, token);
    return key === null ? null : ctx.store.find(key);
  };

  app.get('/preferences', async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    const subscriber = await subscriberFor(token);
    if (!subscriber) return reply.code(400).type(HTML).send(invalid());
    if (DEPARTED.includes(subscriber.status)) return reply.type(HTML).send(notSubscribedPage(ctx.site, subscriber.email));
    return reply.type(HTML).send(preferencesPage(ctx.site, {
      email: subscriber.email, token: token as string, preferences: subscriber.preferences, listZone, sections: sections(request),
    }));
  });

  app.post('/preferences', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const subscriber = await subscriberFor(body.token);
    if (!subscriber) return reply.code(400).type(HTML).send(invalid());
    if (DEPARTED.includes(subscriber.status)) return reply.type(HTML).send(notSubscribedPage(ctx.site, subscriber.email));

    const offered = sections(request);
    const { patch, errors } = readForm(body, { sections: offered, stored: subscriber.preferences.topics });
    let preferences = subscriber.preferences;
    if (Object.keys(patch).length > 0) {
      try {
        const result = await retryWhileBusy(() => ctx.store.setPreferences(subscriber.id, patch, { source: 'web', reason: 'preferences page' }));
        if (!result) return reply.code(400).type(HTML).send(invalid());
        preferences = result.subscriber.preferences;
        if (result.changed) request.log.info({ subscriber: subscriber.id }, 'preferences changed');
      } catch (err) {
        request.log.error({ err, subscriber: subscriber.id }, 'preferences could not be saved');
        return reply.code(503).header('retry-after', '60').type(HTML)
          .send(noticePage(ctx.site, 'Not saved', 'Your preferences could not be saved just now. Please go back and try again in a minute.'));
      }
    }
    const failed = Object.keys(errors).length > 0;
    return reply.code(failed ? 400 : 200).type(HTML).send(preferencesPage(ctx.site, {
      email: subscriber.email, token: body.token as string, preferences, listZone, sections: offered, saved: !failed, errors,
    }));
  });
}

/** The topics the page offered: the sections, and the reader's stored topics (a section since dropped stays listed). */
export interface OfferedTopics {
  sections: readonly string[];
  stored: readonly string[];
}

/**
 * The changes a posted form asks for, and a message per field it could not
 * take. A field left out is left alone; for topics, a form with no box
 * ticked sends only its topics-shown marker, and that means every section.
 */
export function readForm(body: Record<string, unknown>, offered: OfferedTopics): { patch: Partial<Preferences>; errors: FieldErrors } {
  const patch: Partial<Preferences> = {};
  const errors: FieldErrors = {};
  const one = (name: string): string | undefined | null => {
    const v = body[name];
    return v === undefined ? undefined : typeof v === 'string' ? v : null;
  };
  const take = <K extends keyof FieldErrors>(field: K, label: string, raw: string | undefined | null, parse: (s: string) => Parsed<Preferences[K]>) => {
    if (raw === undefined) return;
    if (raw === null) { errors[field] = `${label}: give one value, not several.`; return; }
    const parsed = parse(raw);
    if (parsed.ok) patch[field] = parsed.value;
    else errors[field] = `${label}: ${parsed.error}. The previous value is kept.`;
  };
  take('timezone', 'Time zone', one('timezone'), parseTimezone);
  take('hour', 'Delivery hour', one('hour'), parseHour);
  const day = one('day');
  take('frequency', 'How often', one('frequency'), (frequency) => formFrequency(frequency, day));
  // Checkboxes: none ticked sends no field at all, which means every section;
  // the form says it showed them (topics-shown), so a client that posts only
  // the hour leaves the reader's topics as they were.
  const topics = body.topics;
  const shown = body['topics-shown'] !== undefined;
  const list = topics === undefined ? (shown ? [] : undefined) : typeof topics === 'string' ? [topics] : Array.isArray(topics) && topics.every((t) => typeof t === 'string') ? topics as string[] : null;
  if (list === undefined) return { patch, errors };
  if (list === null) errors.topics = 'Topics: tick section names only. The previous topics are kept.';
  else {
    const parsed = formTopics(list, offered);
    if (parsed.ok) patch.topics = parsed.value;
    else errors.topics = `Topics: ${parsed.error}. The previous topics are kept.`;
  }
  return { patch, errors };
}

/** The radio buttons and the day select as a frequency; the errors speak of them, not of "weekly:<day>". */
function formFrequency(frequency: string, day: string | undefined | null): Parsed<Frequency> {
  if (frequency.trim().toLowerCase() === 'weekly') {
    if (day === null) return { ok: false, error: 'choose one day of the week for your weekly issue, not several' };
    if (day === undefined || day.trim() === '') return { ok: false, error: 'choose the day of the week for your weekly issue' };
    const parsed = parseFrequency(`weekly:${day}`);
    return parsed.ok ? parsed : { ok: false, error: `"${clip(day)}" is not a day of the week; choose the day of your weekly issue from the list` };
  }
  const parsed = parseFrequency(frequency);
  return parsed.ok ? parsed : { ok: false, error: `"${clip(frequency)}" is not one of the choices; choose every day or once a week` };
}

/**
 * The ticked boxes as topics, in the spelling the page showed. Only what the
 * page offered is taken: the sections, and a topic the reader already has
 * (kept though no longer a section, and ignored at delivery), so re-saving
 * the page as it was never fails, while a name the page never offered (a
 * tampered or outdated form) is refused by name rather than stored unseen.
 */
function formTopics(ticked: readonly string[], offered: OfferedTopics): Parsed<string[]> {
  const known = new Map<string, string>();
  for (const name of [...offered.stored, ...offered.sections]) known.set(name.trim().replace(/\s+/g, ' ').toLowerCase(), name);
  const names = ticked.map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const unknown = [...new Set(names.filter((n) => !known.has(n.toLowerCase())))];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((n) => `"${clip(n)}"`);
    const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : '';
    const what = unknown.length === 1 ? `${shown[0]} is not one of the sections` : `${shown.join(', ')}${more} are not among the sections`;
    return { ok: false, error: `${what} this page offers; tick only the sections listed` };
  }
  const parsed = parseTopics(names.map((n) => known.get(n.toLowerCase())!));
  if (parsed.ok) return parsed;
  // The CSV's wording ("separated by ;") means nothing here; what is left to go wrong is the count or an editor's overlong name.
  return { ok: false, error: names.length > 20 ? 'tick at most 20 sections' : 'one of the ticked sections cannot be chosen as a topic; tick the others, or none for every section' };
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
