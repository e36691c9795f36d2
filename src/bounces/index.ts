// Bounces, complaints and unsubscribes that come back by mail: the parts and
// settings from the app, for `gazette bounces` and the tests.
import type { App } from '../app.js';
import { parseSender } from '../deliver/headers.js';
import type { BounceParts, BounceSettings } from './process.js';

export { processReturnedMessage, type BounceOutcome, type BounceParts, type BounceSettings, type Incoming } from './process.js';
export { startBounceListener, type BounceListener } from './listener.js';
export { createBounceStore, type BounceStore, type BounceEvent, type IssueBounceCounts } from './store.js';

/** The bounce processing parts and settings of `app`. */
export async function bounceSetup(app: App): Promise<{ parts: BounceParts; settings: BounceSettings }> {
  const { config } = app;
  return {
    parts: { subscribers: app.subscribers(), bounces: app.bounces(), tokens: await app.tokens(), clock: app.clock, logger: app.logger },
    settings: {
      bounceDomain: app.bounceDomain(),
      // The mailto: of every message's List-Unsubscribe (deliver/headers.ts unsubscribeLinker).
      unsubscribeAddress: `unsubscribe@${parseSender(config.mailFrom).domain}`,
      softLimit: config.bounceSoftLimit,
      softDays: config.bounceSoftDays,
    },
  };
}
