// One error type with codes, as nodemailer keeps its codes in one table. The CLI
// prints a GazetteError as its message alone (it is meant for the user) and
// anything else with its stack (it is a bug).

export const ErrorCodes = {
  CONFIG: 'Invalid configuration',
  INPUT: 'Bad input',
  NOT_FOUND: 'Not found',
  FEED: 'Feed could not be read',
  TEMPLATE: 'Template error',
  DATABASE: 'Database error',
  TRANSPORT: 'Mail transport error',
  LOCKED: 'Another process holds the lock',
  PAUSED: 'Send paused',
  TOKEN: 'Invalid token',
  SUMMARIZER: 'Summarizer error',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** An error meant for the user: a code, a message that says what to do, and the cause. */
export class GazetteError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GazetteError';
    this.code = code;
  }
}

/** True when `err` is a GazetteError (optionally with the given code). */
export function isGazetteError(err: unknown, code?: ErrorCode): err is GazetteError {
  return err instanceof GazetteError && (code === undefined || err.code === code);
}

/** The message of any thrown value, for reports. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
