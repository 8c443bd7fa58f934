import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// A programme manager targets an intervention at a site found by name (an airport of the built-in
// layer): the form lists it, the record keeps it, and its country's coverage counts it (a site
// inside an area covers the whole area, times the status weight). SAMPLE intervention.

let session: BrowserSession;
const TITLE = 'Training of airport staff at Paro (sample)';

beforeAll(async () => {
  session = await openBrowserSession();
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
  }, 240_000);
});
