import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// A programme manager targets an intervention at a site found by name (an airport of the built-in
// layer): the form lists it, the record keeps it, its country's coverage counts it (a site
// inside an area covers the whole area, times the status weight), and a click on it on the map
// opens it. SAMPLE intervention.

let session: BrowserSession;
const VIEWPORT = { width: 1280, height: 800 };

/** Pixel position of [lng, lat] on a Web Mercator map of 512 px tiles centred on `view`. */
function project(view: { lng: number; lat: number; zoom: number }, lng: number, lat: number) {
  const worldPx = 512 * 2 ** view.zoom;
  const mercY = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360));
  return {
    x: Math.round(VIEWPORT.width / 2 + ((lng - view.lng) / 360) * worldPx),
    y: Math.round(VIEWPORT.height / 2 - ((mercY(lat) - mercY(view.lat)) / (2 * Math.PI)) * worldPx),
  };
}
const TITLE = 'Training of airport staff at Paro (sample)';

beforeAll(async () => {
  session = await openBrowserSession({ viewport: VIEWPORT });
});

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

describe('intervention targets', () => {
  it('adds a site found by name as a target; the record and the coverage of its country count it', async () => {
    const { page, server } = session;
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie: await session.cookie() } })] });
    const [paro] = (await api.areas.search.query({ q: 'Paro Airport', limit: 50 })).filter((r) => r.kind === 'site');
    expect(paro).toMatchObject({ kind: 'site', name: 'Paro Airport', category: 'transit.airport' });

    await page.goto(`${server.url}/?v=90,27,5&l=&lang=en`);
    await page.getByRole('button', { name: 'Interventions…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Interventions' });
    await dialog.getByText('0 interventions').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'New intervention' }).click();
    const form = page.getByRole('dialog', { name: 'New intervention' });
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Action area').selectOption('2.2');
    await form.getByLabel('Find a site by name').fill('paro air');
    const add = form.getByRole('button', { name: 'Add the site Paro Airport (Airport, Airports (OpenFlights))' });
    await add.click({ timeout: 30_000 });
    const targets = form.getByTestId('target-list').locator('li');
    await expect(targets.count()).resolves.toBe(1);
    await expect(targets.first().locator('span').textContent()).resolves.toBe('Paro Airport');
    // chosen once: its button is disabled now
    await expect(add.isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: path.join(RESULTS, 'intervention-site-target.png') });
    await form.getByRole('button', { name: 'Create the intervention' }).click();
    await expect(dialog.getByTestId('interventions-notice').textContent()).resolves.toBe(`“${TITLE}” was created.`);

    const [stored] = (await api.interventions.list.query({})).filter((i) => i.title === TITLE);
    expect(stored.targets).toHaveLength(1);
    expect(stored.targets[0]).toMatchObject({ kind: 'site', siteId: paro.kind === 'site' ? paro.id : -1, name: 'Paro Airport', category: 'transit.airport' });
    // planned: weight 0.5 over the whole of Bhutan, where the airport lies
    const coverage = await api.interventions.coverage.query({ boundarySetId: 'world-atlas-50m-admin0' });
    const btn = coverage.areas.find((a) => a.code === 'BTN');
    expect(btn?.coverage).toBeCloseTo(0.5, 6);
    expect(btn?.interventions.map((i) => [i.id, i.share])).toEqual([[stored.id, 1]]);
    expect(coverage.areas.find((a) => a.code === 'NPL')?.coverage ?? 0).toBe(0);

    // on the map, a click on its dot opens its details
    await dialog.getByLabel('Show on the map').check();
    await page.getByTestId('interventions-legend').waitFor();
    await page.getByRole('button', { name: 'Close the interventions' }).click();
    await dialog.waitFor({ state: 'detached' });
    const dot = project({ lng: 90, lat: 27, zoom: 5 }, paro.lng, paro.lat);
    const details = page.getByRole('dialog', { name: 'Intervention' });
    // the layer draws once its data has loaded: click until the dot answers
    for (let deadline = Date.now() + 60_000; Date.now() < deadline && !(await details.isVisible()); ) {
      await page.mouse.click(dot.x, dot.y);
      await details.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await details.getByText(TITLE).first().waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'intervention-from-map.png') });
  }, 240_000);
});
