import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// A programme manager clicks an intervention's zone on the map: its details open with Edit,
// Duplicate and Cancel. She duplicates it (the copy opens in the form, named "… (copy)"),
// renames the copy, comes back to the original and cancels it after confirming; the table and
// the API show both. SAMPLE interventions.

let session: BrowserSession;
const VIEWPORT = { width: 1280, height: 800 };
const VIEW = { lng: 84, lat: 28, zoom: 5 };
const TITLE = 'Controls of entertainment venues (sample)';
const RENAMED = 'Controls of entertainment venues, second district (sample)';

beforeAll(async () => {
  session = await openBrowserSession({ viewport: VIEWPORT });
});

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

describe('interventions from the map', () => {
  it('a click on a zone opens the intervention; duplicate, rename the copy, cancel the original', async () => {
    const { page, server } = session;
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie: await session.cookie() } })] });
    // a circle of 150 km at the centre of the view (about 60 px across at zoom 5)
    const original = await api.interventions.create.mutate({ title: TITLE, actionArea: '5.1', status: 'ongoing', targets: [{ kind: 'circle', center: [VIEW.lng, VIEW.lat], radiusM: 150_000 }] });

    await page.goto(`${server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=&lang=en`);
    await page.getByRole('button', { name: 'Interventions…' }).click();
    const list = page.getByRole('dialog', { name: 'Interventions' });
    await list.getByText('1 intervention', { exact: true }).waitFor({ timeout: 60_000 });
    await list.getByLabel('Show on the map').check();
    await page.getByTestId('interventions-legend').waitFor();
    await page.getByRole('button', { name: 'Close the interventions' }).click();
    await list.waitFor({ state: 'detached' });

    // the layer draws once its data has loaded, and picking is slow in software WebGL: click until the zone answers
    const details = page.getByRole('dialog', { name: 'Intervention' });
    for (let deadline = Date.now() + 90_000; Date.now() < deadline && !(await details.isVisible()); ) {
      await page.mouse.click(VIEWPORT.width / 2, VIEWPORT.height / 2);
      await details.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await expect(details.getByTestId('detail-title').textContent()).resolves.toBe(TITLE);
    const actions = details.getByRole('group', { name: `What can be done with “${TITLE}”` });
    await expect(actions.getByRole('button').allTextContents()).resolves.toEqual(['Edit', 'Duplicate', 'Cancel']);
    await page.screenshot({ path: path.join(RESULTS, 'intervention-map-actions.png') });

    // by keyboard: the copy opens in the form under its new name
    await actions.getByRole('button', { name: `Duplicate “${TITLE}”` }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('dialog', { name: 'Edit the intervention' });
    await form.getByTestId('interventions-notice').filter({ hasText: `A planned copy was made: “${TITLE} (copy)”.` }).waitFor();
    await expect(form.getByLabel('Title').inputValue()).resolves.toBe(`${TITLE} (copy)`);
    await expect(form.getByLabel('Status').inputValue()).resolves.toBe('planned');
    await form.getByLabel('Title').fill(RENAMED);
    await form.getByRole('button', { name: 'Save the changes' }).click();

    // saved, back on the original it was made from
    await details.getByTestId('interventions-notice').filter({ hasText: `“${RENAMED}” was saved (version 2).` }).waitFor();
    await expect(details.getByTestId('detail-title').textContent()).resolves.toBe(TITLE);
    await actions.getByRole('button', { name: `Cancel “${TITLE}”` }).click();
    const confirm = details.getByRole('alertdialog');
    await expect(confirm.textContent()).resolves.toContain(`Cancel “${TITLE}”? It stays on record`);
    // the focus is on the confirming button
    await page.keyboard.press('Enter');
    await details.getByTestId('interventions-notice').filter({ hasText: `“${TITLE}” was cancelled.` }).waitFor();
    await details.locator('dd', { hasText: 'Cancelled' }).waitFor();
    await expect(actions.getByRole('button').allTextContents()).resolves.toEqual(['Edit', 'Duplicate']);

    const stored = await api.interventions.list.query({});
    const byId = new Map(stored.map((i) => [i.id, i]));
    expect(stored).toHaveLength(2);
    const copy = stored.find((i) => i.id !== original.id)!;
    expect({ title: byId.get(original.id)!.title, status: byId.get(original.id)!.status, version: byId.get(original.id)!.version }).toEqual({ title: TITLE, status: 'cancelled', version: 2 });
    expect({ title: copy.title, status: copy.status, version: copy.version, source: copy.source, actionArea: copy.actionArea }).toEqual({ title: RENAMED, status: 'planned', version: 2, source: 'duplicate', actionArea: '5.1' });
    expect(copy.targets).toEqual([{ kind: 'circle', center: [VIEW.lng, VIEW.lat], radiusM: 150_000 }]);

    await details.getByRole('button', { name: 'Back to the list' }).click();
    await list.getByText('2 interventions', { exact: true }).waitFor();
    await expect(list.locator(`tr[data-id="${original.id}"]`).getAttribute('data-status')).resolves.toBe('cancelled');
    await expect(list.locator(`tr[data-id="${original.id}"] [data-field="status"]`).textContent()).resolves.toBe('Cancelled');
    await expect(list.locator(`tr[data-id="${copy.id}"] [data-field="title"]`).textContent()).resolves.toBe(RENAMED);
    await expect(list.locator(`tr[data-id="${copy.id}"] [data-field="status"]`).textContent()).resolves.toBe('Planned');
    await page.screenshot({ path: path.join(RESULTS, 'intervention-map-after.png') });

    // in French, the same actions, and the copy's name in French
    await page.goto(`${server.url}/?v=${VIEW.lng},${VIEW.lat},${VIEW.zoom}&l=&lang=fr`);
    await page.getByRole('button', { name: 'Interventions…' }).click();
    const liste = page.getByRole('dialog', { name: 'Interventions' });
    await liste.getByRole('button', { name: `Détails de « ${RENAMED} »` }).click({ timeout: 60_000 });
    const fiche = page.getByRole('dialog', { name: 'Fiche de l’intervention' });
    await expect(fiche.getByRole('group', { name: `Actions sur « ${RENAMED} »` }).getByRole('button').allTextContents()).resolves.toEqual(['Modifier', 'Dupliquer', 'Annuler']);
    await fiche.getByRole('button', { name: `Dupliquer « ${RENAMED} »` }).click();
    const formulaire = page.getByRole('dialog', { name: 'Modifier l’intervention' });
    await formulaire.getByLabel('Titre').waitFor();
    await expect(formulaire.getByLabel('Titre').inputValue()).resolves.toBe(`${RENAMED} (copie)`);
  }, 300_000);
});
