// Issue 14 item 23: `npm install` on Node 20 warned EBADENGINE (packages that
// want Node 22, through mjml's js-beautify and fastify's light-my-request).
// Every package the lock file installs must accept the Node running the
// install (and the tests); package.json's `overrides` pin the ones that did not.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import semver from 'semver';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }> };
// npm checks against the Node that runs it; CI and this project run Node 20.
const floor = process.versions.node;

describe('engines', () => {
  it(`every locked package accepts Node ${floor} (no EBADENGINE on install)`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(floor, (p.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
