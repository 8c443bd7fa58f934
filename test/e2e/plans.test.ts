import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { chromium, type Browser } from 'playwright-core';
import { openBrowserSession, RESULTS, signInThroughPage, type BrowserSession } from '../helpers/browser-session';
import { CHROMIUM_ARGS, chromiumPath } from '../helpers/browser';
import { fetchAs, signIn } from '../helpers/auth';
import { hasPoppler, pdfPageCount, pdfTextOf, pdfToPngs } from '../helpers/pdf-text';
import { decodePng } from '../helpers/png';

// A municipal council's officer chooses an area by name, reads its risk inventory and map, builds
// the plan from a suggestion and an intervention of the programme, saves it, and downloads its
// PDF, which is rendered with poppler's pdftoppm to check that it opens and draws the map.

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession();
});

// the refused saves (end before start; a stale version) answer 400 and 409, which the browser logs as errors
afterEach(() => session.expectNoProblems([/status of 400 \(Bad Request\)/, /status of 409 \(Conflict\)/]));

// a colleague's browser, for the concurrent edit
let colleagueBrowser: Browser | undefined;

afterAll(async () => {
  await colleagueBrowser?.close();
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

    // Nepal's profile open beside the plans: printing prints the plan alone
    await page.goto(`${server.url}/?v=84,28,4&l=&a=NPL&lang=en`);
    await page.locator('.profile-panel').waitFor({ timeout: 120_000 });
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
    await expect(page.locator('.profile-panel').isVisible()).resolves.toBe(false);
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

  it('two people edit the same plan: the second sees the other’s change beside hers, merges, saves both; then deletes the plan', async () => {
    const { page, server } = session;
    const api = apiAs(await session.cookie());
    const BTN = { boundarySetId: 'world-atlas-50m-admin0', code: 'BTN' };
    const plan = await api.plans.create.mutate({
      title: 'Sample plan for Bhutan (sample)', boundarySetId: BTN.boundarySetId, areaCode: BTN.code,
      items: [{ newIntervention: { title: 'Sample checks of guesthouses (sample)', actionArea: '5.1', targets: [{ kind: 'area', ...BTN }] }, responsibility: 'Mairie' }],
    });
    // a colleague, an editor of the same organisation, in a browser of her own
    const invited = await api.users.invite.mutate({ email: 'colleague.plans@test.local', role: 'editor' });
    const colleagueCookie = await signIn(server.url, 'colleague.plans@test.local', invited.oneTimePassword!);
    await apiAs(colleagueCookie).account.changePassword.mutate({ current: invited.oneTimePassword!, next: 'a colleague password of her own' });
    colleagueBrowser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const theirPage = await (await colleagueBrowser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })).newPage();
    await signInThroughPage(theirPage, server.url, 'colleague.plans@test.local', 'a colleague password of her own');

    // both open the plan: the dialog opens the area's latest plan
    const openBhutan = async (p: typeof page) => {
      await p.goto(`${server.url}/?v=90,27,5&l=&lang=en`);
      await p.getByRole('button', { name: 'Local plans…' }).click();
      const dialog = p.getByRole('dialog', { name: 'Local plans' });
      await dialog.getByLabel('Find an area by name or code').fill('bhutan');
      await dialog.getByRole('button', { name: /^Choose Bhutan \(BTN\)/ }).click({ timeout: 60_000 });
      const sheet = dialog.getByTestId('plan-sheet');
      await sheet.getByLabel('Responsibility (1)').waitFor({ timeout: 120_000 });
      await expect(sheet.getByLabel('Title').inputValue()).resolves.toBe('Sample plan for Bhutan (sample)');
      return { dialog, sheet };
    };
    const mine = await openBhutan(page);
    const theirs = await openBhutan(theirPage);

    // she retitles it and saves first
    await theirs.sheet.getByLabel('Title').fill('Plan local 2026 — Bhutan (sample)');
    await theirs.dialog.getByRole('button', { name: 'Save the plan' }).click();
    await expect(theirs.dialog.getByTestId('plan-notice').textContent({ timeout: 30_000 })).resolves.toBe('Saved: version 2.');

    // I change the row and the notes from version 1: refused, both shown
    await mine.sheet.getByLabel('Responsibility (1)').fill('Service de l’enfance');
    await mine.sheet.getByLabel('Notes', { exact: true }).fill('Reviewed by the council');
    await mine.dialog.getByRole('button', { name: 'Save the plan' }).click();
    const conflict = mine.dialog.getByTestId('plan-conflict');
    await conflict.waitFor({ timeout: 30_000 });
    await expect(conflict.getByRole('heading').textContent()).resolves.toBe('Someone else saved this plan meanwhile');
    await expect(conflict.locator('p').first().textContent()).resolves.toMatch(/^colleague\.plans@test\.local saved this plan at .+ \(you opened version 1; it is now version 2\)/);
    const cell = (field: string, side: 'mine' | 'theirs') => conflict.locator(`tr[data-field="${field}"] td[data-side="${side}"]`).textContent();
    await expect(cell('title', 'mine')).resolves.toBe('Sample plan for Bhutan (sample) (as you opened it)');
    await expect(cell('title', 'theirs')).resolves.toBe('Plan local 2026 — Bhutan (sample)');
    await expect(cell('rows', 'mine')).resolves.toBe('1. Sample checks of guesthouses (sample) — Service de l’enfance');
    await expect(cell('rows', 'theirs')).resolves.toBe('1. Sample checks of guesthouses (sample) — Mairie (as you opened it)');
    await expect(cell('notes', 'mine')).resolves.toBe('Reviewed by the council');
    await expect(conflict.locator('tr[data-field="sensitivity"]').count()).resolves.toBe(0);
    await expect(conflict.getByText('You changed different fields: merging keeps both changes.').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(RESULTS, 'plans-conflict.png') });
    // nothing of mine was written
    await expect(api.plans.get.query({ id: plan.id })).resolves.toMatchObject({ version: 2, notes: '', items: [{ responsibility: 'Mairie' }] });

    // merged: her title, my row and notes; saved as version 3
    await conflict.getByRole('button', { name: 'Merge their changes with mine' }).click();
    await expect(mine.dialog.getByTestId('plan-notice').textContent()).resolves.toBe('Merged with version 2: check the plan and save it.');
    await expect(mine.sheet.getByLabel('Title').inputValue()).resolves.toBe('Plan local 2026 — Bhutan (sample)');
    await expect(mine.sheet.getByLabel('Responsibility (1)').inputValue()).resolves.toBe('Service de l’enfance');
    await mine.dialog.getByRole('button', { name: 'Save the plan' }).click();
    await expect(mine.dialog.getByTestId('plan-notice').textContent({ timeout: 30_000 })).resolves.toBe('Saved: version 3.');
    const merged = await api.plans.get.query({ id: plan.id });
    expect([merged.version, merged.title, merged.notes, merged.items.map((i) => i.responsibility)]).toEqual([3, 'Plan local 2026 — Bhutan (sample)', 'Reviewed by the council', ['Service de l’enfance']]);
    const history = await api.plans.history.query({ id: plan.id });
    expect(history.map((h) => [h.action, h.email])).toEqual([['plan.create', 'admin@test.local'], ['plan.update', 'colleague.plans@test.local'], ['plan.update', 'admin@test.local']]);

    // deleted after a confirmation; its intervention stays
    await mine.dialog.getByRole('button', { name: 'Delete the plan…' }).click();
    const question = mine.dialog.getByRole('alertdialog');
    await expect(question.textContent()).resolves.toContain('Delete “Plan local 2026 — Bhutan (sample)”? Its interventions stay');
    await question.getByRole('button', { name: 'Delete it' }).click();
    await mine.dialog.getByTestId('plan-notice').filter({ hasText: 'Deleted “Plan local 2026 — Bhutan (sample)”.' }).waitFor({ timeout: 30_000 });
    // the form is a new plan of the area now
    await expect(mine.sheet.getByLabel('Title').inputValue()).resolves.toBe('Local safety-net plan — Bhutan');
    await expect(api.plans.list.query({ area: BTN })).resolves.toEqual([]);
    await expect(api.interventions.get.query({ id: merged.items[0].interventionId })).resolves.toMatchObject({ title: 'Sample checks of guesthouses (sample)' });
    const audit = await api.audit.list.query({ action: 'plan.remove' });
    expect(audit.filter((e) => e.target === plan.id).map((e) => e.email)).toEqual(['admin@test.local']);
  }, 360_000);
});
