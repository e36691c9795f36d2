// The subscriber list: store, address checks, CSV import, signed links and the
// confirmation mail. Callers import from here.
export { checkAddress, type AddressCheck } from './address.js';
export { createSqliteSubscriberStore } from './sqlite-store.js';
export { createPgSubscriberStore } from './pg-store.js';
export { createSubscriberStore } from './open-store.js';
export { importSubscribersCsv, type ImportProblem, type ImportSummary, type ImportOptions } from './import-csv.js';
export { importSampleSubscribers } from './sample.js';
export { confirmLink, unsubscribeLink, publicLink, readConfirmToken, readUnsubscribeToken } from './links.js';
export { createConfirmationMailer, composeConfirmation, senderAddress, type ConfirmationMailer } from './confirmation.js';
export { DEPARTED, STATUSES, type SubscriberStore, type StatusChange, type ChangeSource, type UpsertOutcome, type UpsertRow } from './store.js';
export type { Subscriber, SubscriberStatus, SubscriberReader } from './types.js';
export { exportSubscribersCsv, csvField } from './export-csv.js';
