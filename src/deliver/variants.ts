// One prepared message per (edition, variant), never one per subscriber. A
// variant is a reader's topics: the issue cut to their sections. Its rendering
// is stored in the ledger's issue_variants the first time any process needs it
// (insert-if-absent, then read back), so every sender and every resend after a
// crash uses the same bytes; within a run each variant is prepared once, on
// first use, and shared by all workers.
import { effectiveTopics, renderIssueJson, variantOf, type RenderMeta } from '../render/index.js';
import type { RenderedIssue } from '../render/types.js';
import type { Clock } from '../clock.js';
import type { SendLedger } from './ledger.js';
import type { PreparedMessage } from './message.js';
import { topicsKey } from '../subscribers/preferences.js';

/**
 * The key a variant is rendered and stored under: the topics without regard
 * to case, so "Science" chosen on the page and "science" from a CSV share one
 * rendering. Lower-cased here in JavaScript, the same for both engines (SQLite's
 * lower() knows only ASCII). Topics are stored sorted without regard to case,
 * so one set has one key.
 */
export const variantKey = (variant: string): string => (variant === '' ? '' : topicsKey(variant.split(';')));

/** The distinct variants (by key, or by `keyOf`) among the rows of `edition` queued so far. */
export async function distinctVariants(ledger: Pick<SendLedger, 'variants'>, edition: string, keyOf: (variant: string) => string = variantKey): Promise<string[]> {
  return [...new Set((await ledger.variants(edition)).map((v) => keyOf(v)))];
}

/** A variant's message, or why its readers get nothing this time. */
export type VariantMessage = { message: PreparedMessage } | { skip: string };

export interface VariantSettings {
  /** Where the templates are and the list's names; without it every reader gets the whole issue. */
  renderMeta?: RenderMeta;
  /** 'skip' (default): a variant with no stories is not sent. */
  onEmpty?: 'skip' | 'send';
}

/** The prepared messages of one edition's variants, made lazily; `renders` counts the ones this run rendered. */
export class VariantMessages {
  private readonly cache = new Map<string, Promise<VariantMessage>>();
  /** Each stored topic string's variant key. */
  private readonly keys = new Map<string, string>();
  renders = 0;

  constructor(
    private readonly ledger: SendLedger,
    private readonly base: RenderedIssue,
    private readonly prepare: (rendered: RenderedIssue) => Promise<PreparedMessage>,
    private readonly clock: Clock,
    private readonly settings: VariantSettings,
  ) {}

  /** The message for readers of `variant` ('' = the whole issue). */
  get(variant: string): Promise<VariantMessage> {
    // Topics that no longer name a section are dropped, and an issue without
    // sections has nothing to choose from (effectiveTopics): readers left with
    // no topic share the whole issue's message.
    let key = this.keys.get(variant);
    if (key === undefined) {
      // Once per stored topic string, not per reader: this runs for every row sent.
      key = this.settings.renderMeta && variant !== '' ? variantKey(effectiveTopics(this.base.issue, variant.split(';')).join(';')) : '';
      this.keys.set(variant, key);
    }
    let got = this.cache.get(key);
    if (!got) {
      got = this.make(key);
      // A failed render is not cached: the next row tries again (and a template error fails each row loudly).
      got.catch(() => this.cache.delete(key));
      this.cache.set(key, got);
    }
    return got;
  }

  private async make(variant: string): Promise<VariantMessage> {
    if (variant === '') return { message: await this.prepare(this.base) };
    const edition = this.base.issue.date;
    let stored = await this.ledger.storedVariant(edition, variant);
    if (!stored) {
      const cut = variantOf(this.base.issue, variant.split(';'), this.settings.renderMeta!.listName);
      if (cut.stories.length === 0 && (this.settings.onEmpty ?? 'skip') === 'skip') {
        return { skip: 'not sent: no news in your topics today (GAZETTE_ON_EMPTY=skip)' };
      }
      this.renders++;
      stored = await this.ledger.storeVariant(edition, variant, await renderIssueJson(cut, this.settings.renderMeta!), this.clock.now());
    }
    if (stored.issue.stories.length === 0 && (this.settings.onEmpty ?? 'skip') === 'skip') {
      return { skip: 'not sent: no news in your topics today (GAZETTE_ON_EMPTY=skip)' };
    }
    return { message: await this.prepare(stored) };
  }
}
