// How delivery reacts to failure: exponential back-off with jitter between
// attempts at one message, and a breaker that pauses the whole send when too
// many recipients in a row end in failure (a dead server, a blocked sender),
// instead of burning through the list and marking everyone failed.

export interface RetryPolicy {
  /** Attempts per message in one run (the first included); past them the row waits for the next run. */
  attempts: number;
  /** Wait before the second attempt, doubled for each further one. */
  baseDelayMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 30_000 };

/**
 * The wait after failed attempt number `attempt` (1-based): "equal jitter",
 * half fixed and half random, so that connections that failed together do not
 * retry in lockstep but none retries too soon.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface PausePolicy {
  /** How many of the latest recipients the error rate is taken over. */
  window: number;
  /** No pause before this many recipients have an outcome. */
  minSamples: number;
  /** Pause when more than this share of the window failed. */
  maxErrorRate: number;
}

export const DEFAULT_PAUSE: PausePolicy = { window: 100, minSamples: 20, maxErrorRate: 0.5 };

/** A sliding window of recipients' final outcomes. */
export class ErrorRate {
  private readonly outcomes: boolean[] = [];
  private failures = 0;

  constructor(private readonly policy: PausePolicy) {}

  /** Adds one recipient's final outcome (true: failed). */
  add(failed: boolean): void {
    this.outcomes.push(failed);
    if (failed) this.failures++;
    if (this.outcomes.length > this.policy.window && this.outcomes.shift()) this.failures--;
  }

  /** True when the send should pause. */
  tripped(): boolean {
    return this.outcomes.length >= this.policy.minSamples && this.failures / this.outcomes.length > this.policy.maxErrorRate;
  }

  /** "31 of the last 40" */
  describe(): string {
    return `${this.failures} of the last ${this.outcomes.length}`;
  }
}

/** Waits `ms`, or less when `signal` aborts (it then resolves early; the caller checks the signal). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
