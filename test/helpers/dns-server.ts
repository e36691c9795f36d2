// A small authoritative DNS server on 127.0.0.1 (UDP, dns-packet) for tests
// that look records up with Node's resolver: TXT records by name; any other
// name answers NXDOMAIN.
import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface DnsServer {
  /** "127.0.0.1:PORT", for DNS_SERVERS. */
  address: string;
  /** Names asked for, in order. */
  asked: string[];
  close(): Promise<void>;
}

/** Serves `txt`: name -> TXT records (each split into 255-byte strings as DNS requires). */
export async function startDnsServer(txt: Record<string, string[]>): Promise<DnsServer> {
  const zone = new Map(Object.entries(txt).map(([name, records]) => [name.toLowerCase(), records]));
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    asked.push(question.name);
    const records = zone.get(question.name.toLowerCase());
    const answers = question.type === 'TXT' && records
      ? records.map((r) => ({ type: 'TXT' as const, name: question.name, ttl: 60, class: 'IN' as const, data: r.match(/.{1,255}/gs) ?? [''] }))
      : [];
    const response = dnsPacket.encode({
      type: 'response', id: query.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (records ? 0 : 3), questions: [question], answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    asked,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
