import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Page } from 'playwright-core';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';
import { decodePng, type Rgba8Image } from '../helpers/png';
import { classIndex, classifyValues } from '../../client/features/layers/classify';
import { paletteColours } from '../../client/lib/palettes';

// The researcher's map: an indicator imported on a boundary set of nine squares (one without a
// value) drawn as a classed choropleth; its legend's breaks are those the classification gives
// for the data, each square is drawn in its class's colour and the square without a value is
// hatched. Then a factor of the countries as a choropleth. The built client, the real server.

const VIEWPORT = { width: 1280, height: 800 };
const VIEW = { lng: 23, lat: 13, zoom: 5.5 };
// a 3 × 3 grid of 2° squares in Chad, codes S1…S9; S5 (the middle) has an empty cell
const CELLS = Array.from({ length: 9 }, (_, i) => ({ code: `S${i + 1}`, lng: 20 + (i % 3) * 2, lat: 10 + Math.floor(i / 3) * 2 }));
const VALUES: Record<string, number | null> = { S1: 3, S2: 7, S3: 8, S4: 21, S5: null, S6: 24, S7: 40, S8: 44, S9: 95 };
const KNOWN = Object.values(VALUES).filter((v): v is number => v !== null);

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
  const cookie = await session.cookie();
  api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${session.server.url}/trpc`, headers: { cookie } })] });
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

// checked (and cleared) after each journey, so a failure names the journey that caused it
afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

async function screenshot(file?: string): Promise<Rgba8Image> {
  return decodePng(await page.screenshot(file ? { path: path.join(RESULTS, file) } : {}));
}

/** Pixel position of [lng, lat] on a Web Mercator map of 512 px tiles centred on VIEW. */
function project(lng: number, lat: number) {
  const worldPx = 512 * 2 ** VIEW.zoom;
  const mercY = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360));
  return {
    x: Math.round(VIEWPORT.width / 2 + ((lng - VIEW.lng) / 360) * worldPx),
    y: Math.round(VIEWPORT.height / 2 - ((mercY(lat) - mercY(VIEW.lat)) / (2 * Math.PI)) * worldPx),
  };
}

/** The pixels of a 30 px box around a square's centre. */
function pixelsAt(image: Rgba8Image, code: string): [number, number, number][] {
  const cell = CELLS.find((c) => c.code === code)!;
  const p = project(cell.lng + 1, cell.lat + 1);
  const out: [number, number, number][] = [];
  for (let y = p.y - 15; y < p.y + 15; y++) {
    for (let x = p.x - 15; x < p.x + 15; x++) {
      const i = (y * image.width + x) * 4;
      out.push([image.data[i], image.data[i + 1], image.data[i + 2]]);
    }
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const medianColour = (px: [number, number, number][]) => [0, 1, 2].map((k) => median(px.map((p) => p[k])));
const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** The class whose colour (drawn at `opacity` over the ground under it) is nearest the pixel. */
function nearestClass(pixel: number[], colours: readonly (readonly number[])[], ground: number[], opacity: number) {
  const drawn = colours.map((c) => c.map((v, k) => v * opacity + ground[k] * (1 - opacity)));
  return drawn.map((c, i) => ({ i, d: distance(pixel, c) })).sort((a, b) => a.d - b.d)[0].i;
}

async function legendBreaks(testId: string): Promise<number[]> {
  const legend = page.getByTestId(testId);
  await legend.waitFor({ timeout: 60_000 });
  return JSON.parse((await legend.getAttribute('data-breaks')) ?? '[]');
}

describe('choropleths', () => {
  it('draws an indicator in the classes its legend lists, hatches the square without a value, and reclassifies by Jenks', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&lang=en`);
    const testId = `legend-d:${obsId}`;
    const quantiles = classifyValues(KNOWN, { method: 'quantile', classes: 5 });
    expect(await legendBreaks(testId)).toEqual(quantiles.breaks);
    const legend = page.getByTestId(testId);
    // the legend lists the square without a value, the method, the period and the source
    await expect(legend.locator('.class-legend__row--no-data').textContent()).resolves.toBe('No data1 area');
    await expect(legend.textContent()).resolves.toContain('Quantiles, 5 classes · Period: 2024 · Source: Test survey 2024');
    await expect(legend.locator('.class-legend__row').first().textContent()).resolves.toBe(`3 – ${new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(quantiles.breaks[1])}2 areas`);

    // Jenks in three classes, chosen with the keyboard-reachable selects
    await page.getByLabel('Classification').selectOption('jenks');
    await page.getByLabel('Classes', { exact: true }).selectOption('3');
    const jenks = classifyValues(KNOWN, { method: 'jenks', classes: 3 });
    await expect.poll(() => legendBreaks(testId)).toEqual(jenks.breaks);
    // the values' three natural groups: 3–24, 40–44 and 95 alone
    expect(jenks.breaks).toEqual([3, 40, 95, 95]);
    await page.getByLabel('Palette').selectOption('Blues');
    const colours = paletteColours('Blues', 3);

    // each square in its class's colour; the basemap's land beside the grid is the ground under it
    await page.waitForTimeout(3000);
    let image = await screenshot();
    const beside = project(18.5, 11);
    const groundPx: [number, number, number][] = [];
    for (let y = beside.y - 5; y < beside.y + 5; y++) for (let x = beside.x - 5; x < beside.x + 5; x++) {
      const i = (y * image.width + x) * 4;
      groundPx.push([image.data[i], image.data[i + 1], image.data[i + 2]]);
    }
    const land = medianColour(groundPx);
    const deadline = Date.now() + 60_000;
    let wrong: string[] = [];
    do {
      wrong = [];
      for (const c of CELLS) {
        const v = VALUES[c.code];
        if (v === null) continue;
        const got = nearestClass(medianColour(pixelsAt(image, c.code)), colours, land, 0.85);
        if (got !== classIndex(v, jenks.breaks)) wrong.push(`${c.code}: class ${got}, expected ${classIndex(v, jenks.breaks)} (${medianColour(pixelsAt(image, c.code))})`);
      }
      if (wrong.length === 0) break;
      await page.waitForTimeout(500);
      image = await screenshot();
    } while (Date.now() < deadline);
    expect(wrong).toEqual([]);

    // the square without a value: grey hatching (dark and pale stripes), no class colour
    const noData = pixelsAt(image, 'S5');
    const grey = noData.filter(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) < 14);
    const dark = grey.filter(([r]) => r < 140).length / noData.length;
    const pale = grey.filter(([r]) => r > 185).length / noData.length;
    expect(grey.length / noData.length, 'share of grey pixels in the square without a value').toBeGreaterThan(0.9);
    expect(dark, 'share of dark stripes').toBeGreaterThan(0.15);
    expect(pale, 'share of pale ground').toBeGreaterThan(0.3);
    await screenshot('choropleth-indicator.png');
  });

  it('maps a factor of the countries with the breaks of its values and shows the borderland band as an outline over it', async () => {
    await api.factors.compute.mutate({ boundarySetId: 'world-atlas-50m-admin0', borderKm: 50, catchmentKm: 10 });
    await page.goto(`${session.server.url}/?v=15,20,2.2&l=countries,borderland&bk=50&lang=en`);
    const picker = page.getByTestId('factor-picker');
    await picker.getByLabel('Factor to map').selectOption('borderland-share');
    const testId = 'legend-d:factor:world-atlas-50m-admin0:borderland-share';
    const map = (await api.factors.map.query({ boundarySetId: 'world-atlas-50m-admin0', name: 'borderland-share' }))!;
    const countries = await api.layers.countries.query();
    // every country of the map, with its share (none missing for the default set)
    const values = countries.features.map((f) => map.areas.find((a) => a.code === (f.properties as { code: string }).code)?.value ?? NaN);
    expect(await legendBreaks(testId)).toEqual(classifyValues(values, { method: 'quantile', classes: 5 }).breaks);
    await expect(page.getByTestId(testId).textContent()).resolves.toContain('Share in borderland zones');
    // Algeria's interior in its class's colour (viridis, light for low shares); the band over the
    // choropleth only outlined in vermillion. SwiftShader takes a while to draw 241 countries.
    const breaks = await legendBreaks(testId);
    const colours = paletteColours('viridis', breaks.length - 1);
    const algeria = map.areas.find((a) => a.code === 'DZA')!.value!;
    const factorView = { lng: 15, lat: 20, zoom: 2.2 };
    const at = (lng: number, lat: number) => {
      const worldPx = 512 * 2 ** factorView.zoom;
      const mercY = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360));
      return { x: Math.round(640 + ((lng - factorView.lng) / 360) * worldPx), y: Math.round(400 - ((mercY(lat) - mercY(factorView.lat)) / (2 * Math.PI)) * worldPx) };
    };
    // southern Algeria, away from its label
    const inAlgeria = at(-1, 24);
    const isOutline = (r: number, g: number, b: number) => r > 180 && r - b > 120 && r - g > 60;
    let last = '';
    const deadline = Date.now() + 120_000;
    for (;;) {
      const image = decodePng(await page.screenshot({ timeout: 60_000 }));
      const box: [number, number, number][] = [];
      for (let y = inAlgeria.y - 4; y <= inAlgeria.y + 4; y++) for (let x = inAlgeria.x - 4; x <= inAlgeria.x + 4; x++) {
        const k = (y * image.width + x) * 4;
        box.push([image.data[k], image.data[k + 1], image.data[k + 2]]);
      }
      const pixel = medianColour(box);
      let outline = 0;
      for (let y = 100; y < 700; y += 2) for (let x = 330; x < 1250; x += 2) {
        const k = (y * image.width + x) * 4;
        if (isOutline(image.data[k], image.data[k + 1], image.data[k + 2])) outline++;
      }
      const drawnClass = nearestClass(pixel, colours, [255, 255, 255], 0.85);
      last = `Algeria ${pixel} → class ${drawnClass}, expected ${classIndex(algeria, breaks)}; ${outline} outline pixels`;
      if (drawnClass === classIndex(algeria, breaks) && outline > 200) break;
      if (Date.now() > deadline) throw new Error(last);
      await page.waitForTimeout(2000);
    }
    await screenshot('choropleth-factor.png');
  });
});
