import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';
import { fetchAs } from '../helpers/auth';
import { hasPoppler, pdfPageCount, pdfTextOf, pdfToPngs } from '../helpers/pdf-text';
import { decodePng } from '../helpers/png';

// A municipal council's officer chooses an area by name, reads its risk inventory and map, builds
// the plan from a suggestion and an intervention of the programme, saves it, and downloads its
// PDF, which is rendered with poppler's pdftoppm to check that it opens and draws the map.

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession();
});

// the refused save (end before start) answers 400, which the browser logs as an error
afterEach(() => session.expectNoProblems([/status of 400 \(Bad Request\)/]));

afterAll(async () => {
  await session?.close();
});

function apiAs(cookie: string) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${session.server.url}/trpc`, headers: { cookie } })] });
}

describe('local plans', () => {
  it('builds a plan in the page, saves it, and fetches its PDF', async () => {
    const { page, server } = session;
    const cookie = await session.cookie();
    const api = apiAs(cookie);
    // an intervention of the programme already reaches Nepal
    const training = await api.interventions.create.mutate({ title: 'Training of airport staff (sample)', actionArea: '2.2', status: 'ongoing', targets: [{ kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' }] });

    await page.goto(`${server.url}/?v=84,28,4&l=&lang=en`);
    await page.getByRole('button', { name: 'Local plans…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Local plans' });
    await dialog.getByLabel('Find an area by name or code').fill('nepal');
    await dialog.getByRole('button', { name: /^Choose Nepal \(NPL\)/ }).click({ timeout: 60_000 });
    const sheet = dialog.getByTestId('plan-sheet');
    await sheet.waitFor({ timeout: 120_000 });
    await expect(sheet.getByTestId('plan-area').textContent()).resolves.toMatch(/^Nepal \(NPL, /);

    // the inventory as the server gives it
    const inv = await api.plans.inventory.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    expect(inv.borderland!.share).toBeGreaterThan(0.5);
    await expect(sheet.getByTestId('plan-borderland').textContent()).resolves.toBe(`Share within 50 km of a land border: ${(inv.borderland!.share * 100).toFixed(1)} %`);
    const categories = await sheet.getByTestId('plan-categories').locator('tbody tr').allTextContents();
    expect(categories.length).toBe(inv.sites.byCategory.length);
    expect(inv.sites.byCategory.map((c) => c.id)).toContain('transit.airport');
    await expect(sheet.getByTestId('plan-map-site').count()).resolves.toBe(inv.sites.list.filter((s) => !s.cell).length);
    await expect(sheet.getByTestId('plan-map-zone').count()).resolves.toBe(1);
    await expect(sheet.getByTestId('plan-interventions').textContent()).resolves.toContain('Training of airport staff (sample)');

    // the plan: the programme's intervention and a suggestion turned into a new one
    await sheet.getByRole('button', { name: 'Add Training of airport staff (sample) to the plan' }).click();
    const suggestion = inv.suggestions[0];
    expect(suggestion).toBeDefined();
    await sheet.getByRole('button', { name: new RegExp(`^Add to the plan as a new intervention: ${suggestion.code.replace('.', '\\.')} `) }).click();
    await sheet.getByLabel('Title').fill('Plan local de protection — Népal (sample)');
    await sheet.getByLabel('Responsibility (1)').fill('Service de l’enfance');
    await sheet.getByLabel('End (1)').fill('2026-03-01');
    await sheet.getByLabel('Start (1)').fill('2026-06-01');
    await sheet.getByLabel('Responsibility (2)').fill('Police municipale');
    await sheet.getByLabel('Notes (2)').fill('Stations and border posts first');

    // the end before the start is refused beside its field; fixed, it saves
    await dialog.getByRole('button', { name: 'Save the plan' }).click();
    await expect(sheet.getByRole('alert').first().textContent({ timeout: 30_000 })).resolves.toBe('the end (2026-03-01) is before the start (2026-06-01)');
    await sheet.getByLabel('End (1)').fill('2026-12-31');
    await dialog.getByRole('button', { name: 'Save the plan' }).click();
    await expect(dialog.getByTestId('plan-notice').textContent({ timeout: 30_000 })).resolves.toBe('Saved: version 1.');

    const [plan] = await api.plans.list.query({ area: { boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' } });
    expect(plan).toMatchObject({ title: 'Plan local de protection — Népal (sample)', version: 1, area: { code: 'NPL', name: 'Nepal' } });
    expect(plan.items.map((i) => [i.intervention?.title, i.responsibility, i.startDate, i.endDate, i.notes])).toEqual([
      ['Training of airport staff (sample)', 'Service de l’enfance', '2026-06-01', '2026-12-31', ''],
      [suggestion.draft.title, 'Police municipale', null, null, 'Stations and border posts first'],
    ]);
    expect(plan.items[0].interventionId).toBe(training.id);
    await expect(sheet.getByTestId('plan-table').locator('tbody tr').count()).resolves.toBe(2);
    await page.screenshot({ path: path.join(RESULTS, 'plans-dialog.png') });
    // printed (the print stylesheet): the sheet without the controls, the rows' values as text
    await page.emulateMedia({ media: 'print' });
    await expect(dialog.getByRole('button', { name: 'Save the plan' }).isVisible()).resolves.toBe(false);
    await expect(sheet.getByLabel('Title').isVisible()).resolves.toBe(false);
    await expect(sheet.getByTestId('plan-table').locator('tbody tr').first().innerText()).resolves.toMatch(/Service de l’enfance\s+2026-06-01\s+2026-12-31/);
    await expect(sheet.getByTestId('plan-map').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(RESULTS, 'plans-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // the PDF the page links to
    const href = await dialog.getByTestId('plan-pdf-link').getAttribute('href');
    expect(href).toBe(`/api/plans/${plan.id}.pdf?lang=en`);
    const res = await fetchAs(cookie, `${server.url}${href}`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const text = pdfTextOf(pdf).replace(/\s+/g, ' ');
    for (const expected of ['Plan local de protection — Népal (sample)', 'Nepal (NPL', 'Training of airport staff (sample)', 'Service de l’enfance', 'Police municipale', suggestion.draft.title, 'Data sources', `Page 1 of ${pages}`]) {
      expect(text, expected).toContain(expected);
    }
    for (const s of inv.sources) expect(text).toContain(s.name);

    // it opens in poppler and draws the map: dark outline pixels in the map's frame of page 1
    if (!hasPoppler()) throw new Error('pdftoppm is missing: install Debian’s poppler-utils (apt-get install -y poppler-utils)');
    const pngs = pdfToPngs(pdf, path.join(RESULTS, 'plans-pdf'), 'plan', 60);
    expect(pngs.length).toBe(pages);
    const png = decodePng(fs.readFileSync(pngs[0]));
    // at 60 dpi an A4 page is about 496 × 702 pixels; the map lies between y ≈ 90 and 340
    expect(Math.abs(png.width - 496)).toBeLessThanOrEqual(1);
    expect(Math.abs(png.height - 702)).toBeLessThanOrEqual(1);
    let dark = 0;
    let hatched = 0;
    for (let y = 100; y < 330; y++) {
      for (let x = 50; x < 446; x++) {
        const i = (y * png.width + x) * 4;
        const v = png.data[i];
        if (v < 80) dark++;
        else if (v > 180 && v < 230) hatched++;
      }
    }
    expect(dark).toBeGreaterThan(500);
    expect(hatched).toBeGreaterThan(2000);
  });
});
