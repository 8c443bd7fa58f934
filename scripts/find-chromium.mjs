import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser the end-to-end tests drive: CHROMIUM_PATH, or a system Chromium. */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (!fs.existsSync(process.env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    }
    return process.env.CHROMIUM_PATH;
  }
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

/**
 * Finds Chromium, installing Debian's `chromium` package with apt-get when it is missing and
 * apt-get is available — with poppler-utils when `pdftoppm` is missing too (the browser test of
 * local plans renders their PDF with it); otherwise stops with a message saying how to point
 * CHROMIUM_PATH at one.
 */
export function ensureChromium() {
  let found = findChromium();
  const packages = [...(found ? [] : ['chromium', 'fonts-dejavu-core']), ...(hasCommand('pdftoppm') ? [] : ['poppler-utils'])];
  if (!packages.length) return found;
  const hasApt = hasCommand('apt-get');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!hasApt) {
    if (found) return found; // the plans browser test says what is missing
    throw new Error('No Chromium found and apt-get is not available. Install Chromium and set CHROMIUM_PATH=/path/to/chromium.');
  }
  const sudo = isRoot ? [] : ['sudo'];
  console.log(`[test] installing Debian's ${packages.join(', ')} with apt-get…`);
  const run = (args) => execFileSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit' });
  run(['apt-get', '-o', 'DPkg::Lock::Timeout=300', 'update', '-q']);
  run(['apt-get', '-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends', ...packages]);
  found = findChromium();
  if (!found) throw new Error('apt-get installed chromium but no browser binary was found; set CHROMIUM_PATH.');
  return found;
}
