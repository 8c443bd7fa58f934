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

const run = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
