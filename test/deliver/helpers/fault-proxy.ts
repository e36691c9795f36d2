// A TCP proxy on 127.0.0.1 between the sender and a real smtp-server, that
// injects connection faults the way networks and relays fail: refuse new
// connections, cut a connection in the middle of DATA, stall it past the
// client's timeout, or go away entirely and come back on the same port. It
// also keeps the client's commands per connection (to check for QUIT).
import { connect, createServer, type Server, type Socket } from 'node:net';

export type Fault =
  /** Forward everything. */
  | 'none'
  /** Cut the connection once the client has sent part of the message body (the server never gets the final dot). */
  | 'drop-mid-data'
  /** After DATA, forward nothing either way: the client's socket timeout must notice. */
  | 'stall-in-data';

export interface FaultProxy {
  port: number;
  url: string;
  /** Decides the fault for each message, when its DATA command passes (1-based count of DATA commands). */
  faultFor: (message: number) => Fault;
  /** Faults injected so far, by kind. */
  injected: Record<string, number>;
  /** Client commands seen on each connection (first word of each line outside DATA). */
  commands: string[][];
  /** Stops listening and cuts every open connection (a relay that went away). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an smtp-server on 127.0.0.1). */
export async function startFaultProxy(targetPort: number, faultFor: FaultProxy['faultFor'] = () => 'none'): Promise<FaultProxy> {
  const open = new Set<Socket>();
  const commands: string[][] = [];
  const injected: Record<string, number> = {};
  let messages = 0;
  let server: Server;
  let port = 0;
  const proxy: FaultProxy = {
    port: 0, url: '', faultFor, injected, commands,
    async down() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of open) s.destroy();
      injected.down = (injected.down ?? 0) + 1;
    },
    async up() {
      await listen();
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function handle(client: Socket): void {
    let fault: Fault = 'none';
    const seen: string[] = [];
    commands.push(seen);
    const upstream = createConnectionTo(targetPort);
    open.add(client);
    open.add(upstream);
    const end = () => { client.destroy(); upstream.destroy(); open.delete(client); open.delete(upstream); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    let inData = false;
    let stalled = false;
    let pending = '';
    // The end of the previous body chunk, to find a terminator split across chunks.
    let tail = '';
    // Commands (outside DATA) are parsed from text; a body is scanned for its end ("\r\n.\r\n").
    const onText = (text: string): void => {
      let rest = text;
      while (rest.length > 0 && !stalled) {
        if (inData) {
          if (fault === 'drop-mid-data') {
            // Cut before the server can have the whole body: it must discard the message.
            injected[fault] = (injected[fault] ?? 0) + 1;
            upstream.write(Buffer.from(rest.slice(0, Math.min(50, rest.length)), 'latin1'));
            end();
            stalled = true;
            return;
          }
          const at = (tail + rest).indexOf('\r\n.\r\n');
          if (at < 0) {
            upstream.write(Buffer.from(rest, 'latin1'));
            tail = (tail + rest).slice(-4);
            return;
          }
          const upTo = at + 5 - tail.length;
          upstream.write(Buffer.from(rest.slice(0, upTo), 'latin1'));
          rest = rest.slice(upTo);
          inData = false;
          tail = '';
          continue;
        }
        pending += rest;
        rest = '';
        let i: number;
        while (!inData && (i = pending.indexOf('\r\n')) >= 0) {
          const line = pending.slice(0, i);
          pending = pending.slice(i + 2);
          seen.push(line.split(' ')[0]!.toUpperCase());
          upstream.write(Buffer.from(`${line}\r\n`, 'latin1'));
          if (/^DATA$/i.test(line)) {
            fault = proxy.faultFor(++messages);
            if (fault === 'stall-in-data') {
              injected[fault] = (injected[fault] ?? 0) + 1;
              stalled = true;
              return;
            }
            inData = true;
            tail = '\r\n';
            rest = pending;
            pending = '';
          }
        }
      }
    };
    client.on('data', (chunk: Buffer) => { if (!stalled) onText(chunk.toString('latin1')); });
    upstream.on('data', (chunk: Buffer) => { if (!stalled) client.write(chunk); });
  }

  async function listen(): Promise<void> {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    proxy.port = port;
    proxy.url = `smtp://127.0.0.1:${port}`;
  }
  await listen();
  return proxy;
}

function createConnectionTo(port: number): Socket {
  return connect(port, '127.0.0.1');
}
