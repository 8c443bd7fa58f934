import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// A programme manager drops a 3W sheet ("who does what, where") into the import wizard: it reads
// as interventions from its header, joins the admin column to the countries, reports the row it
// cannot read and the area it cannot find, and publishes the others as interventions.
// SAMPLE data: made-up organisations and activities; no figure here describes real work.

const SHEET = [
  'Organisation,Activity code,ISO3,Status,Start,End,Budget,Currency,Reach target,Actual reach',
  'Sample wizard NGO,2.2,NPL,Ongoing,2026-01-15,2026-06-30,12500,USD,800,350',
  'Sample wizard NGO,8.2 Online safety,Bangladesh,planned,01/07/2026,31/12/2026,,,,',
  'Sample wizard partner,9.9,NPL,ongoing,,,,,,',
  'Sample wizard partner,5.1,Atlantis,ongoing,,,,,,',
  'Sample wizard partner,2.1,NPL,ongoing,,,100,ABC,,',
].join('\n');

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession();
});

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

describe('3W sheet in the import wizard', () => {
  it('proposes the kind and columns, reports the join and the bad row, and publishes the interventions', async () => {
    const { page, server } = session;
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie: await session.cookie() } })] });
    await page.goto(`${server.url}/?v=84,28,4&l=&lang=en`);
    await page.getByRole('button', { name: 'Import data…' }).click();
    const wizard = page.getByRole('dialog', { name: 'Import data' });
    await wizard.getByLabel('Choose a file').setInputFiles({ name: 'sample-3w.csv', mimeType: 'text/csv', buffer: Buffer.from(SHEET) });
    await wizard.getByTestId('row-count').filter({ hasText: '5 rows' }).waitFor({ timeout: 30_000 });

    // read as a 3W sheet, its columns proposed from the header
    await expect(wizard.getByRole('radio', { name: 'Interventions (3W sheet)' }).isChecked()).resolves.toBe(true);
    await expect(wizard.getByLabel('Area column').inputValue()).resolves.toBe('ISO3');
    await expect(wizard.getByLabel('Activity code column').inputValue()).resolves.toBe('Activity code');
    await expect(wizard.getByLabel('Organisation column').inputValue()).resolves.toBe('Organisation');
    await expect(wizard.getByLabel('Status column').inputValue()).resolves.toBe('Status');
    await expect(wizard.getByLabel('Start date column').inputValue()).resolves.toBe('Start');
    await expect(wizard.getByLabel('End date column').inputValue()).resolves.toBe('End');
    await expect(wizard.getByLabel('Budget column').inputValue()).resolves.toBe('Budget');
    await expect(wizard.getByLabel('Currency column (ISO 4217)').inputValue()).resolves.toBe('Currency');
    await expect(wizard.getByLabel('People to reach column').inputValue()).resolves.toBe('Reach target');
    await expect(wizard.getByLabel('People reached column').inputValue()).resolves.toBe('Actual reach');

    // the boundary set is asked for before anything is checked
    await wizard.getByRole('button', { name: 'Check' }).click();
    await wizard.getByText('Choose the boundary set to join the table to.').waitFor();
    await wizard.getByLabel('Boundary set to join to').selectOption('world-atlas-50m-admin0');
    await wizard.getByRole('button', { name: 'Check' }).click();

    const report = wizard.getByTestId('plan-report');
    await report.waitFor({ timeout: 30_000 });
    await expect(report.getByTestId('to-write-interventions').textContent()).resolves.toBe('2 interventions to write');
    await expect(report.getByTestId('join-summary').textContent()).resolves.toMatch(/^2 of 3 areas of the table matched to /);
    await expect(report.getByRole('combobox', { name: 'Match for Atlantis' }).inputValue()).resolves.toBe('');
    await report.getByText(/row 4: '9\.9' is not an action-area code/).waitFor();
    await report.getByText("sample-3w.csv: row 6: currency 'ABC' is not an ISO 4217 code in use (such as USD, EUR or XOF); the row is left out").waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'three-w-report.png') });

    await wizard.getByRole('button', { name: 'Publish' }).click();
    await wizard.getByTestId('written-interventions').filter({ hasText: '2 interventions written' }).waitFor({ timeout: 30_000 });
    await wizard.getByText('They are now in the interventions table, owned by your organisation.').waitFor();
    await wizard.getByRole('button', { name: 'Close', exact: true }).click();

    // in the table and over HTTP, with the sheet's fields
    await page.getByRole('button', { name: 'Interventions…' }).click();
    const list = page.getByRole('dialog', { name: 'Interventions' });
    await list.getByText('2 interventions').waitFor({ timeout: 60_000 });
    const imported = (await api.interventions.list.query({ partner: 'Sample wizard NGO' })).sort((a, b) => a.actionArea.localeCompare(b.actionArea));
    expect(imported.map((i) => [i.actionArea, i.status, i.startDate, i.endDate, i.source, i.targets.map((x) => (x.kind === 'area' ? x.code : x.kind))])).toEqual([
      ['2.2', 'ongoing', '2026-01-15', '2026-06-30', 'import', ['NPL']],
      ['8.2', 'planned', '2026-07-01', '2026-12-31', 'import', ['BGD']],
    ]);
    for (const i of imported) await list.locator(`tr[data-id="${i.id}"]`).waitFor();
    expect(imported.map((i) => [i.budget, i.currency, i.reachTarget])).toEqual([[12500, 'USD', 800], [null, null, null]]);
    await expect(list.locator(`tr[data-id="${imported[0].id}"] [data-field="budget"]`).textContent()).resolves.toBe('12,500 USD');
    expect((await api.interventions.reach.query({ id: imported[0].id })).entries.map((e) => e.reach)).toEqual([350]);
  }, 240_000);
});
