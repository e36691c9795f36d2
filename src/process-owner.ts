// Who a run, a lease or a delivery claim belongs to, and whether that owner
// has died. An owner reads "machine:pid:…". The machine part is the host name
// and, on Linux, the process-id namespace: two containers with the same host
// name (a fixed `hostname:`, or host networking) but their own pid namespaces
// would otherwise each take the other's live process for a dead one, show its
// run as failed, and take over its claims. With the namespace in the name, a
// process in another one counts as another machine: its claims are waited out
// until they expire, never taken over early.
import { statSync } from 'node:fs';
import { hostname } from 'node:os';

let machine: string | undefined;

/** This machine as an owner's first part: the host name, plus the pid namespace where there is one. */
export function thisMachine(): string {
  if (machine === undefined) {
    let ns = '';
    try {
      ns = `/pidns-${statSync('/proc/self/ns/pid').ino}`;
    } catch {
      // Not Linux, or no /proc: the host name alone, as before.
    }
    machine = `${hostname().replaceAll(':', '_')}${ns}`;
  }
  return machine;
}

/** An owner id for this process: machine, pid, and any further parts. */
export function ownerId(...rest: string[]): string {
  return [thisMachine(), String(process.pid), ...rest].join(':');
}

/**
 * Whether an owner ("machine:pid:…") is a process of this machine that no
 * longer exists. Another machine, a live pid, this process or an unreadable
 * owner all count as alive.
 */
export function ownerIsGone(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== thisMachine() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
