import { existsSync } from 'node:fs';

/**
 * Playwright cannot download its own browsers offline, so the tests use a system Chromium.
 * BACKDROP_CHROMIUM points at another Chromium/Chrome binary.
 */
const CHROMIUM_CANDIDATES = [
  process.env.BACKDROP_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p));

export function chromiumExecutable(): string {
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
        'or set BACKDROP_CHROMIUM=/path/to/chrome.',
    );
  }
  return found;
}

/** Flags that keep headless Chromium quiet on a machine without internet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
