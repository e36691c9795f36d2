// Finds a Chromium for browser tests: CHROMIUM_PATH, else Debian's. Suites skip
// with one line when there is none (`.ci/run` installs it, so CI always runs them).
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when Chromium is installed; otherwise prints why the suite is skipped. */
export function hasChromium(suite: string): boolean {
  const ok = existsSync(chromiumPath);
  if (!ok) console.log(`skipped ${suite}: no Chromium at ${chromiumPath} (install Debian's chromium or set CHROMIUM_PATH)`);
  return ok;
}

/** Launches headless Chromium with flags that keep it off this machine's closed network. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
