// `npm run bench [name…]`: builds the client, then runs the benchmarks in test/bench/run.ts.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './find-chromium.mjs';

const env = { ...process.env, CHROMIUM_PATH: ensureChromium() };
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/run.ts', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
