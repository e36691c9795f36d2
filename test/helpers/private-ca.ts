// A private CA made with the openssl CLI, and a server certificate it signed
// for 127.0.0.1 and localhost: for the TLS tests (a relay, the bounce
// listener). Where there is no openssl, those suites skip with a line saying so.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpDir } from './tmp.js';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface PrivateCa {
  dir: string;
  /** The CA's certificate: its file, and its PEM text. */
  caFile: string;
  ca: string;
  /** The server's key and certificate: their files, and their PEM text. */
  keyFile: string;
  certFile: string;
  key: string;
  cert: string;
}

export function privateCa(): PrivateCa {
  const dir = tmpDir('gz-tls-');
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Gazette Test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  const file = (name: string) => join(dir, name);
  return {
    dir,
    caFile: file('ca.pem'), ca: readFileSync(file('ca.pem'), 'utf8'),
    keyFile: file('server.key'), certFile: file('server.pem'),
    key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.pem'), 'utf8'),
  };
}
