// A relay's rate limits: at most `perSecond` messages a second, let go one at a
// time and evenly spaced (one every 1000/perSecond ms), and at most `perHour`
// an hour (a token bucket holding an hour's allowance, refilled continuously).
//
// Hand-written: nodemailer's own rateLimit counts per window and lets each
// window's messages go in a burst, and no limiter package is in node_modules.
// The spacing counts from when a message was really let go, not from when its
// slot was booked: a process that stalls (GC, a loaded machine) would otherwise
// wake with a row of booked slots in the past and send them all at once, over
// the relay's limit. Lateness up to CATCH_UP_MS is made up (else timer
// lateness, a millisecond or more each time, would make the rate drift below
// the limit); a longer stall's slots are lost, so a burst after one stays
// within CATCH_UP_MS worth of messages.
const CATCH_UP_MS = 100;

/** The rate limits of one relay; `take()` waits for the next slot. */
export class RelayRate {
  private last = -Infinity;
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private tokens: number;
  private refilledAt: number;
  private readonly interval: number;

  constructor(perSecond: number, private readonly perHour: number, private readonly now: () => number = Date.now) {
    this.interval = perSecond > 0 ? 1000 / perSecond : 0;
    this.tokens = perHour;
    this.refilledAt = now();
  }

  /** About when (epoch ms) a message asking now would be let go: for routing, not a promise. */
  nextFree(): number {
    const now = this.now();
    const queued = this.last + this.interval * (this.waiting.length + 1);
    let hourly = 0;
    if (this.perHour > 0) {
      this.hourlyReady(now);
      // Tokens the waiting messages and this one need beyond those in the bucket, at the refill rate.
      const short = this.waiting.length + 1 - this.tokens;
      hourly = short <= 0 ? now : now + short * 3_600_000 / this.perHour;
    }
    return Math.max(now, queued, hourly);
  }

  /**
   * Resolves true when this message may go (in the order asked), or false when
   * `signal` aborts first: a run stopping (Ctrl-C, SIGTERM) must not sit out an
   * hourly allowance that may be most of an hour away. An abandoned place in
   * the line is given up, so the messages behind it move up.
   */
  take(signal?: AbortSignal): Promise<boolean> {
    if (this.interval === 0 && this.perHour <= 0) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        // Nobody left in line: the timer for the next slot would only keep the process alive.
        if (this.waiting.length === 0 && this.timer) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        resolve(false);
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
      this.pump();
    });
  }

  /**
   * Lets the next message go when its slot has come, else sets a timer for it.
   * `waited`: messages were queued all along (a timer fired), so lateness may be
   * made up; a message arriving at an idle relay starts the spacing afresh.
   */
  private pump(waited = false): void {
    if (this.timer || this.waiting.length === 0) return;
    const now = this.now();
    const due = Math.max(this.last + this.interval, this.perHour > 0 ? this.hourlyReady(now) : 0);
    if (now < due) {
      this.timer = setTimeout(() => { this.timer = undefined; this.pump(true); }, Math.ceil(due - now));
      return;
    }
    this.last = waited ? Math.max(due, now - Math.max(this.interval, CATCH_UP_MS)) : Math.max(due, now);
    if (this.perHour > 0) this.tokens -= 1;
    this.waiting.shift()!();
    if (this.waiting.length > 0) this.pump(waited);
  }

  /** When the hourly bucket holds a whole token (now when it does). */
  private hourlyReady(now: number): number {
    if (now > this.refilledAt) {
      this.tokens = Math.min(this.perHour, this.tokens + (now - this.refilledAt) * this.perHour / 3_600_000);
      this.refilledAt = now;
    }
    return this.tokens >= 1 ? now : now + (1 - this.tokens) * 3_600_000 / this.perHour;
  }
}
