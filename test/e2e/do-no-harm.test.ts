import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowserSession, RESULTS, signInThroughPage, type BrowserSession } from '../helpers/browser-session';
import { fetchAs, TEST_ADMIN } from '../helpers/auth';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from '../api/client';

// Do no harm: a sensitive layer is off and marked, a file or a public view of internal data is
// confirmed in a dialog, and Back after a quick exit leads to nothing of the atlas.
let session: BrowserSession;
let page: Page;
let datasetId = '';
const NAME = 'Sample internal harbours';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

beforeAll(async () => {
  session = await openBrowserSession();
  page = session.page;
  // every Content-Security-Policy violation of every page of this context, counted in the page
  await session.context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const cookie = await session.cookie();
  const csv = 'name,lat,lon,category\nSample harbour 1,27.70000,85.30000,transit.harbour\nSample harbour 2,27.71000,85.31000,transit.harbour\n';
  const job = await publishUpload(apiClient(cookie, session.server.url), await uploadFile('harbours.csv', csv, cookie, session.server.url), { kind: 'sites', name: NAME, categoryField: 'category', sensitivity: 'internal' } as ImportRequestInput);
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  datasetId = job.datasetId!;
  await page.goto(`${session.server.url}/?lang=en`);
  await page.getByTestId('account-who').waitFor({ timeout: 60_000 });
}, 300_000);

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

const cspViolations = () => page.evaluate(() => window.cspViolations ?? []);

describe('sensitive data in the browser', () => {
  it('lists an internal layer off, with a marker that says it is sensitive', async () => {
    const item = page.getByTestId(`dataset-layer-${datasetId}`);
    await item.waitFor({ timeout: 60_000 });
    expect(await item.getByRole('checkbox').isChecked()).toBe(false);
    const marker = item.getByRole('img', { name: 'Sensitive data: internal' });
    expect(await marker.isVisible()).toBe(true);
    expect(await marker.textContent()).toBe('internal');
    // the checkbox's own name says it too
    await item.getByRole('checkbox', { name: `${NAME} Sensitive data: internal` }).waitFor();
    expect(await page.evaluate(() => location.search)).not.toContain(datasetId);
    expect(await cspViolations()).toEqual([]);
  });

  it('asks before a file of internal data is downloaded: Escape cancels, focus stays in the dialog, Download downloads it and the log has it', async () => {
    await page.getByRole('button', { name: 'Catalogue' }).click();
    const row = page.getByTestId(`catalogue-${datasetId}`);
    await row.waitFor({ timeout: 60_000 });
    const link = row.getByRole('link', { name: `CSV ${NAME}` });
    await link.click();
    const question = page.getByRole('alertdialog', { name: `Download ${NAME}?` });
    await question.waitFor();
    expect(await question.textContent()).toContain(`“${NAME}” is internal data. The file you download leaves the atlas’s protection`);
    // the safe answer has the focus; Tab and Shift+Tab go round the dialog's two buttons
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Download the file');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Download the file');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    // the catalogue is still open, the focus back on the link, nothing downloaded or logged
    expect(await row.isVisible()).toBe(true);
    expect(await focused()).toBe(`CSV ${NAME}`);
    const exports = async () => (await apiClient(await session.cookie(), session.server.url).audit.list.query({ action: 'dataset.export' })).filter((e) => e.target === datasetId);
    expect(await exports()).toEqual([]);

    await link.click();
    await question.waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'export-confirm.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), question.getByRole('button', { name: 'Download the file' }).click()]);
    expect(download.url()).toBe(`${session.server.url}/api/datasets/${datasetId}/export.csv?confirm=1`);
    const body = await (await fetchAs(await session.cookie(), download.url())).text();
    expect(body.split('\r\n')[1]).toBe('Sample harbour 1,transit.harbour,85.3,27.7');
    await expect.poll(async () => (await exports()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await exports()).at(-1)).toMatchObject({ email: TEST_ADMIN.email, detail: { format: 'csv', sensitivity: 'internal', confirmed: true } });
  });

  it('asks before internal data is made public, and makes it public only when confirmed', async () => {
    const row = page.getByTestId(`catalogue-${datasetId}`);
    const choose = async () => {
      await row.getByRole('button', { name: `Edit ${NAME}` }).click();
      await row.getByLabel('Sensitivity').selectOption('public');
      await row.getByRole('button', { name: 'Save' }).click();
    };
    await choose();
    const question = page.getByRole('alertdialog', { name: `Make ${NAME} public?` });
    await question.waitFor();
    expect(await question.textContent()).toContain('Public, it is shown to every signed-in user of every organisation');
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    const sensitivity = async () => (await apiClient(await session.cookie(), session.server.url).datasets.list.query()).find((d) => d.id === datasetId)!.sensitivity;
    expect(await sensitivity()).toBe('internal');
    // the form is still open with the choice made: save again and confirm
    await row.getByRole('button', { name: 'Save' }).click();
    await question.getByRole('button', { name: 'Make it public' }).click();
    await expect.poll(sensitivity, { timeout: 30_000 }).toBe('public');
    await row.getByRole('cell', { name: 'Public', exact: true }).waitFor({ timeout: 30_000 });
    const [entry] = await apiClient(await session.cookie(), session.server.url).audit.list.query({ action: 'dataset.make-public' });
    expect(entry).toMatchObject({ email: TEST_ADMIN.email, target: datasetId, detail: { from: 'internal', to: 'public', confirmed: true } });
    await page.getByRole('button', { name: 'Close the catalogue' }).click();
    expect(await cspViolations()).toEqual([]);
  });
});

describe('the Content-Security-Policy', () => {
  it('is never violated on the main screens: the map, the catalogue, the import wizard, the administration, interventions, local plans and prioritisation', async () => {
    const screens: [string, string][] = [
      ['Catalogue', 'Close the catalogue'],
      ['Import data…', 'Close the import wizard'],
      ['Administration', 'Close the administration'],
      ['Interventions…', 'Close the interventions'],
      ['Local plans…', 'Close'],
    ];
    const opened: string[] = [];
    for (const [open, close] of screens) {
      await page.getByRole('button', { name: open, exact: true }).click();
      // each screen's code and strings load on first use: patient under a loaded machine
      const closeButton = page.getByRole('button', { name: close, exact: true }).last();
      await closeButton.waitFor({ timeout: 120_000 });
      opened.push(open);
      await closeButton.click();
      await closeButton.waitFor({ state: 'hidden', timeout: 30_000 });
    }
    expect(opened).toHaveLength(screens.length);
    // the prioritisation panel with its model chosen (it stays open: the quick exit follows)
    await page.getByRole('button', { name: 'Prioritise', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Prioritise areas' });
    await panel.getByLabel('Model', { exact: true }).waitFor({ timeout: 120_000 });
    await expect.poll(() => panel.getByLabel('Model', { exact: true }).inputValue(), { timeout: 120_000 }).not.toBe('');
    await page.screenshot({ path: path.join(RESULTS, 'csp-prioritise.png') });
    expect(await cspViolations()).toEqual([]);
  });
});

describe('quick exit', () => {
  /** Changes the view several ways; none of them may add a history entry. */
  async function changeViewSeveralTimes() {
    const entries = await page.evaluate(() => history.length);
    const search = await page.evaluate(() => location.search);
    const seen = new Set([search]);
    for (const name of ['Airports', 'Populated places', 'Borderland zones', 'Airports']) {
      await page.getByRole('checkbox', { name }).first().click();
      // each change is in the URL: the view is kept, in this one entry
      await expect.poll(() => page.evaluate(() => location.search), { timeout: 30_000 }).not.toBe([...seen].at(-1));
      seen.add(await page.evaluate(() => location.search));
    }
    expect(seen.size).toBeGreaterThan(3);
    expect(await page.evaluate(() => history.length)).toBe(entries);
  }

  /** After Back: the sign-in page or the blank page, nothing of the atlas, and the session ended. */
  async function expectNothingSensitiveBehind(cookie: string) {
    await expect.poll(async () => (await fetchAs(cookie, `${session.server.url}/api/me`)).status, { timeout: 30_000 }).toBe(401);
    await page.goBack();
    await expect
      .poll(async () => (page.url() === 'about:blank' ? 'blank' : (await page.getByRole('button', { name: 'Sign in' }).count()) > 0 ? 'sign-in' : 'other'), { timeout: 60_000 })
      .not.toBe('other');
    expect(await page.getByTestId('account-who').count()).toBe(0);
    expect(await page.locator('[data-testid^="dataset-layer-"]').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(NAME);
  }

  it('by the button: Back shows the sign-in page, not the atlas, and the session has ended', async () => {
    // a second page load of the atlas: Back from the exit reaches the earlier one, which must not show its data
    await page.goto(`${session.server.url}/?lang=en&l=countries,airports,d:${datasetId}`);
    await page.getByTestId('account-who').waitFor({ timeout: 60_000 });
    await changeViewSeveralTimes();
    const cookie = await session.cookie();
    expect(await cspViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Quick exit' }).click();
    await page.waitForURL('about:blank');
    await expectNothingSensitiveBehind(cookie);
    await page.screenshot({ path: path.join(RESULTS, 'back-after-quick-exit.png') });
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    // the sign-in page is a page load of its own, with its own count
    expect(await cspViolations()).toEqual([]);
  });

  it('by Escape twice: the same', async () => {
    await signInThroughPage(page, session.server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await changeViewSeveralTimes();
    const cookie = await session.cookie();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL('about:blank');
    await expectNothingSensitiveBehind(cookie);
  });
});
