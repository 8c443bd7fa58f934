import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ROOT, type RunningServer } from '../helpers/start-server';
import { openBrowserSession, type BrowserSession } from '../helpers/browser-session';
import { decodePng, shareOfPixels } from '../helpers/png';
import { itWithSharedData, sharedDataPath } from '../helpers/shared-data';

// The import wizard on real files of the shared corpus (never copied into the repo): Bihar's
// district boundaries as a new boundary set, then NFHS-5 child-marriage values joined to it by
// name, with the two renamed districts confirmed by hand. The built client, the real server.

const RESULTS = path.resolve(ROOT, 'test-results');
const VIEWPORT = { width: 1280, height: 800 };
const BIHAR_FILE = 'boundaries/india-bihar-districts-2011.geojson';
const NFHS_FILE = 'child-marriage/india-nfhs5-districts-phase1.csv';
const BIHAR = sharedDataPath(BIHAR_FILE);
const NFHS = sharedDataPath(NFHS_FILE);
const INDICATOR = '16. Women age 20-24 years married before age 18 years (%)';

let session: BrowserSession;
let server: RunningServer;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ viewport: VIEWPORT });
  ({ server, page } = session);
});

// checked (and cleared) after each journey, so a failure names the journey that caused it
afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

async function openWizard(): Promise<Locator> {
  await page.getByRole('button', { name: 'Import data…' }).click();
  const wizard = page.getByRole('dialog', { name: 'Import data' });
  await wizard.waitFor();
  return wizard;
}

/** The wizard's own close button at the end of a publish (not the dialog's ×). */
async function closeAfterPublish(wizard: Locator) {
  await wizard.getByRole('button', { name: 'Close', exact: true }).click();
  await wizard.waitFor({ state: 'detached' });
}

async function screenshot(file: string) {
  return decodePng(await page.screenshot({ path: path.join(RESULTS, file) }));
}

describe('import wizard', () => {
  itWithSharedData('imports Bihar district boundaries, then NFHS-5 child marriage joined to them by name', [BIHAR_FILE, NFHS_FILE], async () => {
    // Bihar fills the middle of the map at this view; the layer panel covers the left 320 px
    await page.goto(`${server.url}/?v=85.9,25.8,6.4&l=countries&lang=en`);
    await page.getByRole('heading', { name: 'Layers' }).waitFor();
    await page.getByText('None yet.', { exact: false }).waitFor();

    // --- boundaries: upload, preview with the server's proposals, check, publish ---
    let wizard = await openWizard();
    await wizard.getByLabel('Choose a file').setInputFiles(BIHAR);
    await wizard.getByTestId('row-count').filter({ hasText: '38 features' }).waitFor({ timeout: 30_000 });
    expect(await wizard.getByTestId('format').textContent()).toBe('GeoJSON');
    expect(await wizard.getByRole('radio', { name: 'Boundaries' }).isChecked()).toBe(true);
    expect(await wizard.getByLabel('Code field', { exact: true }).inputValue()).toBe('dt_code');
    expect(await wizard.getByLabel('Name field').inputValue()).toBe('district');
    expect(await wizard.getByLabel('Administrative level').inputValue()).toBe('2');
    // the sample map and the first rows, read as text
    expect(await wizard.getByRole('img', { name: /Map of the first 38 features/ }).count()).toBe(1);
    expect(await wizard.getByRole('cell', { name: 'West Champaran' }).count()).toBe(1);
    expect(await wizard.getByText(/rewound the rings of 38 of 38 features/).count()).toBe(1);
    await screenshot('import-preview.png');

    await wizard.getByLabel('Dataset name').fill('Bihar districts 2011');
    await wizard.getByLabel('Source', { exact: true }).fill('Census of India 2011 district maps (udit-001/india-maps-data)');
    await wizard.getByLabel('Licence', { exact: true }).fill('No licence stated');
    await wizard.getByLabel('Date of the data').fill('2011');
    await wizard.getByRole('button', { name: 'Check' }).click();
    expect(await wizard.getByTestId('to-write-areas').textContent()).toBe('38 areas to write');
    await wizard.getByRole('button', { name: 'Publish' }).click();
    await wizard.getByText('Published Bihar districts 2011').waitFor({ timeout: 30_000 });
    expect(await wizard.getByTestId('written-areas').textContent()).toBe('38 areas written');
    await closeAfterPublish(wizard);

    // the new layer is in the layer panel, switched on, and in the link
    const boundaries = page.getByRole('checkbox', { name: 'Bihar districts 2011' });
    await boundaries.waitFor();
    expect(await boundaries.isChecked()).toBe(true);
    const boundaryItem = page.getByRole('listitem').filter({ has: boundaries });
    expect(await boundaryItem.locator('.layer-item__meta').textContent()).toBe('38 features · Census of India 2011 district maps (udit-001/india-maps-data)');
    await expect.poll(() => page.url()).toMatch(/l=countries,d:bihar-districts-2011-[0-9a-f]{8}&/);
    const boundaryId = /d:(bihar-districts-2011-[0-9a-f]{8})/.exec(page.url())![1];

    // --- the catalogue records where it came from ---
    await page.getByRole('button', { name: 'Catalogue' }).click();
    let catalogue = page.getByRole('dialog', { name: 'Dataset catalogue' });
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(BIHAR)).digest('hex');
    const bRow = catalogue.getByTestId(`catalogue-${boundaryId}`);
    await bRow.waitFor();
    expect(await bRow.getByText('india-bihar-districts-2011.geojson').count()).toBe(1);
    expect(await bRow.getByTestId('file-hash').textContent()).toBe(sha256.slice(0, 12));
    expect(await bRow.getByText('No licence stated').count()).toBe(1);
    expect(await bRow.getByRole('cell', { name: '38', exact: true }).count()).toBe(1);
    // built-in datasets are listed, without a delete button
    const airports = catalogue.getByTestId('catalogue-default-airports');
    expect(await airports.getByText('built in', { exact: false }).count()).toBe(1);
    expect(await airports.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await catalogue.getByRole('button', { name: 'Close the catalogue' }).click();
    await catalogue.waitFor({ state: 'detached' });

    // --- observations: a long table filtered to one state and one indicator, joined by name ---
    wizard = await openWizard();
    await wizard.getByLabel('Choose a file').setInputFiles(NFHS);
    await wizard.getByTestId('row-count').filter({ hasText: '35,464 rows' }).waitFor({ timeout: 30_000 });
    expect(await wizard.getByRole('radio', { name: 'Observations' }).isChecked()).toBe(true);
    expect(await wizard.getByLabel('Area column').inputValue()).toBe('District');
    await wizard.getByLabel('Boundary set to join to').selectOption(boundaryId);
    await wizard.getByLabel('Join by').selectOption('name');
    await wizard.getByLabel('Value column').selectOption('NFHS-5');
    await wizard.getByLabel('Period of the values').fill('2019-21');
    await wizard.getByLabel('Indicator name').fill('Women 20–24 married before 18');
    await wizard.getByLabel('Unit', { exact: true }).fill('%');
    await wizard.getByRole('button', { name: 'Add a filter' }).click();
    await wizard.getByLabel('Filter 1: column').selectOption('State');
    await wizard.getByLabel('Filter 1: equals').fill('Bihar');
    await wizard.getByRole('button', { name: 'Add a filter' }).click();
    await wizard.getByLabel('Filter 2: column').selectOption('Indicator');
    await wizard.getByLabel('Filter 2: equals').fill(INDICATOR);
    await wizard.getByLabel('Dataset name').fill('Child marriage, NFHS-5');
    await wizard.getByLabel('Source', { exact: true }).fill('NFHS-5 district fact sheets, IIPS and MoHFW (pratapvardhan/NFHS-5)');
    await wizard.getByLabel('Licence', { exact: true }).fill('CC BY 4.0');
    await wizard.getByLabel('Date of the data').fill('2021');
    await wizard.getByRole('button', { name: 'Check' }).click();

    const report = wizard.getByTestId('plan-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getByTestId('to-write-observations').textContent()).toBe('36 observations to write');
    expect(await report.getByTestId('join-summary').textContent()).toBe('36 of 38 areas of the table matched to Bihar districts 2011.');
    const west = report.getByRole('combobox', { name: 'Match for Pashchim Champaran' });
    const east = report.getByRole('combobox', { name: 'Match for Purba Champaran' });
    expect(await report.getByRole('combobox').count()).toBe(2);
    // each unmatched key lists its suggestions, the renamed district first; none is chosen yet
    expect(await west.locator('option').nth(1).textContent()).toMatch(/^West Champaran \(203\)/);
    expect(await east.locator('option').nth(1).textContent()).toMatch(/^East Champaran \(204\)/);
    expect(await west.inputValue()).toBe('');
    await report.getByRole('button', { name: 'Accept every first suggestion' }).click();
    expect(await west.inputValue()).toBe('203');
    expect(await east.inputValue()).toBe('204');
    await screenshot('import-report.png');

    await wizard.getByRole('button', { name: 'Publish' }).click();
    await wizard.getByText('Published Child marriage, NFHS-5').waitFor({ timeout: 30_000 });
    expect(await wizard.getByTestId('written-observations').textContent()).toBe('38 observations written');
    await closeAfterPublish(wizard);

    const observations = page.getByRole('checkbox', { name: 'Child marriage, NFHS-5' });
    await observations.waitFor();
    expect(await observations.isChecked()).toBe(true);
    const observationItem = page.getByRole('listitem').filter({ has: observations });
    expect(await observationItem.locator('.layer-item__meta').textContent()).toMatch(/^38 observations · NFHS-5 district fact sheets/);
    // the choropleth's legend: Bihar's districts run from 21.3 % (Siwan) to 56.1 % (Lakhisarai)
    await observationItem.getByText('Women 20–24 married before 18').waitFor();
    // the classed legend (quantiles, 5 classes by default): its first class starts at the lowest
    // value and its last ends at the highest, and the classes hold the 38 districts
    const labels = await observationItem.locator('.class-legend__row:not(.class-legend__row--no-data) .class-legend__label').allTextContents();
    expect(labels[0]).toMatch(/^21\.3 – /);
    expect(labels.at(-1)).toMatch(/ – 56\.1$/);
    const counts = await observationItem.locator('.class-legend__row:not(.class-legend__row--no-data) .class-legend__count').allTextContents();
    expect(counts.reduce((n, c) => n + Number(c.replace(/\D/g, '')), 0)).toBe(38);
    expect(await observationItem.getByText(/Period: 2019-21 · Source: NFHS-5 district fact sheets/).count()).toBe(1);

    // the map draws it: dark viridis purples and blues over Bihar, none before
    const bihar = { x: 600, y: 330, width: 240, height: 140 };
    const isDeepViridis = (r: number, g: number, b: number) => b > r + 20 && r < 110 && g < 160;
    let share = 0;
    for (let deadline = Date.now() + 30_000; Date.now() < deadline; await page.waitForTimeout(500)) {
      share = shareOfPixels(await screenshot('import-map.png'), bihar, isDeepViridis);
      if (share > 0.1) break;
    }
    expect(share).toBeGreaterThan(0.1);

    await page.getByRole('button', { name: 'Catalogue' }).click();
    catalogue = page.getByRole('dialog', { name: 'Dataset catalogue' });
    const oRow = catalogue.locator('[data-testid^="catalogue-child-marriage-nfhs-5-"]');
    await oRow.waitFor();
    expect(await oRow.getByText('india-nfhs5-districts-phase1.csv').count()).toBe(1);
    expect(await oRow.getByRole('cell', { name: '38', exact: true }).count()).toBe(1);
    await screenshot('catalogue.png');
    await catalogue.getByRole('button', { name: 'Close the catalogue' }).click();
  });

  it('keeps a link to a dataset that does not exist working, and says so', async () => {
    await page.goto(`${server.url}/?v=85.9,25.8,6.4&l=countries,d:no-such-dataset-1234&lang=en`);
    await page.getByText("Unknown dataset 'no-such-dataset-1234' in the link — ignored").waitFor();
    await expect.poll(() => page.url()).not.toContain('no-such-dataset');
    expect(await page.getByRole('checkbox', { name: 'Countries' }).isChecked()).toBe(true);
  });
});
