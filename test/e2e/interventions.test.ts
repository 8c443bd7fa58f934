import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, signInThroughPage, type BrowserSession } from '../helpers/browser-session';
import { signIn, TEST_ADMIN } from '../helpers/auth';

// A programme manager records an intervention in the form (an area found by name and a circle
// drawn on the map), finds it in the table and over HTTP with the same fields; a colleague's save
// in between makes her save stale, and the page shows both versions; a viewer reads the table
// without edit controls.

let session: BrowserSession;
const TITLE = 'Training for taxi drivers, Kathmandu valley';

beforeAll(async () => {
  session = await openBrowserSession();
});

// the refused stale save answers 409, which the browser logs as an error
afterEach(() => session.expectNoProblems([/status of 409 \(Conflict\)/]));

afterAll(async () => {
  await session?.close();
});

function apiAs(cookie: string) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${session.server.url}/trpc`, headers: { cookie } })] });
}

describe('interventions', () => {
  let id = '';

  it('creates one in the form; the table and interventions.list show the same fields', async () => {
    const { page, server } = session;
    const api = apiAs(await session.cookie());
    // no data layers: each frame is cheap in software WebGL, and the drawing below needs many
    await page.goto(`${server.url}/?v=84,28,5&l=&lang=en`);
    await page.getByRole('button', { name: 'Interventions…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Interventions' });
    await dialog.getByText('0 interventions').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'New intervention' }).click();

    const form = page.getByRole('dialog', { name: 'New intervention' });
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Action area').selectOption('2.2');
    await expect(form.getByLabel('Action area').locator('option:checked').textContent()).resolves.toBe('2.2 Building capacities');
    await form.getByLabel('Status').selectOption('ongoing');
    await form.getByLabel('Partner organisation').fill('Sample NGO');
    await form.getByLabel('Start').fill('2026-01-15');
    await form.getByLabel('End').fill('2026-06-30');
    await form.getByLabel('Budget').fill('12500');
    await form.getByLabel('Currency').fill('USD');
    await form.getByLabel('People to reach').fill('800');
    await form.getByLabel('Taxi drivers').check();
    await form.getByLabel('Hotel staff').check();
    await form.getByLabel('Find an area by name or code').fill('nep');
    await form.getByRole('button', { name: 'Add Nepal (NPL)' }).click();

    // a circle drawn on the map: the form steps aside, a click sets the centre, a second the radius
    await form.getByRole('button', { name: 'Draw a circle on the map' }).click();
    // drawing starts once terra-draw has loaded
    await page.locator('[data-testid="drawing-bar"][data-ready="true"]').waitFor();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    const box = (await page.locator('.map-view canvas').first().boundingBox())!;
    const cx = box.x + box.width * 0.6;
    const cy = box.y + box.height * 0.5;
    await page.mouse.move(cx, cy);
    await page.mouse.click(cx, cy);
    await page.mouse.move(cx + 30, cy, { steps: 3 });
    await page.mouse.click(cx + 30, cy);
    const back = page.getByRole('dialog', { name: 'New intervention' });
    await back.waitFor();
    const targets = back.getByTestId('target-list').locator('li');
    await expect(targets.count()).resolves.toBe(2);
    await expect(targets.nth(0).locator('span').textContent()).resolves.toBe('Nepal (NPL)');
    await expect(targets.nth(1).locator('span').textContent()).resolves.toMatch(/^Circle of [\d.]+ km around /);
    // the title survived the trip to the map
    await expect(back.getByLabel('Title').inputValue()).resolves.toBe(TITLE);

    await back.getByRole('button', { name: 'Create the intervention' }).click();
    const list = page.getByRole('dialog', { name: 'Interventions' });
    await expect(list.getByTestId('interventions-notice').textContent()).resolves.toBe(`“${TITLE}” was created.`);

    const stored = (await api.interventions.list.query({})).filter((i) => i.title === TITLE);
    expect(stored).toHaveLength(1);
    const r = stored[0];
    id = r.id;
    expect({ actionArea: r.actionArea, strategy: r.strategy, status: r.status, partner: r.partner, startDate: r.startDate, endDate: r.endDate, budget: r.budget, currency: r.currency, reachTarget: r.reachTarget, version: r.version })
      .toEqual({ actionArea: '2.2', strategy: '2', status: 'ongoing', partner: 'Sample NGO', startDate: '2026-01-15', endDate: '2026-06-30', budget: 12500, currency: 'USD', reachTarget: 800, version: 1 });
    expect([...r.audiences].sort()).toEqual(['hotel-staff', 'taxi-drivers']);
    expect(r.targets[0]).toEqual({ kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL', name: 'Nepal' });
    const circle = r.targets[1];
    if (circle.kind !== 'circle') throw new Error(`expected a circle, got ${circle.kind}`);
    expect(circle.radiusM).toBeGreaterThan(20_000);
    expect(circle.radiusM).toBeLessThan(400_000);
    expect(circle.center[0]).toBeGreaterThan(60);
    expect(circle.center[0]).toBeLessThan(110);

    const row = list.locator(`tr[data-id="${id}"]`);
    await expect(row.locator('[data-field="title"]').textContent()).resolves.toBe(TITLE);
    await expect(row.locator('[data-field="actionArea"]').textContent()).resolves.toBe('2.2 Building capacities');
    await expect(row.locator('[data-field="status"]').textContent()).resolves.toBe('Ongoing');
    await expect(row.locator('[data-field="partner"]').textContent()).resolves.toBe('Sample NGO');
    await expect(row.locator('[data-field="period"]').textContent()).resolves.toBe('2026-01-15 – 2026-06-30');
    await expect(row.locator('[data-field="budget"]').textContent()).resolves.toBe('12,500 USD');
    await expect(row.locator('[data-field="reachTarget"]').textContent()).resolves.toBe('800');
    await expect(row.locator('[data-field="audiences"]').textContent()).resolves.toBe('Hotel staff, Taxi drivers');

    // filtered by another strategy it goes, by its own it stays
    await list.getByLabel('Strategy').selectOption('5');
    await list.getByText('0 interventions').waitFor();
    await list.getByLabel('Strategy').selectOption('2');
    await row.waitFor();

    // shown on the map, coloured by strategy, with its legend
    await list.getByLabel('Show on the map').check();
    await page.getByTestId('interventions-legend').waitFor();
    await expect(page.getByTestId('interventions-legend').locator('li').count()).resolves.toBe(8);
    await list.getByLabel('Colour by').selectOption('status');
    await page.getByTestId('interventions-legend').getByText('Interventions by status').waitFor();
    await expect(page.getByTestId('interventions-legend').locator('li').first().textContent()).resolves.toBe('Planned');
  }, 360_000);

  it('a save made stale by a colleague shows both versions; overwriting keeps her change on the new version', async () => {
    const { page } = session;
    const api = apiAs(await session.cookie());
    const list = page.getByRole('dialog', { name: 'Interventions' });
    await list.getByRole('button', { name: `Edit “${TITLE}”` }).click();
    const form = page.getByRole('dialog', { name: 'Edit the intervention' });
    await form.getByLabel('Title').waitFor();

    // meanwhile, over HTTP, from the version the form opened
    const theirs = await api.interventions.update.mutate({ id, version: 1, patch: { partner: 'Other NGO', budget: 20000 } });
    expect(theirs.version).toBe(2);

    await form.getByLabel('Budget').fill('15000');
    await form.getByLabel('Status').selectOption('completed');
    await form.getByRole('button', { name: 'Save the changes' }).click();
    const conflict = form.getByTestId('conflict-view');
    await conflict.waitFor();
    await expect(conflict.getByRole('heading').textContent()).resolves.toBe('Someone else saved this intervention meanwhile');
    await expect(conflict.locator('p').first().textContent()).resolves.toMatch(/^admin@test\.local changed it at .+ \(you opened version 1; it is now version 2\)/);
    const cell = (field: string, side: 'mine' | 'theirs') => conflict.locator(`tr[data-field="${field}"] td[data-side="${side}"]`).textContent();
    await expect(cell('budget', 'mine')).resolves.toBe('15,000');
    await expect(cell('budget', 'theirs')).resolves.toBe('20,000');
    await expect(conflict.locator('tr[data-field="budget"]').getAttribute('class')).resolves.toBe('iv-conflict__clash');
    await expect(cell('partner', 'mine')).resolves.toBe('Sample NGO (as you opened it)');
    await expect(cell('partner', 'theirs')).resolves.toBe('Other NGO');
    await expect(cell('status', 'mine')).resolves.toBe('Completed');
    await expect(cell('status', 'theirs')).resolves.toBe('Ongoing (as you opened it)');
    await page.screenshot({ path: path.join(RESULTS, 'interventions-conflict.png') });

    await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
    await expect(list.getByTestId('interventions-notice').textContent()).resolves.toBe(`Your version of “${TITLE}” was saved over the other (version 3).`);
    const now = await api.interventions.get.query({ id });
    expect({ version: now.version, budget: now.budget, status: now.status, partner: now.partner }).toEqual({ version: 3, budget: 15000, status: 'completed', partner: 'Other NGO' });

    // the history: who changed what when
    await list.getByRole('button', { name: `Details of “${TITLE}”` }).click();
    const history = page.getByTestId('history-table');
    await history.waitFor();
    await expect(history.locator('tbody tr').count()).resolves.toBe(3);
    await expect(history.locator('tbody tr').nth(1).locator('td').nth(2).textContent()).resolves.toBe('Changed: Partner organisation from Sample NGO to Other NGO; Budget from 12,500 to 20,000');
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.screenshot({ path: path.join(RESULTS, 'interventions-table.png') });
    await page.getByRole('button', { name: 'Close the interventions' }).click();
    await page.screenshot({ path: path.join(RESULTS, 'interventions-map.png') });
  }, 240_000);

  it('a viewer sees the table but no edit controls', async () => {
    const { page, server, context } = session;
    const api = apiAs(await session.cookie());
    const invited = await api.users.invite.mutate({ email: 'viewer.iv@test.local', role: 'viewer' });
    const viewerCookie = await signIn(server.url, 'viewer.iv@test.local', invited.oneTimePassword!);
    await apiAs(viewerCookie).account.changePassword.mutate({ current: invited.oneTimePassword!, next: 'a viewer password of my own' });

    await context.clearCookies();
    await signInThroughPage(page, server.url, 'viewer.iv@test.local', 'a viewer password of my own');
    await expect(page.getByTestId('account-who').textContent()).resolves.toMatch(/\(viewer\)$/);
    await page.getByRole('button', { name: 'Interventions…' }).click();
    const list = page.getByRole('dialog', { name: 'Interventions' });
    const row = list.locator(`tr[data-id="${id}"]`);
    await row.waitFor({ timeout: 60_000 });
    await expect(row.locator('[data-field="title"]').textContent()).resolves.toBe(TITLE);
    await expect(row.locator('[data-field="status"]').textContent()).resolves.toBe('Completed');
    await expect(list.getByRole('button', { name: 'New intervention' }).count()).resolves.toBe(0);
    await expect(list.getByRole('button', { name: /^(Edit|Duplicate|Cancel) “/ }).count()).resolves.toBe(0);
    await expect(list.getByText('You can read the interventions; changing them needs the editor role.').count()).resolves.toBe(1);
    // details are readable, with no way to record reach
    await list.getByRole('button', { name: `Details of “${TITLE}”` }).click();
    await page.getByTestId('history-table').waitFor();
    await expect(page.getByRole('button', { name: 'Record the reach' }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(RESULTS, 'interventions-viewer.png') });
  }, 240_000);
  it('the profile shows the area’s coverage and progress; a suggestion becomes an intervention; progress and the 3W table', async () => {
    const { page, server, context } = session;
    await context.clearCookies();
    await signInThroughPage(page, server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const api = apiAs(await session.cookie());
    await api.interventions.addReach.mutate({ id, recordedOn: '2026-02-01', reach: 200 });
    await api.interventions.addReach.mutate({ id, recordedOn: '2026-04-01', reach: 500 });

    await page.goto(`${server.url}/?v=84,28,5&l=&a=NPL&lang=en`);
    const coverage = page.getByTestId('coverage');
    await coverage.getByTestId('coverage-value').waitFor({ timeout: 120_000 });
    const fromApi = (await api.interventions.coverage.query({ boundarySetId: 'world-atlas-50m-admin0' })).areas.find((a) => a.code === 'NPL')!;
    // completed (weight ½) over all of Nepal, with the circle inside it: 0.5
    expect(fromApi.coverage).toBeCloseTo(0.5, 9);
    await expect(coverage.getByTestId('coverage-value').textContent()).resolves.toBe('50%');
    await expect(coverage.getByRole('button', { name: TITLE }).count()).resolves.toBe(1);
    const chart = coverage.getByTestId('progress-chart');
    await expect(chart.locator('svg').getAttribute('data-points')).resolves.toBe('2');
    await expect(chart.locator('figcaption').textContent()).resolves.toBe('Reach of the interventions in this area: 500 people reached by 2026-04-01 against a target of 800 (2 measurements).');
    await coverage.screenshot({ path: path.join(RESULTS, 'interventions-coverage-profile.png') });

    // a suggestion not yet covered, turned into an intervention in one step (by keyboard)
    const suggestions = page.getByTestId('suggestions');
    await suggestions.locator('li').first().waitFor({ timeout: 120_000 });
    const open = await suggestions.locator('li:not(.iv-suggestions__covered)').first().getAttribute('data-code');
    const button = suggestions.getByRole('button', { name: `Create an intervention from suggestion ${open}` });
    await button.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('dialog', { name: 'New intervention' });
    await expect(form.getByLabel('Action area').inputValue()).resolves.toBe(open);
    await expect(form.getByTestId('target-list').locator('li span').first().textContent()).resolves.toBe('Nepal (NPL)');
    await page.screenshot({ path: path.join(RESULTS, 'interventions-from-suggestion.png') });
    await form.getByRole('button', { name: 'Create the intervention' }).click();
    const list = page.getByRole('dialog', { name: 'Interventions' });
    await list.getByTestId('interventions-notice').waitFor();
    const made = (await api.interventions.list.query({ actionArea: open as never })).filter((i) => i.targets.some((t) => t.kind === 'area' && t.code === 'NPL'));
    expect(made.map((m) => [m.status, m.source])).toEqual([['planned', 'form']]);
    const after = await api.interventions.suggestions.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    expect(after.suggestions.find((x) => x.code === open)!.coveredBy).toEqual([made[0].id]);

    // progress per strategy and the 3W table, as the API gives them
    await list.getByRole('button', { name: 'Progress and 3W' }).click();
    const summary = page.getByTestId('interventions-summary');
    const table = summary.getByTestId('three-w-table');
    await table.waitFor({ timeout: 60_000 });
    const threeW = await api.interventions.threeW.query({ boundarySetId: 'world-atlas-50m-admin0' });
    await expect(table.locator('tbody tr').count()).resolves.toBe(threeW.rows.length);
    const first = await table.locator('tbody tr').first().locator('td').allTextContents();
    expect([first[0], first[2], first[7], first[8]]).toEqual([threeW.rows[0].organisation, threeW.rows[0].areaName, String(threeW.rows[0].reached), new Intl.NumberFormat('en').format(threeW.rows[0].reachTarget)]);
    const strategy2 = summary.locator('[data-strategy="2"]');
    await expect(strategy2.locator('svg').getAttribute('data-points')).resolves.toBe('2');
    await expect(summary.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).resolves.toBe('/api/interventions/3w.csv?set=world-atlas-50m-admin0');
    const csv = await page.evaluate(async () => (await fetch('/api/interventions/3w.csv?set=world-atlas-50m-admin0')).text());
    expect(csv.trim().split(/\r?\n/)).toHaveLength(threeW.rows.length + 1);
    await page.screenshot({ path: path.join(RESULTS, 'interventions-summary.png') });
    await page.getByRole('button', { name: 'Back to the list' }).click();
  }, 360_000);
});
