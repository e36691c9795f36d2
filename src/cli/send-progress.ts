// How `gazette send` shows progress: a bar (count, rate, time left) on a
// terminal, and a structured log line every few seconds otherwise, so a cron
// log or a container's output shows a long send moving.
import cliProgress from 'cli-progress';
import type { DeliveryProgress } from '../deliver/index.js';
import type { Logger } from '../log.js';

export interface ProgressView {
  update(progress: DeliveryProgress): void;
  stop(): void;
}

/** A progress bar on `stream` (stderr, so stdout stays for the report). */
export function progressBar(stream: NodeJS.WritableStream, issue: string): ProgressView {
  const bar = new cliProgress.SingleBar({
    stream,
    format: `Sending ${issue} {bar} {value}/{total} | {rate} msg/s | {eta_formatted} left`,
    hideCursor: true,
    etaBuffer: 500,
    fps: 5,
  }, cliProgress.Presets.shades_classic);
  const rate = rateMeter();
  let started = false;
  return {
    update(p) {
      if (!started) {
        bar.start(p.total, p.done, { rate: '0' });
        started = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done, { rate: rate(p.sent).toFixed(0) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Log lines at most every `everyMs`, plus the last state when stopped. */
export function progressLog(logger: Logger, issue: string, everyMs = 5_000): ProgressView {
  const rate = rateMeter();
  let last = 0;
  let latest: DeliveryProgress | undefined;
  const log = (p: DeliveryProgress) => {
    const perSecond = rate(p.sent);
    const left = p.total - p.done;
    logger.info({ issue, done: p.done, total: p.total, sent: p.sent, failed: p.failed, perSecond: Math.round(perSecond), etaSeconds: perSecond > 0 ? Math.round(left / perSecond) : null }, 'delivery progress');
  };
  return {
    update(p) {
      latest = p;
      const now = Date.now();
      if (now - last >= everyMs) {
        last = now;
        log(p);
      }
    },
    stop() {
      if (latest) log(latest);
    },
  };
}

function rateMeter(): (sent: number) => number {
  const start = Date.now();
  return (sent) => sent / Math.max(0.001, (Date.now() - start) / 1000);
}
