// A relay's rate limits: at most `perSecond` messages a second, spaced evenly
// (a message every 1000/perSecond ms), and at most `perHour` an hour (a token
// bucket holding an hour's allowance, refilled continuously). Hand-written:
// nodemailer's own rateLimit counts per window and lets a window's messages go
// in a burst, and the limiter packages in node_modules (none besides it) do not
// give what routing needs, the time of the next free slot before taking it.

/** The rate limits of one relay. */
export class RelayRate {
  private nextSlot = 0;
  private tokens: number;
  private refilledAt: number;

  constructor(private readonly perSecond: number, private readonly perHour: number, private readonly now: () => number = Date.now) {
    this.tokens = perHour;
    this.refilledAt = now();
  }

  /** The earliest time (epoch ms) a message could start on this relay. */
  nextFree(): number {
    return Math.max(this.now(), this.nextSlot, this.hourlyReady());
  }

  /** Takes the next slot; resolves to how long to wait (ms) before sending. */
  reserve(): number {
    const now = this.now();
    const at = Math.max(now, this.nextSlot, this.hourlyReady());
    if (this.perSecond > 0) this.nextSlot = at + 1000 / this.perSecond;
    if (this.perHour > 0) {
      this.refill(at);
      this.tokens -= 1;
    }
    return at - now;
  }

  /** When the hourly bucket holds a whole token again (now when it does, or when there is no hourly limit). */
  private hourlyReady(): number {
    if (this.perHour <= 0) return 0;
    const now = this.now();
    this.refill(Math.max(now, this.refilledAt));
    if (this.tokens >= 1) return this.refilledAt;
    return this.refilledAt + (1 - this.tokens) * 3_600_000 / this.perHour;
  }

  private refill(to: number): void {
    if (to <= this.refilledAt) return;
    this.tokens = Math.min(this.perHour, this.tokens + (to - this.refilledAt) * this.perHour / 3_600_000);
    this.refilledAt = to;
  }
}
