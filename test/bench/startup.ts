import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../helpers/start-server';

/** Cold first start (migrations + default data) and warm start of the real server, in ms to "ready". */
export async function benchStartup(runs = 3) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-bench-'));
    let t = performance.now();
    let s = await startServer({ dataDir });
    cold.push(performance.now() - t);
    await s.stop();
    t = performance.now();
    s = await startServer({ dataDir });
    warm.push(performance.now() - t);
    await s.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { coldMs: median(cold), warmMs: median(warm) };
}
