// Work that runs after the answer has gone out. The subscribe form answers at
// once and the same way for every address; looking the address up and sending
// the confirmation happen here, so neither the answer nor its timing tells a
// visitor whether an address is already on the list.
import type { Logger } from '../log.js';

export interface BackgroundTasks {
  /** Starts `task` without waiting for it; a failure is logged, never thrown. */
  run(name: string, task: () => Promise<void>): void;
  /** Resolves when every task started so far has finished (the server's close waits for this). */
  drain(): Promise<void>;
}

/** A tracker of background tasks that logs their failures to `logger`. */
export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run(name, task) {
      const p = Promise.resolve()
        .then(task)
        .catch((err: unknown) => { logger.error({ err, task: name }, 'background task failed'); })
        .finally(() => { running.delete(p); });
      running.add(p);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
