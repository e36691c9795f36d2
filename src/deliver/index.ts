// The deliver stage: a rendered issue in, one message per confirmed subscriber
// out, exactly once, through the run's transport.
export { asDatabaseError, deliverIssue, DeliveryStopped, type DeliverOptions, type DeliverParts, type DeliveryProgress, type DeliveryReport } from './deliver-issue.js';
export { planDelivery, type DeliveryPlan } from './plan.js';
export { sendTestCopy, type TestCopyOptions } from './test-copy.js';
export type { AudienceGroup, DeliveryFailure, DeliveryState, RelayCounts, SendLedger } from './ledger.js';
export { relayLines } from './ledger.js';
export { openSendLedger } from './open-ledger.js';
export type { DeliveryAudience } from './send-one.js';
export type { OutgoingMessage, SendOutcome, Transport } from './transport.js';
export { createTransport, createOutboxTransport, createSmtpTransport } from './transports/index.js';
export { formatAnswer } from './transports/smtp-outcome.js';
