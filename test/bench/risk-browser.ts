/**
 * The prioritisation screen in headless Chromium on a 5,000-area boundary set (a sample grid, 5
 * sample indicators with made-up seeded values): from a weight slider's input event to the frame
 * after the one that repaints the map, beside its anchor as the issue names it — "within one
 * frame": the same two-frame wait on the same page with nothing changed, measured in the same run
 * (and 16.7 ms, one frame at 60 Hz). Then rank uncertainty, 1,000 draws × 5,000 areas in the
 * screen's Web Worker, from the click to the status (goal ≤ 2 s).
 *
 *   node --import tsx test/bench/risk-browser.ts [--areas 5000] [--moves 15]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { startServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { CHROMIUM_ARGS, chromiumPath } from '../helpers/browser';
import { mulberry32 } from '../helpers/seeded-random';
import { flagValue } from './bench-cli';

const INDICATORS = ['Sample exposure A', 'Sample exposure B', 'Sample vulnerability A', 'Sample vulnerability B', 'Sample coping'];
/** In the page: `count` slider moves, each timed to the table and to the frame after the repaint, beside the same wait unchanged. */
const MOVE_SCRIPT = `
        // the vulnerability dimension's weight (the layer panel has range inputs too)
        const slider = [...document.querySelectorAll('input[type="range"]')].find((i) => i.labels?.[0]?.textContent === 'Weight of Vulnerability');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        const firstRow = () => document.querySelector('[data-testid="prioritise-table"] tbody tr').getAttribute('data-code');
        const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const move = [];
        const table = [];
        const idle = [];
        let changed = 0;
        for (let i = 0; i < 3; i++) await twoFrames();
        for (let i = 0; i < count; i++) {
          // the anchor: the same wait with nothing changed
          await new Promise((r) => requestAnimationFrame(r));
          let t0 = performance.now();
          await twoFrames();
          idle.push(performance.now() - t0);
          const before = firstRow();
          await new Promise((r) => requestAnimationFrame(r));
          t0 = performance.now();
          setValue.call(slider, String(i % 2 ? 0.2 : 4.8));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          await Promise.resolve();
          table.push(performance.now() - t0);
          if (firstRow() !== before) changed++;
          await twoFrames();
          move.push(performance.now() - t0);
        }
        return { move, table, idle, changed };
      `;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function benchRiskBrowser({ areaCount = 5000, moves = 15, log = console.log } = {}) {
  const server = await startServer();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-chromium-'));
  try {
    const cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie } })] });
    const publish = async (name: string, body: string, request: Record<string, unknown>) => {
      const up = await fetch(`${server.url}/api/uploads?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { cookie }, body });
      const { id: uploadId } = await up.json();
      const { jobId } = await api.imports.start.mutate({ uploadId, request: { name, ...request } as never });
      for (;;) {
        const job = await api.imports.status.query({ jobId });
        if (job.phase === 'published') return job.datasetId!;
        if (job.phase === 'failed' || job.phase === 'cancelled') throw new Error(`import of ${name}: ${JSON.stringify(job.error)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    // a grid of sample squares over the Sahel and West Africa, 0.25° each
    const columns = 100;
    const size = 0.25;
    const features = Array.from({ length: areaCount }, (_, i) => {
      const x = -15 + (i % columns) * size;
      const y = 0 + Math.floor(i / columns) * size;
      return { type: 'Feature', properties: { code: `G${i}`, name: `Sample cell ${i}` }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] } };
    });
    let t = performance.now();
    const setId = await publish('sample-grid.geojson', JSON.stringify({ type: 'FeatureCollection', features }), { kind: 'boundaries', codeField: 'code', nameField: 'name', level: 2, sensitivity: 'public' });
    const random = mulberry32(17);
    const rows = ['code,indicator,year,value'];
    for (const indicator of INDICATORS) for (let i = 0; i < areaCount; i++) if (random() > 0.03) rows.push(`G${i},${indicator},2023,${(random() * 100).toFixed(2)}`);
    await publish('sample-grid-indicators.csv', `${rows.join('\n')}\n`, { kind: 'observations', areaField: 'code', indicatorField: 'indicator', periodField: 'year', valueField: 'value', joinTo: setId, joinOn: 'code', unit: '%', sensitivity: 'public' });
    const leaf = (i: number) => ({ id: `leaf-${i}`, indicator: INDICATORS[i], normalisation: 'minmax' as const });
    const model = await api.risk.models.save.mutate({ definition: { name: 'Sample bench model', root: { id: 'risk', aggregation: 'geometric', children: [
      { id: 'exposure', aggregation: 'arithmetic', children: [leaf(0), leaf(1)] },
      { id: 'vulnerability', aggregation: 'inform-geometric', children: [leaf(2), leaf(3)] },
      { id: 'coping', aggregation: 'arithmetic', children: [leaf(4)] },
    ] } } });
    const setupS = (performance.now() - t) / 1000;

    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      // signed in through the page (browser-session.ts's steps; that module needs vitest)
      await page.goto(`${server.url}/?lang=en`);
      await page.getByLabel('E-mail').fill(TEST_ADMIN.email);
      await page.getByLabel('Password', { exact: true }).fill(TEST_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('account-who').waitFor({ timeout: 60_000 });
      await page.goto(`${server.url}/?v=10,12,4&lang=en`);
      await page.getByRole('button', { name: 'Prioritise', exact: true }).click();
      const panel = page.getByRole('complementary', { name: 'Prioritise areas' });
      const option = panel.locator(`#prioritise-model option[value="${model.id}"]`);
      await option.waitFor({ state: 'attached', timeout: 60_000 }).catch(async (err) => {
        throw new Error(`no option for model ${model.id}: ${await panel.locator('#prioritise-model').innerHTML()}`, { cause: err });
      });
      await panel.getByLabel('Model', { exact: true }).selectOption(model.id);
      await panel.getByLabel('Areas', { exact: true }).selectOption(setId);
      t = performance.now();
      // the table draws a page of rows (tableWindow); data-total is how many the ranking has
      await page.waitForFunction((n) => document.querySelector('[data-testid="prioritise-table"]')?.getAttribute('data-total') === String(n) && document.querySelector('[data-testid="prioritise-table"] tbody tr') !== null, areaCount, { timeout: 120_000, polling: 100 });
      const loadS = (performance.now() - t) / 1000;
      // let the map draw the set once before timing
      await page.waitForTimeout(0);
      // a string, not a function: tsx's keepNames would put its __name helper into the page
      const timing = (await page.evaluate(`(async (count) => {${MOVE_SCRIPT}})(${moves})`)) as { move: number[]; table: number[]; idle: number[]; changed: number };

      t = performance.now();
      await panel.getByRole('button', { name: 'Compute the rank ranges' }).click();
      await panel.getByTestId('prioritise-uncertainty-status').waitFor({ timeout: 120_000 });
      const uncertaintyS = (performance.now() - t) / 1000;

      const moveMs = median(timing.move);
      const idleMs = median(timing.idle);
      const met = (x: number) => (x <= 16.7 * 2 ? 'met' : 'NOT met');
      log(`risk-ui   headless Chromium, ${areaCount.toLocaleString('en')}-area set (setup ${setupS.toFixed(0)} s, inputs and table ${loadS.toFixed(1)} s): slider → table ${median(timing.table).toFixed(1)} ms; slider → the frame after the repaint ${moveMs.toFixed(1)} ms vs the same wait with nothing changed ${idleMs.toFixed(1)} ms: ${(moveMs / idleMs).toFixed(2)}× (two frames at 60 Hz: 33.3 ms, ${met(moveMs)}); medians of ${moves} moves, first row changed on ${timing.changed}`);
      log(`risk-ui   rank uncertainty in the Web Worker, 1,000 draws × ${areaCount.toLocaleString('en')} areas, click to result: ${uncertaintyS.toFixed(2)} s (goal ≤ 2 s: ${uncertaintyS <= 2 ? 'met' : 'NOT met'}); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
      return { moveMs, idleMs, ratio: moveMs / idleMs, tableMs: median(timing.table), uncertaintyS, changed: timing.changed };
    } finally {
      await context.close();
    }
  } finally {
    await server.stop();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchRiskBrowser({ areaCount: Number(flagValue('--areas') ?? 5000), moves: Number(flagValue('--moves') ?? 15) });
}
