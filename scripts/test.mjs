// `npm test`: every test. Finds (or installs) Chromium, builds the client, runs vitest.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './find-chromium.mjs';

const args = process.argv.slice(2);
const env = { ...process.env, TZ: 'UTC' };
try {
  env.CHROMIUM_PATH = ensureChromium();
} catch (err) {
  console.error(`[test] ${err.message}`);
  process.exit(1);
}
console.log(`[test] browser: ${env.CHROMIUM_PATH}`);
console.log(`[test] database for API tests: ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded SQLite'}`);

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

// The browser tests run after the others, so that SwiftShader does not compete with them for
// the CPU. Arguments (a file filter, --project …) go to one vitest run as given.
if (args.length) {
  const run = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env });
  process.exit(run.status ?? 1);
}
const fast = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '--project', 'api'], { stdio: 'inherit', env });
const e2e = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], { stdio: 'inherit', env });
const failed = [fast, e2e].filter((r) => r.status !== 0).length;
console.log(failed ? `[test] ${failed} of 2 test runs failed` : '[test] all test runs passed');
process.exit(failed ? 1 : 0);
