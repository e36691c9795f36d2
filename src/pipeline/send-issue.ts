// Delivery of a built issue with the app's parts: the one place that freezes
// the issue and opens the run's transport, shared by `send`, `start` and the
// scheduler, so none of them can deliver a copy that differs from the stored one.
import type { App } from '../app.js';
import { deliverIssue, type DeliveryProgress, type DeliveryReport } from '../deliver/index.js';
import type { DeliveryGroup } from '../editions/due.js';
import type { RenderedIssue } from '../render/types.js';

export interface SendIssueOptions {
  /** Queue only these groups (the ones due now); unset: every confirmed subscriber. */
  groups?: readonly DeliveryGroup[];
  signal?: AbortSignal;
  onProgress?(progress: DeliveryProgress): void;
}

/**
 * Delivers `rendered` with the app's parts and one transport for the run:
 * freezes the issue first (it is never rebuilt once someone may have it) and
 * sends the stored copy, so every subscriber gets the same issue. For `send`,
 * `start` and the scheduler.
 */
export async function sendIssue(app: App, rendered: RenderedIssue, options: SendIssueOptions = {}): Promise<DeliveryReport> {
  const date = rendered.issue.date;
  const issues = app.issues();
  await issues.freeze(date, app.clock.now());
  const frozen = (await issues.get(date)) ?? rendered;
  const transport = app.transport({ date });
  try {
    const { config } = app;
    return await deliverIssue(
      { engine: app.engine(), subscribers: app.subscribers(), transport, tokens: await app.tokens(), clock: app.clock, logger: app.logger },
      frozen,
      {
        mailFrom: config.mailFrom,
        publicUrl: config.publicUrl,
        listName: config.listName,
        // Each copy's envelope sender names its subscriber (VERP), so bounces find them.
        bounceDomain: app.bounceDomain(),
        // Several relays: one message in flight per connection of all of them.
        concurrency: transport.connections ?? config.smtpMaxConnections,
        retry: { attempts: config.smtpRetries, baseDelayMs: config.smtpRetryDelayMs },
        outageMs: config.smtpOutageMs,
        claimTtlMs: config.claimTtlMs,
        groups: options.groups,
        // Topics readers get the issue cut to their sections, rendered with the same templates.
        renderMeta: { templatesDir: app.buildSettings(date).templatesDir, listName: config.listName, publicUrl: config.publicUrl },
        onEmpty: config.onEmpty,
        signal: options.signal,
        onProgress: options.onProgress,
      },
    );
  } finally {
    await transport.close();
  }
}
