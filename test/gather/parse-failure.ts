// The SourceFailure a document's parse ends in, for tests that check what a
// rejected feed is told; any other error, or no error, fails the test.
import { SourceFailure } from '../../src/gather/feeds/failure.js';
import { parseFeed } from '../../src/gather/feeds/parse.js';

/** Parses `doc`, expecting a SourceFailure, and returns it. */
export async function parseFailure(doc: string): Promise<SourceFailure> {
  try {
    await parseFeed(doc);
  } catch (err) {
    if (err instanceof SourceFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}
