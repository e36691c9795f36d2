// The timer behind the scheduler: something that calls back at each scheduled
// time. The real one is node-cron; tests drive the scheduler's `tick` from a
// manual clock instead of waiting for wall time.
import { createTask } from 'node-cron';
import type { Logger } from '../log.js';
import type { CronSpec } from './cron-spec.js';

export interface Ticker {
  /** Starts calling `onTick` with the scheduled instant of each run. */
  start(onTick: (scheduledAt: Date) => void): void;
  /** Stops; no call after this returns. */
  stop(): void;
}

/** Repeats `fn` every `ms` until the returned function is called. */
export type Every = (ms: number, fn: () => void) => () => void;

/** A real interval that does not keep the process alive on its own. */
export const realEvery: Every = (ms, fn) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};

/**
 * node-cron firing `spec` in its zone. Overlap and "already sent" are the
 * scheduler's business, so the callback only hands over the slot and returns.
 */
export function nodeCronTicker(spec: CronSpec, logger: Logger): Ticker {
  let stopped = false;
  const task = createTask(spec.expression, (ctx) => {
    if (!stopped) current?.(ctx.date);
  }, {
    timezone: spec.tz,
    name: 'gazette-issue',
    logger: {
      info: (m) => logger.debug({ source: 'node-cron' }, m),
      warn: (m) => logger.warn({ source: 'node-cron' }, m),
      error: (m, e) => logger.error({ source: 'node-cron', err: e ?? m }, String(m)),
      debug: (m) => logger.debug({ source: 'node-cron' }, String(m)),
    },
  });
  let current: ((at: Date) => void) | undefined;
  return {
    start(onTick) {
      current = onTick;
      void task.start();
    },
    stop() {
      stopped = true;
      void task.destroy();
    },
  };
}
