import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';
import { describeWithSharedData, readSharedData } from '../helpers/shared-data';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from '../api/client';

// The researcher's map, for areas of any boundary set: India's states (Elastic's EMS file, ISO
// 3166-2 codes) and Bihar's districts (Census 2011 codes, whose parent '10' does not link to
// IN-BR) imported as boundary sets, and NFHS-4 and NFHS-5's share of women aged 20–24 married
// before 18 by state imported on the states. A click on the map opens the state's profile with
// its indicator, trend and rank; the profile drills down to the districts and back up by its
// breadcrumbs; the search box finds a district and a town by name. The built client, the real server.

const VIEWPORT = { width: 1280, height: 800 };
// each journey draws the map several times in SwiftShader: on a loaded machine, minutes
const JOURNEY_MS = 420_000;
const FILES = ['boundaries/india-states.ems.geojson', 'boundaries/india-bihar-districts-2011.geojson', 'child-marriage/india-nfhs5-states.csv'];
const INDICATOR = '20. Women age 20-24 years married before age 18 years (%)';

let session: BrowserSession;
let page: Page;
let statesId = '';
let districtsId = '';
/** NFHS-4 and NFHS-5 values by state code, as the file gives them. */
const nfhs = new Map<string, { nfhs4: number; nfhs5: number }>();

describeWithSharedData('the profile of any area, the drill-down and the search', FILES, () => {
  beforeAll(async () => {
    session = await openBrowserSession({ viewport: VIEWPORT });
    page = session.page;
    const cookie = await session.cookie();
    const url = session.server.url;
    const api = apiClient(cookie, url);
    const publish = async (name: string, body: string | Uint8Array, request: ImportRequestInput) => {
      const job = await publishUpload(api, await uploadFile(name, body as string, cookie, url), request);
      if (job.phase !== 'published') throw new Error(`${name}: ${job.phase} ${JSON.stringify(job.error)}`);
      return job.datasetId!;
    };
    statesId = await publish('india-states.geojson', readSharedData(FILES[0]), { kind: 'boundaries', name: 'India states (EMS)', sensitivity: 'public', codeField: 'iso_3166_2', nameField: 'label_en', level: 1 } as ImportRequestInput);
    districtsId = await publish('bihar-districts.geojson', readSharedData(FILES[1]), { kind: 'boundaries', name: 'Bihar districts 2011', sensitivity: 'public', codeField: 'dt_code', nameField: 'district', level: 2 } as ImportRequestInput);
    // the states' rows of the indicator, long by survey round, for the states whose ISO code is IN-<state_code>
    const states = new Set((JSON.parse(new TextDecoder().decode(readSharedData(FILES[0]))) as { features: { properties: { iso_3166_2: string } }[] }).features.map((f) => f.properties.iso_3166_2));
    const rows: string[] = [];
    for (const line of new TextDecoder().decode(readSharedData(FILES[2])).split('\n')) {
      if (!line.includes(INDICATOR)) continue;
      const cells = line.split(',');
      const [code, total5, total4] = [cells[1], Number(cells.at(-2)), Number(cells.at(-1))];
      if (!code || !states.has(`IN-${code}`)) continue;
      nfhs.set(`IN-${code}`, { nfhs4: total4, nfhs5: total5 });
      rows.push(`IN-${code},NFHS-4,${total4}`, `IN-${code},NFHS-5,${total5}`);
    }
    await publish('nfhs-child-marriage.csv', `state,round,value\n${rows.join('\n')}\n`, {
      kind: 'observations', name: 'NFHS child marriage by state', source: 'NFHS-4 (2015–16) and NFHS-5 (2019–21) state fact sheets, IIPS/MoHFW', areaField: 'state', valueField: 'value',
      periodField: 'round', indicator: 'Women 20–24 married before 18', unit: '%', joinTo: statesId, joinOn: 'code',
    } as ImportRequestInput);
  }, 300_000);

  afterEach(() => session.expectNoProblems());
  afterAll(async () => {
    await session?.close();
  });

  const profile = () => page.getByRole('complementary').filter({ has: page.locator('#profile-heading') });
  const screenshot = (file: string) => page.screenshot({ path: path.join(RESULTS, file) });

  it("opens a state's profile from a click on the map, with its indicator, trend and rank", async () => {
    // Bihar in the middle of the window; the states over the countries
    await page.goto(`${session.server.url}/?v=85.8,25.9,6&l=countries,d:${statesId}&lang=en`);
    await page.locator('.layer-item__meta').first().waitFor();
    const panel = page.getByRole('complementary', { name: 'Bihar' });
    // the map picks once it has drawn: click again until the panel opens
    for (let i = 0; i < 20 && !(await panel.isVisible()); i++) {
      await page.mouse.click(VIEWPORT.width / 2, VIEWPORT.height / 2);
      await panel.waitFor({ timeout: 3000 }).catch(() => {});
    }
    await panel.waitFor();
    await expect.poll(() => page.url()).toContain(`a=IN-BR&as=${statesId}`);
    expect(await panel.getByTestId('profile-set').textContent()).toBe('India states (EMS) · level 1');
    const bihar = nfhs.get('IN-BR')!;
    const indicator = panel.getByTestId('brief-indicator');
    expect(await indicator.getByTestId('indicator-value').textContent()).toBe(`${bihar.nfhs5}\u00a0%`);
    expect(await indicator.getByTestId('indicator-period').textContent()).toBe('in NFHS-5');
    // rank among the states with a value, highest first: counted here from the file
    const higher = [...nfhs.values()].filter((v) => v.nfhs5 > bihar.nfhs5).length;
    expect(await indicator.getByTestId('indicator-rank').textContent()).toMatch(new RegExp(`^Rank ${higher + 1} of ${nfhs.size} areas`));
    expect(await indicator.getByTestId('indicator-source').textContent()).toContain('NFHS-4 (2015–16) and NFHS-5');
    // the trend: two points, NFHS-4 then NFHS-5, described in its label
    const chart = indicator.getByTestId('trend-chart');
    expect(await chart.locator('svg').getAttribute('data-points')).toBe('2');
    expect(await chart.locator('svg').getAttribute('aria-label')).toBe(`Women 20–24 married before 18 over 2 periods: ${bihar.nfhs4}\u00a0% in NFHS-4, ${bihar.nfhs5}\u00a0% in NFHS-5.`);
    await indicator.getByText('Values by period (2)').click();
    const cells = await indicator.getByTestId('indicator-periods').locator('tbody tr').allTextContents();
    expect(cells.map((c) => c.slice(0, 6))).toEqual(['NFHS-4', 'NFHS-5']);
    // the risk score comes after the rest, on its own
    await panel.getByTestId('brief-risk').locator('[data-testid="risk-none"], [data-testid="risk-score"]').first().waitFor({ timeout: 60_000 });
    await page.mouse.move(5, 790);
    await screenshot('area-profile-bihar.png');

    // printed, only the profile shows, without its buttons
    await page.emulateMedia({ media: 'print' });
    // (hidden elements leave the accessibility tree: found by their class)
    expect(await page.locator('.left-column .app-title').evaluate((e) => getComputedStyle(e).visibility)).toBe('hidden');
    expect(await panel.locator('#profile-heading').evaluate((e) => getComputedStyle(e).visibility)).toBe('visible');
    expect(await panel.getByRole('button', { name: 'Print this profile' }).isVisible()).toBe(false);
    await screenshot('area-profile-print.png');
    await page.emulateMedia({ media: 'screen' });
  }, JOURNEY_MS);

  it('drills down from the state to its districts by containment and back up by the breadcrumbs', async () => {
    await page.goto(`${session.server.url}/?v=85.8,25.9,6&l=countries,d:${statesId}&a=IN-BR&as=${statesId}&lang=en`);
    const bihar = page.getByRole('complementary', { name: 'Bihar' });
    await bihar.waitFor();
    const inside = bihar.getByTestId('subareas');
    await inside.getByText('Bihar districts 2011: 38 areas').waitFor({ timeout: 60_000 });
    expect(await inside.getByText('Found by location: codes do not link these sets.').count()).toBe(1);
    expect(await bihar.getByTestId('breadcrumbs').getByRole('button').allTextContents()).toEqual(['India']);

    await inside.getByRole('button', { name: 'Araria' }).click();
    const araria = page.getByRole('complementary', { name: 'Araria' });
    await araria.waitFor();
    await expect.poll(() => page.url()).toContain(`as=${districtsId}`);
    // the districts' layer is shown with them
    await expect.poll(() => page.url()).toContain(`d:${districtsId}`);
    const crumbs = araria.getByTestId('breadcrumbs');
    await crumbs.waitFor();
    expect(await crumbs.locator('li').allTextContents()).toEqual(['India', 'Bihar', 'Araria']);
    expect(await araria.getByTestId('brief-indicators').getByText('No imported indicator has a value for this area.').count()).toBe(1);
    await screenshot('area-profile-araria.png');

    await crumbs.getByRole('button', { name: 'Bihar' }).click();
    await page.getByRole('complementary', { name: 'Bihar' }).waitFor();
    await page.getByTestId('breadcrumbs').getByRole('button', { name: 'India' }).click();
    const india = page.getByRole('complementary', { name: 'India' });
    await india.waitFor();
    expect(await india.getByTestId('iso3').textContent()).toBe('IND');
    const states = india.getByTestId('subareas');
    await states.getByText(/^India states \(EMS\): \d+ areas$/).waitFor({ timeout: 60_000 });
    const names = await states.getByRole('listitem').allTextContents();
    expect(names).toContain('Bihar');
    expect(names.length).toBeGreaterThanOrEqual(30);
  }, JOURNEY_MS);

  it('finds a district by name from the search box, by keyboard', async () => {
    await page.goto(`${session.server.url}/?v=80,22,4&l=countries&lang=en`, { timeout: 90_000 });
    await page.locator('.layer-item__meta').first().waitFor();
    await page.locator('body').press('/');
    const box = page.getByRole('combobox', { name: 'Search an area, place or site by name' });
    const list = page.getByRole('listbox', { name: 'Search results' });
    expect(await box.evaluate((e) => e === document.activeElement)).toBe(true);
    await box.pressSequentially('Araria');
    /** Presses ↓ until the chosen option is the first of its kind; checks it is so. */
    const arrowTo = async (kind: string) => {
      const kinds = await list.getByRole('option').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      const selected = await list.getByRole('option').evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-selected') === 'true'));
      const n = kinds.length;
      for (let i = 0; i < (kinds.indexOf(kind) - selected + n) % n; i++) await box.press('ArrowDown');
      expect(await list.locator('[aria-selected="true"]').getAttribute('data-kind')).toBe(kind);
    };
    const district = list.locator('[data-kind="area"]').first();
    // the first search of a fresh server reads the names of every dataset (135,000 places)
    await district.waitFor({ timeout: 90_000 });
    expect(await district.locator('.search-box__name').textContent()).toBe('Araria');
    expect(await district.locator('.search-box__detail').textContent()).toBe('Bihar districts 2011 · 209');
    // ↓ to it (the town of Arāria may come first), Enter opens it
    await arrowTo('area');
    await box.press('Enter');
    const araria = page.getByRole('complementary', { name: 'Araria' });
    // (SwiftShader draws the flight at zoom 9 on a shared machine: give it time)
    await araria.waitFor({ timeout: 90_000 });
    await expect.poll(() => page.url()).toContain(`a=209&as=${districtsId}`);
    // flown to Araria (26.1°N, 87.4°E)
    await expect.poll(() => page.url().match(/v=([\d.-]+),([\d.-]+),([\d.]+)/)?.slice(1).map(Number), { timeout: 15_000 }).toSatisfy(
      (v: number[] | undefined) => !!v && Math.abs(v[0] - 87.4) < 0.5 && Math.abs(v[1] - 26.1) < 0.5 && v[2] > 7,
    );

    // Escape closes the list, keeping the text and the profile
    await box.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await box.inputValue()).toBe('Araria');
    expect(await page.getByRole('complementary', { name: 'Araria' }).count()).toBe(1);
    await screenshot('search-araria.png');
  }, JOURNEY_MS);
});
