// The benchmark's SMTP server, in a process of its own so it does not share
// the sender's event loop or CPU accounting: smtp-server on 127.0.0.1 with
// logging, authentication, STARTTLS and reverse lookups off; it counts
// messages and discards them. `node sink-process.ts [DELAY_MS]` answers each
// message DELAY_MS after its last byte (a relay across a network), else at once.
// Talks to its parent over IPC: sends { port } when listening; answers
// 'count' with { count, cpuMs, first, last } (its own CPU time so far, and
// when the first and last message since the last 'mark' were accepted, in ms
// of the epoch; 0 when none).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

const delayMs = Number(process.argv[2] ?? 0);
let count = 0;
let first = 0;
let last = 0;
const accept = (callback: () => void) => {
  count++;
  last = Date.now();
  if (first === 0) first = last;
  callback();
};
const server = new SMTPServer({
  logger: false,
  disabledCommands: ['AUTH', 'STARTTLS'],
  authOptional: true,
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      if (delayMs > 0) setTimeout(() => accept(() => callback()), delayMs);
      else accept(() => callback());
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (m) => {
  if (m === 'count') process.send!({ count, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000, first, last });
  if (m === 'mark') first = last = 0;
  if (m === 'stop') server.close(() => process.exit(0));
});
