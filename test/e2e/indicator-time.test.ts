import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Page } from 'playwright-core';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';
import { decodePng } from '../helpers/png';
import { classifyValues, countClasses } from '../../client/features/layers/classify';
import { classifyBivariate } from '../../client/features/layers/bivariate';

// The researcher's map over time: a long table of two made-up indicators (test values, not
// figures about any place) on a 3 × 3 grid of squares, one with three periods. The user picks the
// indicator, moves the period slider and reads the legend's period and counts change, fixes the
// breaks across periods, maps the two indicators as a bivariate map and compares two periods
// either side of a divider moved with the keyboard. The built client, the real server.

const VIEWPORT = { width: 1280, height: 800 };
const VIEW = { lng: 23, lat: 13, zoom: 5.5 };
const CELLS = Array.from({ length: 9 }, (_, i) => ({ code: `S${i + 1}`, lng: 20 + (i % 3) * 2, lat: 10 + Math.floor(i / 3) * 2 }));
// Rate A in three periods (2016 lacks three squares, every period lacks S5); Rate B in 2024 only
const RATE_A: Record<string, (number | null)[]> = {
  S1: [30, 20, 5], S2: [32, 24, 8], S3: [40, 30, 12], S4: [45, 33, 20], S5: [null, null, null],
  S6: [null, 41, 26], S7: [null, 50, 31], S8: [null, 62, 44], S9: [80, 70, 60],
};
const PERIODS = ['2016', '2020', '2024'];
const RATE_B: Record<string, number | null> = { S1: 9, S2: 1, S3: 4, S4: 7, S5: 3, S6: 2, S7: 8, S8: 6, S9: null };

let session: BrowserSession;
let page: Page;
let api: ReturnType<typeof createTRPCClient<AppRouter>>;
let obsId = '';
let otherId = '';

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
  const lines = ['code,indicator,year,value'];
  for (const c of CELLS) {
    PERIODS.forEach((p, i) => lines.push(`${c.code},Rate A,${p},${RATE_A[c.code][i] ?? ''}`));
    lines.push(`${c.code},Rate B,2024,${RATE_B[c.code] ?? ''}`);
  }
  obsId = await publish(await upload('rates-over-time.csv', `${lines.join('\n')}\n`), {
    kind: 'observations', name: 'Test rates over time', source: 'Test survey rounds', areaField: 'code', indicatorField: 'indicator', periodField: 'year', valueField: 'value',
    unit: '%', joinTo: setId, joinOn: 'code',
  });
  const other = `code,score\n${CELLS.map((c, i) => `${c.code},${i}`).join('\n')}\n`;
  otherId = await publish(await upload('scores.csv', other), {
    kind: 'observations', name: 'Test scores', source: 'Test scores 2024', areaField: 'code', valueField: 'score', period: '2024', indicator: 'Score', joinTo: setId, joinOn: 'code',
  });
}, 240_000);

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

const valuesIn = (period: number) => CELLS.map((c) => RATE_A[c.code][period]).filter((v): v is number => v !== null);
const legend = () => page.getByTestId(`legend-d:${obsId}`);
const caption = async () => (await legend().locator('.legend__note').allTextContents()).join(' | ');
const classCounts = async () => (await legend().locator('.class-legend__row:not(.class-legend__row--no-data) .class-legend__count').allTextContents()).map((s) => Number.parseInt(s, 10));
const breaksShown = async () => JSON.parse((await legend().getAttribute('data-breaks')) ?? '[]') as number[];

describe('indicators over time', () => {
  it('picks an indicator, moves the period slider and plays, and the legend gives the period, unit, counts and no data of each', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&lang=en`);
    await legend().waitFor({ timeout: 60_000 });
    // Rate A has the most rows: mapped first, each square in its latest period
    await expect(legend().locator('.legend__title').textContent()).resolves.toBe('Rate A');
    await expect(caption()).resolves.toContain('Unit: %');

    const indicator = page.getByLabel('Indicator', { exact: true });
    await indicator.waitFor({ timeout: 30_000 });
    await indicator.selectOption('Rate B');
    await expect.poll(() => legend().locator('.legend__title').textContent()).toBe('Rate B');
    await expect.poll(caption).toContain('Period: 2024 · Source: Test survey rounds');
    await expect(legend().locator('.class-legend__row--no-data').textContent()).resolves.toBe('No data1 area');
    await indicator.selectOption('Rate A');
    await expect.poll(() => legend().locator('.legend__title').textContent()).toBe('Rate A');

    // the period slider, with the keyboard: the first period, then the next
    const slider = page.getByRole('slider', { name: 'Period' });
    await slider.focus();
    await slider.press('Home');
    await expect.poll(caption).toContain('Period: 2016 ·');
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe('2016');
    const first = classifyValues(valuesIn(0), { method: 'quantile', classes: 5 });
    await expect.poll(breaksShown).toEqual(first.breaks);
    expect(await classCounts()).toEqual(first.counts);
    // S5 to S8 have no 2016 value: hatched and listed, not put in the lowest class
    await expect(legend().locator('.class-legend__row--no-data').textContent()).resolves.toBe('No data4 areas');
    await page.screenshot({ path: path.join(RESULTS, 'time-2016.png') });
    await legend().locator('..').screenshot({ path: path.join(RESULTS, 'time-2016-legend.png') });

    await slider.press('ArrowRight');
    await expect.poll(caption).toContain('Period: 2020 ·');
    const second = classifyValues(valuesIn(1), { method: 'quantile', classes: 5 });
    await expect.poll(breaksShown).toEqual(second.breaks);
    expect(await classCounts()).toEqual(second.counts);
    await expect(legend().locator('.class-legend__row--no-data').textContent()).resolves.toBe('No data1 area');
    expect(second.counts).not.toEqual(first.counts);

    // fixed breaks: those of every period together; the counts are still the period's own
    await page.getByLabel('Same breaks for every period (colours compare over time)').check();
    const pooled = classifyValues([0, 1, 2].flatMap(valuesIn), { method: 'quantile', classes: 5 }).breaks;
    await expect.poll(breaksShown).toEqual(pooled);
    await expect.poll(caption).toContain('same breaks for every period');
    expect(await classCounts()).toEqual(countClasses(valuesIn(1), pooled).counts);
    await slider.press('ArrowLeft');
    await expect.poll(caption).toContain('Period: 2016 ·');
    expect(await breaksShown()).toEqual(pooled);
    expect(await classCounts()).toEqual(countClasses(valuesIn(0), pooled).counts);
    // the view is in the link
    await expect.poll(() => new URL(page.url()).searchParams.get(`p.${obsId}`)).toBe('2016');
    expect(new URL(page.url()).searchParams.get(`fx.${obsId}`)).toBe('1');

    // play runs through the later periods and stops at the last
    await page.getByRole('button', { name: 'Play periods' }).click();
    await expect.poll(caption, { timeout: 15_000 }).toContain('Period: 2020 ·');
    await expect.poll(caption, { timeout: 15_000 }).toContain('Period: 2024 ·');
    await expect(page.getByRole('button', { name: 'Play periods' })).toBeDefined();
    await expect.poll(() => page.getByRole('button', { name: 'Play periods' }).getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    await page.screenshot({ path: path.join(RESULTS, 'time-2024-fixed.png') });
  });

  it('maps the two indicators as a bivariate map with a 3 × 3 legend of its counts', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&lang=en`);
    await legend().waitFor({ timeout: 60_000 });
    await page.getByLabel('Bivariate map with').selectOption('Rate B');
    const bivariate = page.getByTestId(`bivariate-legend-d:${obsId}`);
    await bivariate.waitFor({ timeout: 30_000 });
    // each square's latest Rate A (2024) against Rate B (2024); S5 and S9 lack one of them
    const a = CELLS.map((c) => RATE_A[c.code][2] ?? NaN);
    const b = CELLS.map((c) => RATE_B[c.code] ?? NaN);
    const expected = classifyBivariate(a, b);
    expect(JSON.parse((await bivariate.getAttribute('data-counts')) ?? '[]')).toEqual(expected.counts);
    await expect(bivariate.locator('.legend__title').textContent()).resolves.toBe('Rate A × Rate B');
    await expect(bivariate.locator('.bivariate-legend__cell')).toBeDefined();
    expect(await bivariate.locator('.bivariate-legend__cell').count()).toBe(9);
    await expect(bivariate.locator('.class-legend__row--no-data').textContent()).resolves.toBe('No data for one or both2 areas');
    await expect(bivariate.textContent()).resolves.toContain('Period: 2024 · Source: Test survey rounds');
    // the one-indicator legend gives way to the 3 × 3 one
    expect(await legend().count()).toBe(0);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(RESULTS, 'bivariate.png') });
    await bivariate.screenshot({ path: path.join(RESULTS, 'bivariate-legend.png') });
  });

  it('compares two periods either side of a divider that the keyboard moves', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&p.${obsId}=2024&c.${obsId}=2016&lang=en`);
    await legend().waitFor({ timeout: 60_000 });
    const divider = page.getByRole('slider', { name: 'Divider between 2024 (left) and 2016 (right)' });
    await divider.waitFor({ timeout: 30_000 });
    await expect(page.getByTestId(`legend-d:${obsId}:compare`).locator('.legend__title').textContent()).resolves.toBe('Compared period: 2016 (right of the divider)');
    // both sides share the breaks of both periods
    const pooled = classifyValues([0, 1, 2].flatMap(valuesIn), { method: 'quantile', classes: 5 }).breaks;
    await expect.poll(breaksShown).toEqual(pooled);
    await divider.focus();
    for (let i = 0; i < 5; i++) await divider.press('ArrowRight');
    await expect(divider.getAttribute('aria-valuenow')).resolves.toBe('60');
    await divider.press('Shift+ArrowLeft');
    await expect(divider.getAttribute('aria-valuenow')).resolves.toBe('50');

    // the divider at the middle of the map (23° E): S8 (22–24° E, 14–16° N) straddles it, its
    // left half coloured by 2024 (44 %) and its right half hatched (no 2016 value)
    const deadline = Date.now() + 60_000;
    let last = '';
    for (;;) {
      const image = decodePng(await page.screenshot());
      const y = Math.round(VIEWPORT.height / 2 - ((Math.log(Math.tan(Math.PI / 4 + (15 * Math.PI) / 360)) - Math.log(Math.tan(Math.PI / 4 + (VIEW.lat * Math.PI) / 360))) / (2 * Math.PI)) * 512 * 2 ** VIEW.zoom);
      const sample = (x: number) => {
        const px: number[][] = [];
        for (let dy = -12; dy <= 12; dy++) for (let dx = -12; dx <= 12; dx++) {
          const k = ((y + dy) * image.width + x + dx) * 4;
          px.push([image.data[k], image.data[k + 1], image.data[k + 2]]);
        }
        const grey = px.filter(([r, g, bl]) => Math.max(r, g, bl) - Math.min(r, g, bl) < 14).length / px.length;
        return grey;
      };
      const leftGrey = sample(VIEWPORT.width / 2 - 40);
      const rightGrey = sample(VIEWPORT.width / 2 + 40);
      last = `grey share left ${leftGrey.toFixed(2)}, right ${rightGrey.toFixed(2)}`;
      if (leftGrey < 0.2 && rightGrey > 0.9) break;
      if (Date.now() > deadline) throw new Error(last);
      await page.waitForTimeout(1000);
    }
    await page.screenshot({ path: path.join(RESULTS, 'swipe-periods.png') });
  });

  it('orders two indicator layers with the move buttons and by dragging, the link keeping the order', async () => {
    // bottom first in the link: the scores drawn over the rates
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId},d:${otherId}&lang=en`);
    await legend().waitFor({ timeout: 60_000 });
    const rows = page.getByRole('list', { name: 'Indicators' }).locator(':scope > li');
    const listed = async () => (await rows.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-testid'))));
    await expect.poll(listed).toEqual([`dataset-layer-${otherId}`, `dataset-layer-${obsId}`]);
    const layersInLink = () => new URL(page.url()).searchParams.get('l');
    // the top layer's "up" is disabled; "down", with the keyboard, draws it under the rates
    await expect(page.getByRole('button', { name: 'Draw Test scores above the layer over it' }).isDisabled()).resolves.toBe(true);
    const down = page.getByRole('button', { name: 'Draw Test scores below the layer under it' });
    await down.focus();
    await down.press('Enter');
    await expect.poll(listed).toEqual([`dataset-layer-${obsId}`, `dataset-layer-${otherId}`]);
    await expect.poll(layersInLink).toBe(`d:${otherId},d:${obsId}`);
    // dragging the rates, now on top, onto the scores puts the scores back on top (a tall window,
    // so that both rows show in the panel)
    await page.setViewportSize({ width: VIEWPORT.width, height: 1600 });
    const dragHandle = page.getByTestId(`dataset-layer-${obsId}`).locator('.layer-item__drag');
    await dragHandle.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const handle = (await dragHandle.boundingBox())!;
    const target = (await page.getByTestId(`dataset-layer-${otherId}`).locator('.layer-item__row').boundingBox())!;
    expect(target.y + target.height, 'the drop target within the window').toBeLessThan(1600);
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + 60, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(listed).toEqual([`dataset-layer-${otherId}`, `dataset-layer-${obsId}`]);
    await expect.poll(layersInLink).toBe(`d:${obsId},d:${otherId}`);
    await page.setViewportSize(VIEWPORT);
  });

  it('fills only the areas in a range of values, saying how many are left out', async () => {
    await page.goto(`${session.server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=d:${obsId}&p.${obsId}=2020&lang=en`);
    await legend().waitFor({ timeout: 60_000 });
    const from = page.getByLabel('Fill values from');
    await from.fill('30');
    await from.press('Enter');
    // 2020: 20 and 24 fall below 30; S5 has no value and stays no data
    await expect.poll(() => page.getByTestId(`legend-filtered-d:${obsId}`).textContent()).toBe('2 areas outside the range (not filled)');
    const all = classifyValues(valuesIn(1), { method: 'quantile', classes: 5 });
    expect(await breaksShown()).toEqual(all.breaks);
    expect(await classCounts()).toEqual(countClasses(valuesIn(1).filter((v) => v >= 30), all.breaks).counts);
    await expect(legend().locator('.class-legend__row--no-data').textContent()).resolves.toBe('No data1 area');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(RESULTS, 'range-filter.png') });
  });
});
