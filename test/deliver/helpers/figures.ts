// Delivery figures of a fault or crash test: what was injected, how many
// messages arrived, duplicates and losses. Appended as JSON lines to the file
// named by GAZETTE_FIGURES (the soak script and docs/RELIABILITY.md use them).
import { appendFileSync } from 'node:fs';
import type { Received } from './smtp-sink.js';

export interface Figures {
  test: string;
  recipients: number;
  faults: Record<string, number>;
  messages: number;
  duplicates: number;
  losses: number;
  ms: number;
}

/** Message-IDs received per recipient (read from the raw header, cheaper than a parse). */
export function idsByRecipient(received: readonly Received[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of received) {
    const id = /^Message-ID:\s*(\S+)/mi.exec(m.raw.toString('latin1'))?.[1] ?? '';
    const to = m.to[0]!;
    out.set(to, [...(out.get(to) ?? []), id]);
  }
  return out;
}

/** Duplicates (copies beyond the first) and losses (deliverable recipients with none), and whether every copy of one recipient carries one Message-ID. */
export function tally(received: readonly Received[], deliverable: readonly string[]): { duplicates: number; losses: number; strangers: number; mixedIds: number } {
  const byRecipient = idsByRecipient(received);
  const wanted = new Set(deliverable);
  let duplicates = 0;
  let mixedIds = 0;
  let strangers = 0;
  for (const [to, ids] of byRecipient) {
    if (!wanted.has(to)) strangers++;
    duplicates += ids.length - 1;
    if (new Set(ids).size !== 1) mixedIds++;
  }
  const losses = deliverable.filter((r) => !byRecipient.has(r)).length;
  return { duplicates, losses, strangers, mixedIds };
}

/** Records the figures of one run (no-op unless GAZETTE_FIGURES names a file). */
export function recordFigures(figures: Figures): void {
  const file = process.env.GAZETTE_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify(figures)}\n`);
}
