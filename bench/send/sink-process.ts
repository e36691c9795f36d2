// The benchmark's SMTP server, in a process of its own so it does not share
// the sender's event loop or CPU accounting: smtp-server on 127.0.0.1 with
// logging, authentication, STARTTLS and reverse lookups off; it counts
// messages and discards them. Talks to its parent over IPC: sends
// { port } when listening, answers 'count' with { count, cpuMs } (its own CPU time so far).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

let count = 0;
const server = new SMTPServer({
  logger: false,
  disabledCommands: ['AUTH', 'STARTTLS'],
  authOptional: true,
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count++;
      callback();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (m) => {
  if (m === 'count') process.send!({ count, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 });
  if (m === 'stop') server.close(() => process.exit(0));
});
