// Delivering what is due: every open edition (frozen daily issues up to 48 h
// old, weekly editions up to 8 days old) goes to the reader groups whose
// moment has come (editions/due.ts), through the one delivery loop
// (deliverIssue via sendIssue). Called by the scheduler's delivery ticker, by
// `send --at` and by `start`; `planDue` is the same computation without
// sending, for `send --dry-run` and `status`. Exactly once per (edition,
// subscriber) is the ledger's: this file only decides who is queued when.
import type { App } from '../app.js';
import { DeliveryStopped, openSendLedger, type AudienceGroup, type DeliveryReport } from '../deliver/index.js';
import { splitDue } from '../editions/due.js';
import { editionKind, type EditionKind } from '../editions/edition.js';
import { parseSender } from '../deliver/headers.js';
import { messageOf } from '../errors.js';
import { sendIssue } from './send-issue.js';
import { unopenedWeeklies } from './open-editions.js';
import { distinctVariants, variantKey } from '../deliver/variants.js';
import { effectiveTopics } from '../render/index.js';

const HOUR = 3_600_000;
/** How long after its cut-off an edition may still owe someone a copy (the due window plus a margin for retries). */
export const OPEN_FOR: Record<EditionKind, number> = { daily: 48 * HOUR, weekly: 8 * 24 * HOUR };

/** Who is due an edition at one instant, and when the rest fall due. */
export interface EditionPlan {
  edition: string;
  kind: EditionKind;
  /** When the edition was frozen: its cut-off. */
  cutoff: string;
  /** Confirmed subscribers in the groups due now (including any who already have it). */
  due: number;
  /** Subscribers whose moment is still to come, grouped by when. */
  later: { at: string; subscribers: number }[];
  notYetDue: number;
  nextDueAt: string | null;
  /** Already delivered. */
  delivered: number;
  /** Of those due now, how many already have it. */
  have: number;
  /** Messages a send at this moment would send: those due now not served yet, plus rows still owed. */
  owed: number;
  /** Distinct variants (topic sets) among those queued so far. */
  variants: string[];
  /** The readers due now by variant (topic set; '' = the whole issue). */
  dueVariants: { variant: string; subscribers: number }[];
}

/** One edition's delivery at one tick. */
export interface EditionDelivery extends EditionPlan {
  sent: number;
  skipped: number;
  renders: number;
  pending: number;
  dropped: number;
  failed: number;
  /** Why delivery stopped early (paused, interrupted), when it did. */
  stopped?: string;
  /** The full delivery report, when anything was due. */
  report?: DeliveryReport;
}

/**
 * The editions open at `at` with who is due now and later; `unopened` adds an
 * edition not frozen yet as if it were frozen at its cut-off (a dry run).
 */
export async function planDue(app: App, at: Date = app.clock.now(), unopened?: { date: string; cutoff: Date }): Promise<EditionPlan[]> {
  const ledger = openSendLedger(app.engine());
  const editions = await openEditions(app, at);
  if (unopened && !editions.some((e) => e.date === unopened.date)) editions.push({ date: unopened.date, frozenAt: unopened.cutoff.toISOString() });
  // The weekly editions the real run opens at a cut-off (deliverDue's callers call openWeekly first), shown only when someone reads them.
  // A list that froze nothing for a week (or has no list yet) has no weekly edition coming.
  const weeklies = new Set<string>();
  const idle = !unopened && (await app.issues().frozenSince(new Date(at.getTime() - OPEN_FOR.weekly))).length === 0;
  for (const w of idle ? [] : await unopenedWeeklies(app, at)) {
    if (editions.some((e) => e.date === w.date)) continue;
    editions.push({ date: w.date, frozenAt: w.cutoff.toISOString() });
    weeklies.add(w.date);
  }
  if (editions.length === 0) return [];
  const groups = await ledger.audienceGroups();
  const splits = latestOnly(editions, groups, at, app.config.tz);
  const plans: EditionPlan[] = [];
  for (const [i, e] of editions.entries()) {
    const plan = await planOf(e, splits[i]!, ledger, await variantKeyOf(app, e.date));
    if (!weeklies.has(e.date) || plan.due + plan.notYetDue > 0) plans.push(plan);
  }
  return plans;
}

/** Delivers every open edition to the groups due at `at`; one report per open edition. */
export async function deliverDue(app: App, at: Date = app.clock.now(), options: { signal?: AbortSignal } = {}): Promise<EditionDelivery[]> {
  const ledger = openSendLedger(app.engine());
  const editions = await openEditions(app, at);
  if (editions.length === 0) return [];
  const groups = await ledger.audienceGroups();
  const sender = parseSender(app.config.mailFrom);
  const splits = latestOnly(editions, groups, at, app.config.tz);
  const out: EditionDelivery[] = [];
  for (const [i, e] of editions.entries()) {
    if (options.signal?.aborted) break;
    const split = splits[i]!;
    // Queued here, before any transport is opened: most ticks find everyone due already served.
    await ledger.enqueueDue(e.date, sender, app.clock.now(), split.due);
    const counts = await ledger.counts(e.date);
    const owed = counts.queued + counts.temp_failed + counts.sending;
    const keyOf = await variantKeyOf(app, e.date);
    const plan = await planOf(e, split, ledger, keyOf, counts.sent);
    if (owed === 0) {
      out.push({ ...plan, sent: 0, skipped: counts.sent, renders: 0, pending: 0, dropped: counts.dropped, failed: counts.failed });
      continue;
    }
    const stored = await app.issues().get(e.date);
    if (!stored) continue;
    let report: DeliveryReport;
    let stopped: string | undefined;
    try {
      report = await sendIssue(app, stored, { groups: [], signal: options.signal });
    } catch (err) {
      if (!(err instanceof DeliveryStopped)) throw err;
      report = err.report;
      stopped = messageOf(err);
    }
    out.push({
      ...plan,
      delivered: report.sent + report.skipped,
      variants: await distinctVariants(ledger, e.date, keyOf),
      sent: report.sent, skipped: report.skipped, renders: report.renders, pending: report.pending, dropped: report.dropped, failed: report.failed.length,
      ...(stopped ? { stopped } : {}),
      report,
    });
    if (stopped && options.signal?.aborted) break;
  }
  return out;
}

type Split = ReturnType<typeof splitDue<AudienceGroup>>;

/**
 * Each open edition's split at `at`, except that a group also due a newer
 * edition of the same kind is not queued for the older one. An edition stays
 * open past its due window only so queued rows can be retried: without this a
 * reader who joins, or switches from weekly to daily, mid-day would be queued
 * yesterday's issue beside today's (both moments are past). Rows already
 * queued are untouched, so nobody loses a copy they fell due for in time.
 */
function latestOnly(editions: readonly { date: string; frozenAt: string }[], groups: readonly AudienceGroup[], at: Date, listZone: string): Split[] {
  const splits = editions.map((e) => splitDue(e.date, new Date(e.frozenAt), groups, at, listZone));
  // Newest by key (not by when frozen: an old date sent by hand today is not newer), per kind.
  const order = editions.map((_, i) => i).sort((a, b) => (editions[a]!.date < editions[b]!.date ? 1 : -1));
  for (const kind of ['daily', 'weekly'] as const) {
    const newer = new Set<AudienceGroup>();
    for (const i of order) {
      if (editionKind(editions[i]!.date) !== kind) continue;
      const split = splits[i]!;
      const due = split.due.filter((g) => !newer.has(g));
      for (const g of split.due) newer.add(g);
      splits[i] = { ...split, due };
    }
  }
  return splits;
}

/**
 * The rendering a stored topic string gets in `edition`: topics the edition
 * no longer offers are dropped first, as delivery does (VariantMessages), so
 * a plan counts the renderings a send will make. An edition not built yet
 * is counted by the topics as stored.
 */
async function variantKeyOf(app: App, edition: string): Promise<(variant: string) => string> {
  const issue = (await app.issues().get(edition))?.issue;
  if (!issue) return variantKey;
  const keys = new Map<string, string>();
  return (variant) => {
    let key = keys.get(variant);
    if (key === undefined) keys.set(variant, (key = variant === '' ? '' : variantKey(effectiveTopics(issue, variant.split(';')).join(';'))));
    return key;
  };
}

/** `sent`: the edition's delivered count when the caller has just read it. */
async function planOf(e: { date: string; frozenAt: string }, split: Split, ledger: ReturnType<typeof openSendLedger>, keyOf: (variant: string) => string, sent?: number): Promise<EditionPlan> {
  const later = new Map<number, number>();
  for (const l of split.later) later.set(l.at.getTime(), (later.get(l.at.getTime()) ?? 0) + l.group.subscribers);
  const laterList = [...later].sort((a, b) => a[0] - b[0]).map(([t, n]) => ({ at: new Date(t).toISOString(), subscribers: n }));
  const { have, owed } = await ledger.dueState(e.date, split.due);
  return {
    edition: e.date,
    kind: editionKind(e.date),
    cutoff: new Date(e.frozenAt).toISOString(),
    due: sum(split.due),
    later: laterList,
    notYetDue: laterList.reduce((n, l) => n + l.subscribers, 0),
    nextDueAt: laterList[0]?.at ?? null,
    delivered: sent ?? (await ledger.counts(e.date)).sent,
    have,
    owed,
    variants: await distinctVariants(ledger, e.date, keyOf),
    dueVariants: byVariantKey(await ledger.audienceVariants(split.due), keyOf),
  };
}

/** Readers per topic set, sets that differ only in case counted as one (they share one rendering). */
function byVariantKey(rows: readonly { variant: string; subscribers: number }[], keyOf: (variant: string) => string): { variant: string; subscribers: number }[] {
  const out = new Map<string, { variant: string; subscribers: number }>();
  for (const r of rows) {
    const key = keyOf(r.variant);
    const seen = out.get(key);
    if (seen) seen.subscribers += r.subscribers;
    else out.set(key, { variant: key === variantKey(r.variant) ? r.variant : key, subscribers: r.subscribers });
  }
  return [...out.values()];
}

/** Frozen editions still within their window at `at` (and frozen by then), oldest first. */
export async function openEditions(app: App, at: Date): Promise<{ date: string; frozenAt: string }[]> {
  const since = new Date(at.getTime() - Math.max(OPEN_FOR.daily, OPEN_FOR.weekly));
  const frozen = await app.issues().frozenSince(since);
  return frozen.filter((e) => {
    const t = new Date(e.frozenAt).getTime();
    return t <= at.getTime() && at.getTime() - t <= OPEN_FOR[editionKind(e.date)];
  });
}

const sum = (groups: readonly AudienceGroup[]) => groups.reduce((n, g) => n + g.subscribers, 0);
