// Makes `npm test` work on a fresh Debian machine: when no Chromium is found and we are root with apt,
// install Debian's `chromium`; otherwise explain how to get one. Runs before the e2e tests.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const candidates = [
  process.env.BACKDROP_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];
if (candidates.some((p) => p && existsSync(p))) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (canApt) {
  console.log("[e2e] No Chromium found: installing Debian's `chromium` with apt-get (once)…");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}
console.error(
  '[e2e] No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
    'or set BACKDROP_CHROMIUM=/path/to/chrome, then run the tests again.',
);
process.exit(1);
