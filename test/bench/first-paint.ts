import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../helpers/start-server';
import { CHROMIUM_ARGS, chromiumPath } from '../helpers/browser';

/**
 * Time from navigation to the map's first painted frame with the country layer drawn, in
 * headless Chromium (SwiftShader), as reported by the client's `risk-atlas:first-map-paint` mark.
 */
export async function benchFirstPaint(runs = 3) {
  const server = await startServer();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'commit' });
      const ms = await page.waitForFunction(
        () => performance.getEntriesByName('risk-atlas:first-map-paint')[0]?.startTime,
        undefined,
        { timeout: 60_000, polling: 50 },
      );
      times.push(Number(await ms.jsonValue()));
      await page.close();
    }
  } finally {
    await context.close();
    await server.stop();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return { firstPaintMs: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], runs: times };
}
