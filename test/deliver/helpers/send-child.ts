// A sender in a process of its own, for the kill and concurrency tests:
// `node --import tsx send-child.ts DB_PATH SMTP_URL` delivers the fixture issue
// and prints the report as JSON.
import { systemClock } from '../../../src/clock.js';
import { deliverIssue } from '../../../src/deliver/index.js';
import { createSmtpTransport } from '../../../src/deliver/transports/index.js';
import { silentLogger } from '../../../src/log.js';
import { openSqlite } from '../../../src/store/sqlite.js';
import { createSqliteSubscriberStore } from '../../../src/subscribers/sqlite-store.js';
import { renderedIssue, settings, tokens } from './fixture.js';

const [dbPath, url] = process.argv.slice(2);
const db = openSqlite(dbPath!);
const transport = createSmtpTransport({ url: url!, maxConnections: 3 });
try {
  const report = await deliverIssue(
    { engine: { kind: 'sqlite', db, path: dbPath! }, subscribers: createSqliteSubscriberStore(db, systemClock), transport, tokens, clock: systemClock, logger: silentLogger },
    renderedIssue(),
    { ...settings, concurrency: 3, batchSize: 10, pollMs: 50, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
  );
  process.stdout.write(JSON.stringify(report));
} finally {
  await transport.close();
  db.close();
}
