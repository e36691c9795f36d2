// Why a source gave nothing. Each kind has a code, so that the build report
// and tests can tell a dead server from a page that is not a feed.

export const FailureCodes = {
  NETWORK: 'the server could not be reached (DNS, refused connection, TLS)',
  TIMEOUT: 'the server did not answer in time',
  HTTP_STATUS: 'the server answered with an error status',
  TOO_LARGE: 'the response was larger than allowed',
  FILE: 'a local file could not be read',
  NOT_A_FEED: 'the document is not an RSS, Atom or JSON feed',
  BAD_FEED: 'the feed is malformed',
  NO_ARTICLE: 'no article text was found in the page',
  BAD_ITEM: 'some items of a feed were unusable and skipped',
  REDIRECT: 'a redirect was refused (to a private address, another scheme, or too many)',
  BUG: 'an unexpected error in Gazette itself',
} as const;

export type FailureCode = keyof typeof FailureCodes;

/** A source that failed as a whole; becomes one Problem naming the source. */
export class SourceFailure extends Error {
  readonly code: FailureCode;
  constructor(code: FailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceFailure';
    this.code = code;
  }
}
