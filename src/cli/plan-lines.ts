// The plan as `send --dry-run`, `status` and `start` print it: per open
// edition, who is due now and when the rest fall due; a weekly edition's
// later readers as the day and hour they get it, which is what they wait for.
import { count } from './plural.js';
import type { EditionPlan } from '../pipeline/deliver-due.js';

/** A short account of a plan: per edition, who is due now and when the rest fall due. */
export function planLines(editions: readonly EditionPlan[], tz: string, at?: Date): string[] {
  const when = at ? `at ${at.toISOString()}` : 'now';
  if (editions.length === 0) return [`Due ${when}: no open edition.`];
  const out = [`Due ${when}:`];
  for (const e of editions) {
    out.push(`  ${e.edition} (${e.kind}, cut-off ${e.cutoff}): ${count(e.due, 'reader')} due now, ${e.delivered} delivered${e.notYetDue ? `; ${e.notYetDue} later, next at ${e.nextDueAt}` : ''}`);
    if (e.dueVariants.length > 1) out.push(`    variants due: ${e.dueVariants.map((v) => `${v.variant || 'whole issue'} ${v.subscribers}`).join(', ')}`);
    for (const line of weeklyLaterLines(e, tz)) out.push(`    ${line}`);
  }
  return out;
}

/** "1 weekly reader gets the week's edition on Monday 7 Dec at 08:00 Europe/London", per moment still to come. */
export function weeklyLaterLines(e: EditionPlan, tz: string): string[] {
  if (e.kind !== 'weekly') return [];
  return e.later.map((l) => `${l.subscribers === 1 ? '1 weekly reader gets' : `${l.subscribers} weekly readers get`} the week's edition (${e.edition}) on ${dayAndTime(new Date(l.at), tz)}`);
}

/** "Monday 7 Dec at 08:00 Europe/London": the day a reader waits for, in the list's zone. */
function dayAndTime(at: Date, tz: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} at ${p.hour}:${p.minute} ${tz}`;
}
