// Whether the SMTP relay can be reached at all. A refused, dropped or silent
// connection is not the recipient's fault: it is retried with back-off without
// using up the recipient's attempts, and when the relay has been unreachable
// for longer than the outage budget the whole send pauses (the next run
// resumes), instead of hanging or marking everybody failed.

/** The run's view of the relay, shared by all its workers. */
export class RelayWatch {
  private downSince: number | undefined;
  private latest = '';
  private told = false;
  /** Messages the relay answered (accepted or refused) so far. */
  answers = 0;

  constructor(private readonly outageMs: number, private readonly now: () => number = Date.now) {}

  /** The relay answered about a message (whatever it said). */
  answered(): void {
    this.answers++;
    this.downSince = undefined;
  }

  /** A connection failed before any answer; true the first time in the run (to say so once). */
  unreachable(response: string): boolean {
    this.latest = response;
    this.downSince ??= this.now();
    if (this.told) return false;
    this.told = true;
    return true;
  }

  /** The outage budget in whole seconds, for messages. */
  get budgetSeconds(): number {
    return Math.round(this.outageMs / 1000);
  }

  /** True once the relay has been unreachable for the whole outage budget. */
  givenUp(): boolean {
    return this.downSince !== undefined && this.now() - this.downSince >= this.outageMs;
  }

  /** How long the budget still runs (ms); 0 when spent. */
  budgetLeft(): number {
    return this.downSince === undefined ? this.outageMs : Math.max(0, this.outageMs - (this.now() - this.downSince));
  }

  /** "for 60 s (latest: ESOCKET: connect ECONNREFUSED 127.0.0.1:2525)" */
  describe(): string {
    const seconds = this.downSince === undefined ? 0 : Math.round((this.now() - this.downSince) / 1000);
    return `for ${seconds} s (latest: ${this.latest})`;
  }
}
