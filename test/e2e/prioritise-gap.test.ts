import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import ExcelJS from 'exceljs';
import type { AppRouter } from '../../server/routers/_app';
import { classifyScore, INFORM_2025_CLASSES } from '../../server/domain/risk/classify-score';
import { openBrowserSession, RESULTS, type BrowserSession } from '../helpers/browser-session';

// A programme manager reads where risk is not yet covered by interventions (the coverage-gap
// column and map), sees which areas are too small for their rates to be trusted, reads one
// leaf for another period while keeping the weights moved, and exports the ranking as XLSX.

const SET = 'world-atlas-50m-admin0';
const MODEL = 'builtin:demand-for-sec';

// Made-up sample values (not real statistics) for the default model's vulnerability and coping
// leaves; child marriage also for 2015, with other values, for the period pick.
const SAMPLE: Record<string, Record<string, number>> = {
  'PT_F_20-24_MRD_U18': { NER: 76, BGD: 51, MOZ: 48, ETH: 40, NPL: 33, IND: 23, KEN: 23, THA: 20, KHM: 19, PAK: 18 },
  poverty: { NER: 41, BGD: 18, MOZ: 46, NPL: 15, IND: 21, KEN: 36, THA: 6, KHM: 13, PAK: 22 },
  'out-of-school': { NER: 45, BGD: 10, MOZ: 30, NPL: 8, IND: 5, KEN: 15, THA: 4, KHM: 9, PAK: 30 },
  'child-protection-services': { NER: 9, BGD: 3, MOZ: 5, NPL: 2, IND: 7, KEN: 8, THA: 10, KHM: 1, PAK: 4 },
};
const SAMPLE_2015: Record<string, number> = { NER: 20, BGD: 80, MOZ: 10, NPL: 60, IND: 45 };
const sampleCsv = () => {
  const rows = ['iso3,indicator,year,value'];
  for (const [indicator, values] of Object.entries(SAMPLE)) for (const [code, v] of Object.entries(values)) rows.push(`${code},${indicator},2023,${v}`);
  for (const [code, v] of Object.entries(SAMPLE_2015)) rows.push(`${code},PT_F_20-24_MRD_U18,2015,${v}`);
  return `${rows.join('\n')}\n`;
};

const score2 = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

let session: BrowserSession;
let api: ReturnType<typeof createTRPCClient<AppRouter>>;

beforeAll(async () => {
  session = await openBrowserSession();
  const { server } = session;
  const cookie = await session.cookie();
  api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie } })] });
  const upload = await fetch(`${server.url}/api/uploads?name=sample-gap.csv`, { method: 'POST', body: sampleCsv(), headers: { cookie } });
  const { id: uploadId } = await upload.json();
  const { jobId } = await api.imports.start.mutate({
    uploadId,
    request: { kind: 'observations', name: 'Sample gap indicators', areaField: 'iso3', indicatorField: 'indicator', periodField: 'year', valueField: 'value', joinTo: SET, joinOn: 'code', unit: '%', sensitivity: 'public' },
  });
  let phase = '';
  for (let i = 0; i < 600 && phase !== 'published' && phase !== 'failed'; i++) {
    phase = (await api.imports.status.query({ jobId })).phase;
    if (phase !== 'published') await new Promise((r) => setTimeout(r, 100));
  }
  expect(phase).toBe('published');
  // the population estimate (population-geonames) the small-denominator flag reads, and the exposure factors
  await api.factors.compute.mutate({ boundarySetId: SET });
  // an ongoing intervention over Niger as a whole: covered, so no gap there
  await api.interventions.create.mutate({ title: 'Sample campaign', actionArea: '2.1', targets: [{ kind: 'area', boundarySetId: SET, code: 'NER' }], status: 'ongoing' });
}, 600_000);

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

async function tableRows() {
  return session.page.getByTestId('prioritise-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      code: tr.getAttribute('data-code')!,
      rank: tr.querySelector('[data-col="rank"]')!.textContent!,
      score: tr.querySelector('[data-col="score"]')!.textContent!,
      gap: tr.querySelector('[data-col="gap"]')!.textContent!,
      small: tr.querySelector('[data-flag="small-denominator"]') !== null,
    })),
  );
}

describe('prioritisation: coverage gap, small denominators, per-leaf periods, XLSX', () => {
  it('shows the gap in the table and on the map, flags small populations, reads a leaf for another period and exports XLSX', { timeout: 400_000 }, async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/?v=60,15,2&l=countries&lang=en`);
    const open = page.getByRole('button', { name: 'Prioritise', exact: true });
    await open.waitFor({ timeout: 60_000 });
    await open.click();
    const panel = page.getByRole('complementary', { name: 'Prioritise areas' });
    await panel.getByTestId('prioritise-table').locator('tbody tr').first().waitFor({ timeout: 60_000 });

    // the coverage-gap column: the server's score × (1 − coverage), Niger covered
    const before = await api.risk.score.query({ modelId: MODEL, boundarySetId: SET, coverage: true });
    expect(before.areas.find((a) => a.code === 'NER')).toMatchObject({ coverage: 1, coverageGap: 0 });
    await expect.poll(async () => (await tableRows()).find((r) => r.code === 'NER')?.gap, { timeout: 30_000 }).toBe('0.00');
    let rows = await tableRows();
    for (const a of before.areas.filter((x) => x.rank !== null).slice(0, 20)) expect(rows.find((r) => r.code === a.code)!.gap, a.code).toBe(score2.format(a.coverageGap!));
    // sorted by gap, the uncovered high scores come first
    await panel.getByRole('button', { name: 'Sort by Coverage gap' }).click();
    const byGap = [...before.areas].filter((a) => a.coverageGap !== null).sort((x, y) => y.coverageGap! - x.coverageGap! || (x.rank! - y.rank!) || (x.code < y.code ? -1 : 1));
    await expect.poll(async () => (await tableRows()).slice(0, 5).map((r) => r.code)).toEqual(byGap.slice(0, 5).map((a) => a.code));

    // the map shows the gap: the legend counts the areas of each class of the gap, as the server's gaps fall
    await panel.getByLabel('The map shows').selectOption('gap');
    const legend = panel.getByTestId('prioritise-legend');
    await expect(legend.locator('figcaption').textContent()).resolves.toBe('Coverage gap: score × (1 − coverage) (map)');
    for (const [key, label] of [['veryHigh', 'Very High'], ['high', 'High'], ['medium', 'Medium'], ['low', 'Low'], ['veryLow', 'Very Low']]) {
      const want = before.areas.filter((a) => a.coverageGap !== null && INFORM_2025_CLASSES[classifyScore(a.coverageGap, INFORM_2025_CLASSES)]?.label === label).length;
      await expect(legend.locator(`li[data-class="${key}"] .prioritise-legend__count`).textContent(), key).resolves.toBe(whole.format(want));
    }
    await page.screenshot({ path: path.join(RESULTS, 'prioritise-coverage-gap.png') });

    // small populations: a minimum between two known populations flags exactly the server's areas
    const populations = before.areas.map((a) => a.population).filter((p): p is number => p !== null).sort((x, y) => x - y);
    expect(populations.length).toBeGreaterThan(100);
    const minimum = Math.ceil(populations[Math.floor(populations.length / 4)]) + 1;
    await panel.getByLabel('Minimum population').fill(String(minimum));
    const flaggedByServer = (await api.risk.score.query({ modelId: MODEL, boundarySetId: SET, minPopulation: minimum })).areas.filter((a) => a.smallDenominator).map((a) => a.code).sort();
    expect(flaggedByServer.length).toBeGreaterThan(10);
    await expect.poll(async () => (await tableRows()).filter((r) => r.small).map((r) => r.code).sort()).toEqual(flaggedByServer);
    // and in the explanation of a flagged area with a score
    const scoredFlagged = before.areas.find((a) => a.score !== null && flaggedByServer.includes(a.code));
    if (scoredFlagged) {
      await panel.locator(`tr[data-code="${scoredFlagged.code}"] th button`).click();
      await expect(panel.getByTestId('prioritise-small-denominator').textContent()).resolves.toContain(`under the minimum of ${whole.format(minimum)}`);
    }

    // five times the weight on coping, then child marriage read for 2015: the weights stay
    await panel.getByRole('slider', { name: 'Weight of Lack of coping capacity' }).focus();
    await page.keyboard.press('End');
    await panel.getByTestId('prioritise-leaves').locator('summary').click();
    await panel.getByLabel('Period for Women 20–24 married before 18').selectOption('2015');
    const picked = await api.risk.score.query({ modelId: MODEL, boundarySetId: SET, weights: { coping: 5 }, periods: { 'married-before-18': '2015' } });
    await panel.getByRole('button', { name: 'Sort by Rank' }).click();
    const want = picked.areas.filter((a) => a.rank !== null).slice(0, 10).map((a) => [a.code, whole.format(a.rank!), score2.format(a.score!)]);
    await expect.poll(async () => (await tableRows()).slice(0, 10).map((r) => [r.code, r.rank, r.score]), { timeout: 60_000 }).toEqual(want);
    await expect(panel.getByRole('slider', { name: 'Weight of Lack of coping capacity' }).getAttribute('aria-valuetext')).resolves.toBe('5.0');

    // the XLSX export: the server's ranking for those weights and that period, with coverage and flags
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), panel.getByRole('button', { name: 'Export the ranking (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toBe('ranking-world-atlas-50m-admin0.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as never);
    const sheet = wb.getWorksheet('Ranking')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 11)).toEqual(['rank', 'code', 'name', 'score', 'class', 'reliability', 'coverage', 'coverage_gap', 'population', 'small_denominator']);
    const withCoverage = await api.risk.score.query({ modelId: MODEL, boundarySetId: SET, weights: { coping: 5 }, periods: { 'married-before-18': '2015' }, coverage: true, minPopulation: minimum });
    for (const [i, a] of withCoverage.areas.slice(0, 10).entries()) {
      const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1, 11);
      expect(cells[1], `row ${i + 2}`).toBe(a.code);
      expect([cells[0], cells[3], cells[7], cells[9]]).toEqual([a.rank, Number(a.score!.toFixed(4)), Number(a.coverageGap!.toFixed(4)), a.smallDenominator ? 'yes' : 'no']);
    }
    const about = new Map<string, unknown>();
    wb.getWorksheet('About')!.eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(JSON.parse(String(about.get('leaf_periods')))).toEqual({ 'married-before-18': '2015' });
    expect(JSON.parse(String(about.get('weights'))).coping).toBe(5);
    expect(about.get('min_population')).toBe(minimum);
    await panel.getByTestId('prioritise-leaves').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'prioritise-leaves.png') });
  });
});
