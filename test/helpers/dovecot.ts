// A throwaway Dovecot IMAP server on 127.0.0.1 for tests of the mailbox
// reader: its own configuration, users file and maildirs under a temporary
// folder, plain-text login without TLS (loopback only). Suites skip with one
// line where Dovecot is not installed (.ci/run installs dovecot-imapd).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const DOVECOT = '/usr/sbin/dovecot';

/** Why Dovecot cannot run here, or null when it can. */
export function dovecotMissing(): string | null {
  return existsSync(DOVECOT) ? null : `${DOVECOT} is not installed (apt-get install dovecot-imapd)`;
}

export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  /** imap://user:pass@127.0.0.1:port */
  url: string;
  /** Dovecot's log so far (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts Dovecot with one user; resolves once it accepts connections. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'gz-dovecot-'));
  // Dovecot's auth process (its own user) must reach the users file.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'bounces';
  const pass = 'imap-test-password';
  // Mail is stored as an unprivileged user (Dovecot refuses root for mail).
  const me = userInfo();
  const mailUid = me.uid === 0 ? 65534 : me.uid;
  const mailGid = me.uid === 0 ? 65534 : me.gid;
  const home = join(dir, 'home');
  mkdirSync(join(home, 'Maildir'), { recursive: true });
  if (me.uid === 0) { chownSync(home, mailUid, mailGid); chownSync(join(home, 'Maildir'), mailUid, mailGid); }
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}\n`, { mode: 0o644 });
  const internal = me.uid === 0 ? '' : `default_internal_user = ${me.username}\ndefault_login_user = ${me.username}\n`;
  writeFileSync(join(dir, 'dovecot.conf'), `${internal}base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${mailUid}
mail_location = maildir:${home}/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${home}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c) => { stderr += c; });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '';
      throw new Error(`dovecot exited (${child.exitCode}): ${stderr}${log}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port, user, pass,
    url: `imap://${user}:${pass}@127.0.0.1:${port}/INBOX`,
    log: () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : ''),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
