// Several SMTP relays behind one Transport. Each relay has its own pooled
// nodemailer transport (its `pool=` connections) and its own rate limits; each
// message goes to the healthy relay that can start it soonest (its next free
// rate slot, then the fewest messages in flight per connection), so the load
// follows the relays' limits.
//
// A relay that refuses the connection, drops it before answering, says 421
// (closing), answers 4xx to several messages in a row, or refuses the
// login is marked down for a cool-off (for the whole run after a login
// refusal) and the message goes to another relay at once. That is safe: none
// of these answers means the message was taken. A message the relay accepted
// is never sent elsewhere, and a message whose fate is unknown (connection lost
// after the body) is returned as it is, so send-one treats it as the contract
// says (the same Message-ID, counted as an attempt). When every relay is down,
// send answers as one unreachable relay did before, and the run's outage
// budget (SMTP_OUTAGE_MS) and pause apply.
import { GazetteError } from '../../errors.js';
import type { OutgoingMessage, SendOutcome, Transport } from '../transport.js';
import { RelayRate } from './relay-rate.js';
import type { RelaySpec } from './relay-url.js';
import { createSmtpTransport, type SmtpTransportOptions } from './smtp.js';

export interface RelaysOptions extends Omit<SmtpTransportOptions, 'url' | 'maxConnections' | 'rateLimit'> {
  relays: RelaySpec[];
  /** How long a failing relay rests before it is tried again; default 30 s. */
  coolOffMs?: number;
  /** Temporary (4xx) answers in a row that mark a relay down; default 3. */
  tempStreak?: number;
  now?: () => number;
  /** Told when a relay is set aside (the run's log says which, why and until when). */
  onRelayDown?(relay: string, why: string, until: number | null): void;
}

/** A transport that can say which relay answered and how many connections it has in all. */
export interface RelaysTransport extends Transport {
  /** The connections of all relays together: how many messages may be in flight. */
  readonly connections: number;
}

interface Relay {
  spec: RelaySpec;
  transport: Transport;
  rate: RelayRate;
  inFlight: number;
  /** Epoch ms until which the relay is not used. */
  downUntil: number;
  tempStreak: number;
  /** Set when the relay refused the login or the sender: down for the run. */
  fatal?: GazetteError;
}

/** One transport over the relays of SMTP_URL. */
export function createRelaysTransport(options: RelaysOptions): RelaysTransport {
  const now = options.now ?? Date.now;
  const coolOff = options.coolOffMs ?? 30_000;
  const streakLimit = options.tempStreak ?? 3;
  const relays: Relay[] = options.relays.map((spec) => ({
    spec,
    transport: createSmtpTransport({ ...options, url: spec.url, maxConnections: spec.pool, rateLimit: 0 }),
    rate: new RelayRate(spec.rate, spec.hourly, now),
    inFlight: 0,
    downUntil: 0,
    tempStreak: 0,
  }));

  /** The healthy relay that can start a message soonest, or undefined when all are down. */
  function pick(skip: Set<Relay>): Relay | undefined {
    let best: Relay | undefined;
    let bestKey: [number, number] = [Infinity, Infinity];
    const t = now();
    for (const r of relays) {
      if (skip.has(r) || r.fatal || r.downUntil > t) continue;
      // Whole milliseconds, so relays free at once are then compared by load.
      const key: [number, number] = [Math.round(r.rate.nextFree()), r.inFlight / r.spec.pool];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) [best, bestKey] = [r, key];
    }
    return best;
  }

  function down(r: Relay, why: string): void {
    // Messages in flight on a failing relay fail together: tell of it once.
    const already = r.downUntil > now();
    r.downUntil = now() + coolOff;
    r.tempStreak = 0;
    latest = `${r.spec.name}: ${why}`;
    if (!already) options.onRelayDown?.(r.spec.name, why, r.downUntil);
  }

  let latest = '';
  return {
    name: `smtp ${relays.map((r) => r.spec.name).join(', ')}`,
    connections: relays.reduce((n, r) => n + r.spec.pool, 0),
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const tried = new Set<Relay>();
      for (;;) {
        const r = pick(tried);
        if (!r) {
          const fatal = relays.every((x) => x.fatal) ? relays.find((x) => x.fatal)?.fatal : undefined;
          if (fatal) throw fatal;
          return { status: 'temporary', response: `every relay is down (latest: ${latest || 'none answered'})`, connection: true };
        }
        tried.add(r);
        r.inFlight++;
        let outcome: SendOutcome;
        try {
          if (!(await r.rate.take(message.signal))) {
            return { status: 'temporary', response: 'not sent: the run stopped while this message waited for the relay\'s rate limit', stopped: true };
          }
          outcome = await r.transport.send(message);
        } catch (err) {
          // Login or sender refused: this relay cannot send for us this run; another may.
          if (!(err instanceof GazetteError)) throw err;
          if (!r.fatal) options.onRelayDown?.(r.spec.name, err.message, null);
          r.fatal = err;
          latest = `${r.spec.name}: ${err.message}`;
          continue;
        } finally {
          r.inFlight--;
        }
        const answered = { ...outcome, relay: r.spec.name };
        if (outcome.status !== 'temporary') {
          r.tempStreak = 0;
          return answered;
        }
        if (outcome.connection) {
          down(r, outcome.response);
          continue;
        }
        if (outcome.code === 421 || (outcome.code !== undefined && ++r.tempStreak >= streakLimit)) {
          // A 4xx answer is the relay saying it did not take the message: another relay may.
          down(r, `${outcome.code} ${outcome.response}`);
          continue;
        }
        // A 4xx about this message, or an unknown outcome (lost after the body): send-one decides.
        if (outcome.code === undefined) down(r, outcome.response);
        return answered;
      }
    },
    async close() {
      await Promise.all(relays.map((r) => r.transport.close()));
    },
  };
}
