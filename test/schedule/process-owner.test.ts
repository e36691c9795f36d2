// Owners of runs, leases and claims: a dead process of this machine is seen as
// gone; a process of another pid namespace with the same host name (two
// containers with one `hostname:`) is not, so its live work is never taken over.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownerId, ownerIsGone, thisMachine } from '../../src/process-owner.js';

const dead = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;

describe('process owners', () => {
  it('this process is alive; a finished process of this machine is gone', () => {
    expect(ownerIsGone(ownerId('run1'))).toBe(false);
    expect(ownerIsGone(`${thisMachine()}:${dead()}:run2`)).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self/ns/pid'))('a pid of another pid namespace under the same host name is not taken for dead', () => {
    expect(thisMachine()).toMatch(/\/pidns-\d+$/);
    // What a container sharing our host name, with its own pid namespace, writes.
    const sibling = `${hostname()}/pidns-1:${dead()}:run3`;
    expect(ownerIsGone(sibling)).toBe(false);
    // The old form, host name alone, is another machine too: waited out, not taken over.
    expect(ownerIsGone(`${hostname()}:${dead()}`)).toBe(false);
  });

  it('an unreadable owner counts as alive', () => {
    expect(ownerIsGone('')).toBe(false);
    expect(ownerIsGone(`${thisMachine()}:not-a-pid`)).toBe(false);
  });
});
