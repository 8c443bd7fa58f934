import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// A programme manager opens a country, computes the risk factors and reads them in the profile;
// a new sites layer then shows up in them without asking.

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession();
});

// checked (and cleared) after each journey, so a failure names the journey that caused it
afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

describe('risk factors in the area profile', () => {
  it('computes them from the panel, shows the values the API stores, and follows a new layer', async () => {
    const { page, server } = session;
    const cookie = await session.cookie();
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie } })] });
    await page.goto(`${server.url}/?v=84,28,5&l=countries&bk=50&a=NPL&lang=en`);
    const section = page.locator('section[aria-labelledby="profile-factors"]');
    const compute = section.getByRole('button', { name: /Compute the risk factors/ });
    await compute.waitFor({ timeout: 60_000 });
    // by keyboard, as every control must be reachable
    await compute.focus();
    await page.keyboard.press('Enter');
    const table = section.getByTestId('factors-table');
    await table.waitFor({ timeout: 120_000 });

    const stored = await api.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    if (!stored) throw new Error('the factors were not stored');
    const value = (factor: string, category: string | null = null) => stored.values.find((v) => v.factor === factor && v.category === category)!.value!;
    const airports = table.locator('tr[data-category="transit.airport"]');
    await expect(airports.locator('th').textContent()).resolves.toBe('Airport');
    const cells = await airports.locator('td').allTextContents();
    expect(cells[0]).toBe(new Intl.NumberFormat('en').format(value('sites-count', 'transit.airport')));
    expect(value('sites-count', 'transit.airport')).toBeGreaterThan(20);
    expect(cells[3]).toBe('0 km');
    await expect(section.getByTestId('factor-borderland').textContent()).resolves.toBe(
      new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(value('borderland-share')),
    );

    // A new sites layer (sample points, two in Nepal) appears in the table without a click.
    const csv = 'name,lat,lon\nSample harbour A,27.70,85.30\nSample harbour B,28.20,83.98\n';
    const upload = await fetch(`${server.url}/api/uploads?name=sample-harbours.csv`, { method: 'POST', body: csv, headers: { cookie } });
    const { id: uploadId } = await upload.json();
    const { jobId } = await api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Sample harbours', category: 'transit.harbour' } });
    for (let i = 0; i < 300 && (await api.imports.status.query({ jobId })).phase !== 'published'; i++) await new Promise((r) => setTimeout(r, 100));
    const harbours = table.locator('tr[data-category="transit.harbour"]');
    await harbours.waitFor({ timeout: 60_000 });
    await expect(harbours.locator('td').first().textContent()).resolves.toBe('2');
    await page.screenshot({ path: path.join(RESULTS, 'factors-profile.png') });
  });
});
