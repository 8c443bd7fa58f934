import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Page } from 'playwright-core';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';
import { decodePng, shareOfPixels, type Rgba8Image } from '../helpers/png';
import { classifyValues } from '../../client/features/layers/classify';
import { paletteColours } from '../../client/lib/palettes';
import { LAYOUT } from '../../client/features/export/export-layout';

// Taking the map away: an indicator drawn as a choropleth over nine squares in Chad is exported
// as a PNG from the "Export PNG" button (reached by the keyboard); the downloaded file is decoded
// and its map area compared with what the page showed, its legend column with the classes'
// colours, its header with drawn text. The built client, the real server, headless Chromium.

const VIEWPORT = { width: 1280, height: 800 };
const VIEW = { lng: 23, lat: 13, zoom: 5.5 };
const CELLS = Array.from({ length: 9 }, (_, i) => ({ code: `S${i + 1}`, lng: 20 + (i % 3) * 2, lat: 10 + Math.floor(i / 3) * 2 }));
const VALUES: Record<string, number | null> = { S1: 3, S2: 7, S3: 8, S4: 21, S5: null, S6: 24, S7: 40, S8: 44, S9: 95 };

let session: BrowserSession;
let page: Page;
let api: ReturnType<typeof createTRPCClient<AppRouter>>;
let obsId = '';

async function upload(name: string, body: string): Promise<string> {
  const res = await fetch(`${session.server.url}/api/uploads?name=${encodeURIComponent(name)}`, { method: 'POST', body, headers: { cookie: await session.cookie() } });
  const json = await res.json();
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

async function publish(uploadId: string, request: Parameters<typeof api.imports.start.mutate>[0]['request']) {
  const { jobId } = await api.imports.start.mutate({ uploadId, request });
  for (let i = 0; i < 600; i++) {
    const job = await api.imports.status.query({ jobId });
    if (job.phase === 'published') return job.datasetId!;
    if (job.phase === 'failed' || job.phase === 'cancelled') throw new Error(`import ${job.phase}: ${JSON.stringify(job.error)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  session = await openBrowserSession({ viewport: VIEWPORT });
  page = session.page;
  api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${session.server.url}/trpc`, headers: { cookie: await session.cookie() } })] });
  const squares = {
    type: 'FeatureCollection',
    features: CELLS.map((c) => ({
      type: 'Feature',
      properties: { code: c.code, name: `Square ${c.code}` },
      geometry: { type: 'Polygon', coordinates: [[[c.lng, c.lat], [c.lng + 2, c.lat], [c.lng + 2, c.lat + 2], [c.lng, c.lat + 2], [c.lng, c.lat]]] },
    })),
  };
  const setId = await publish(await upload('squares.geojson', JSON.stringify(squares)), {
    kind: 'boundaries', name: 'Test squares', sensitivity: 'public', codeField: 'code', nameField: 'name', level: 2,
  });
  const csv = `code,rate\n${CELLS.map((c) => `${c.code},${VALUES[c.code] ?? ''}`).join('\n')}\n`;
  obsId = await publish(await upload('rates.csv', csv), {
    kind: 'observations', name: 'Test rates', source: 'Test survey 2024', areaField: 'code', valueField: 'rate', period: '2024',
    indicator: 'Test rate', unit: '%', joinTo: setId, joinOn: 'code',
  });
}, 240_000);

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

/** Pixel position of [lng, lat] on the page's map (Web Mercator, 512 px tiles, centred on VIEW). */
function project(lng: number, lat: number) {
  const worldPx = 512 * 2 ** VIEW.zoom;
  const mercY = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360));
  return {
    x: Math.round(VIEWPORT.width / 2 + ((lng - VIEW.lng) / 360) * worldPx),
    y: Math.round(VIEWPORT.height / 2 - ((mercY(lat) - mercY(VIEW.lat)) / (2 * Math.PI)) * worldPx),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
/** The median colour of a 20 px box around a square's centre, the map's top left corner at (dx, dy). */
function colourAt(image: Rgba8Image, code: string, dx = 0, dy = 0): number[] {
  const cell = CELLS.find((c) => c.code === code)!;
  const p = project(cell.lng + 1, cell.lat + 1);
  const px: number[][] = [];
  for (let y = p.y - 10; y < p.y + 10; y++) for (let x = p.x - 10; x < p.x + 10; x++) {
    const i = ((y + dy) * image.width + x + dx) * 4;
    px.push([image.data[i], image.data[i + 1], image.data[i + 2]]);
  }
  return [0, 1, 2].map((k) => median(px.map((p) => p[k])));
}
const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('PNG export', () => {
  it('downloads the map with the choropleth drawn, its legend, title, scale bar, sources and date', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&lang=en`);
    const legend = page.getByTestId(`legend-d:${obsId}`);
    await legend.waitFor({ timeout: 60_000 });
    const breaks = classifyValues(Object.values(VALUES).filter((v): v is number => v !== null), { method: 'quantile', classes: 5 }).breaks;
    await expect.poll(async () => JSON.parse((await legend.getAttribute('data-breaks')) ?? '[]'), { timeout: 30_000 }).toEqual(breaks);

    // the squares drawn on the page: S9 (95, top class) and S1 (3, lowest) differ from each other
    let shown: Rgba8Image;
    const deadline = Date.now() + 60_000;
    do {
      shown = decodePng(await page.screenshot());
      if (distance(colourAt(shown, 'S9'), colourAt(shown, 'S1')) > 80) break;
      await page.waitForTimeout(500);
    } while (Date.now() < deadline);
    expect(distance(colourAt(shown, 'S9'), colourAt(shown, 'S1')), 'the choropleth on the page').toBeGreaterThan(80);

    // the button is reached and pressed from the keyboard
    const button = page.getByRole('button', { name: 'Export PNG' });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Export the map as PNG' });
    const title = dialog.getByLabel('Title');
    await expect(title.inputValue()).resolves.toBe('Test rate');
    await title.fill('Test rate in nine squares, 2024');
    const preview = dialog.getByTestId('export-preview');
    await expect.poll(() => preview.getAttribute('alt'), { timeout: 30_000 }).toContain('Test rate in nine squares, 2024');
    await dialog.screenshot({ path: path.join(RESULTS, 'export-dialog.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^risk-atlas-\d{4}-\d{2}-\d{2}\.png$/);
    const file = path.join(RESULTS, 'export-map.png');
    await download.saveAs(file);
    const png = decodePng(new Uint8Array(fs.readFileSync(file)));
    const mapBox = JSON.parse((await preview.getAttribute('data-map-box'))!) as { x: number; y: number; w: number; h: number };

    // the map at the page's size with the legend column beside it, a header above and the sources under
    expect(mapBox).toMatchObject({ x: 0, w: VIEWPORT.width, h: VIEWPORT.height });
    expect(png.width).toBe(VIEWPORT.width + LAYOUT.legendWidth);
    expect(png.height).toBeGreaterThan(mapBox.y + mapBox.h);

    // the exported map is the page's map: each square's colour within a few levels of the screen's
    for (const c of CELLS) {
      const got = colourAt(png, c.code, 0, mapBox.y);
      const want = colourAt(shown!, c.code);
      expect(distance(got, want), `${c.code}: ${got} exported, ${want} on the page`).toBeLessThan(12);
    }
    // and the map area is drawn, not blank: hardly any pure white or fully transparent pixel
    const white = shareOfPixels(png, { x: 400, y: mapBox.y, width: 880, height: mapBox.h }, (r, g, b) => r > 250 && g > 250 && b > 250);
    expect(white, 'share of white pixels in the map area').toBeLessThan(0.05);

    // the legend column: each class's swatch in the palette's colour, and drawn text
    const legendBox = { x: VIEWPORT.width, y: mapBox.y, width: LAYOUT.legendWidth, height: png.height - mapBox.y };
    for (const colour of paletteColours('viridis', breaks.length - 1)) {
      const share = shareOfPixels(png, legendBox, (r, g, b) => distance([r, g, b], colour) < 3);
      // an 18 × 12 swatch among 300 × (the column's height) pixels
      expect(share * legendBox.width * legendBox.height, `pixels of swatch ${colour}`).toBeGreaterThan(150);
    }
    const ink = (r: number, g: number, b: number) => r < 110 && g < 110 && b < 110;
    expect(shareOfPixels(png, legendBox, ink), 'dark (text) pixels in the legend column').toBeGreaterThan(0.005);
    expect(shareOfPixels(png, { x: 0, y: 0, width: png.width, height: mapBox.y }, ink), 'dark (text) pixels in the header').toBeGreaterThan(0.005);
    expect(shareOfPixels(png, { x: 0, y: mapBox.y + mapBox.h, width: png.width, height: png.height - mapBox.y - mapBox.h }, (r, g, b) => r < 150 && g < 150 && b < 150), 'the sources under the map').toBeGreaterThan(0.002);
    // the scale bar's white ground over the lower left of the map
    expect(shareOfPixels(png, { x: LAYOUT.pad + 2, y: mapBox.y + mapBox.h - LAYOUT.pad - 40, width: 100, height: 30 }, (r, g, b) => r > 200 && g > 200 && b > 200), 'the scale bar ground').toBeGreaterThan(0.6);

    // Escape closes the dialog; the focus goes back to the button
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(button.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
  });

  it('says it in French', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&lang=fr`);
    await page.getByRole('button', { name: 'Exporter en PNG' }).click();
    const dialog = page.getByRole('dialog', { name: 'Exporter la carte en PNG' });
    await dialog.getByTestId('export-preview').waitFor({ timeout: 60_000 });
    await expect(dialog.getByRole('button', { name: 'Télécharger le PNG' }).isEnabled()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Fermer' }).first().click();
    await dialog.waitFor({ state: 'detached' });
  });
});
