import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// Saved views: the current map saved under a name for the organisation, then opened again from
// another view, giving back the same layers, border width and centre; its link opens the same.
// The built client, the real server, headless Chromium.

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ viewport: { width: 1280, height: 800 } });
  page = session.page;
}, 240_000);

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

const SAVED = 'v=23,13,5.5&l=countries,borderland,airports&bk=80';

/** The layers ticked in the panel, the border width and the link's centre. */
async function state() {
  const ticked = async (name: string) => page.getByRole('checkbox', { name, exact: true }).isChecked();
  const v = new URL(page.url()).searchParams.get('v');
  return {
    countries: await ticked('Countries'),
    borderland: await ticked('Borderland zones'),
    airports: await ticked('Airports'),
    places: await ticked('Populated places'),
    borderKm: await page.getByRole('slider', { name: 'Zone width either side of a land border' }).inputValue(),
    v,
  };
}

describe('saved views', () => {
  it('saves the current view, opens it from another one with the same layers and centre, and deletes it', async () => {
    await page.goto(`${session.server.url}/?${SAVED}&lang=en`);
    await page.getByRole('checkbox', { name: 'Borderland zones', exact: true }).waitFor({ timeout: 60_000 });
    const saved = await state();
    expect(saved).toEqual({ countries: true, borderland: true, airports: true, places: false, borderKm: '80', v: '23,13,5.5' });

    await page.getByRole('button', { name: 'Saved views' }).click();
    let dialog = page.getByRole('dialog', { name: 'Saved views' });
    await expect(dialog.getByLabel('Link to this view').inputValue()).resolves.toBe(`${session.server.url}/?${SAVED}`);
    await dialog.getByLabel('Save the current view as').fill('Sample Chad borderlands');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    const open = dialog.getByRole('button', { name: 'Open the view Sample Chad borderlands' });
    await open.waitFor({ timeout: 30_000 });
    // the same name again is refused, saying so beside the field
    await dialog.getByLabel('Save the current view as').fill('Sample Chad borderlands');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await expect(dialog.getByRole('alert').textContent({ timeout: 30_000 })).resolves.toBe('A view named “Sample Chad borderlands” is already saved; choose another name.');
    await dialog.screenshot({ path: path.join(RESULTS, 'saved-views-dialog.png') });
    await expect(dialog.getByRole('link', { name: 'Link to the view Sample Chad borderlands' }).getAttribute('href')).resolves.toBe(`/?${SAVED}`);
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    // elsewhere, with other layers
    await page.goto(`${session.server.url}/?v=-60,-10,3&l=places&bk=20&lang=en`);
    await page.getByRole('checkbox', { name: 'Populated places', exact: true }).waitFor({ timeout: 60_000 });
    expect(await state()).toMatchObject({ countries: false, places: true, borderKm: '20', v: '-60,-10,3' });

    await page.getByRole('button', { name: 'Saved views' }).click();
    dialog = page.getByRole('dialog', { name: 'Saved views' });
    await dialog.getByRole('button', { name: 'Open the view Sample Chad borderlands' }).click();
    await dialog.waitFor({ state: 'detached' });
    // the map flies there; the link follows the camera
    await expect.poll(() => new URL(page.url()).searchParams.get('v'), { timeout: 30_000 }).toBe('23,13,5.5');
    expect(await state()).toEqual(saved);
    await page.screenshot({ path: path.join(RESULTS, 'saved-view-opened.png') });

    // the view's link opens the same view in a new visit
    await page.goto(`${session.server.url}/?${SAVED}`);
    await page.getByRole('checkbox', { name: 'Borderland zones', exact: true }).waitFor({ timeout: 60_000 });
    expect(await state()).toEqual(saved);

    // renamed, then deleted
    await page.getByRole('button', { name: 'Saved views' }).click();
    dialog = page.getByRole('dialog', { name: 'Saved views' });
    await dialog.getByRole('button', { name: 'Rename the view Sample Chad borderlands' }).click();
    await dialog.getByLabel('New name for Sample Chad borderlands').fill('Sample Chad, 80 km');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.getByRole('button', { name: 'Delete the view Sample Chad, 80 km' }).click();
    await dialog.getByText('No view saved yet.').waitFor({ timeout: 30_000 });
    // the refused second save is the one console error (its 409)
    session.expectNoProblems([/status of 409 \(Conflict\)/]);
  });

  it('says it in French', async () => {
    await page.goto(`${session.server.url}/?v=23,13,5.5&lang=fr`);
    await page.getByRole('button', { name: 'Vues enregistrées' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vues enregistrées' });
    await dialog.getByText('Aucune vue enregistrée pour l’instant.').waitFor({ timeout: 30_000 });
    await expect(dialog.getByLabel('Enregistrer la vue actuelle sous le nom').isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Fermer' }).first().click();
  });
});
