/**
 * Factors per area after a layer changes: the incremental recompute (only the categories of the
 * changed layer, and the transit catchment when one of them is a transit category) side by side
 * with recomputing everything, on the 4,855 Natural Earth admin-1 areas with 200,000 seeded
 * sites in four categories, in a fresh embedded database holding the default data. Each change is
 * followed by a full recompute of the same state, and the two must store the same values.
 *
 *   node --import tsx test/bench/factors.ts [--sites=N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate, openDatabase } from '../../server/store/db';
import { loadDefaultData } from '../../server/store/default-data';
import { createServices } from '../../server/context';
import type { DatasetMeta } from '../../server/store/datasets-store';
import type { SiteInput } from '../../server/domain/types';
import { loadPolygonSet, mulberry32, randomPoints } from './spatial-join-data';

export interface FactorsBenchResult {
  areas: number;
  sites: number;
  /** The first full computation for the new boundary set (what a researcher waits for). */
  firstMs: number;
  steps: { change: string; incrementalMs: number; fullMs: number; recomputed: string[]; valuesEqual: boolean }[];
}

const meta = (name: string, kind: DatasetMeta['kind']): DatasetMeta => ({
  name, kind, source: 'Seeded sample data for the benchmark', licence: 'none', dataDate: null, sensitivity: 'internal',
  fileName: null, fileHash: null, importedBy: 'bench', orgId: 'default',
});

async function* batchesOf(sites: SiteInput[], size = 10_000) {
  for (let i = 0; i < sites.length; i += size) yield sites.slice(i, i + size);
}

/** Seeded sample sites: `count` points of randomPoints, each given one of `categories`. */
function sampleSites(count: number, seed: number, categories: string[]): SiteInput[] {
  const xy = randomPoints({ count, seed });
  const random = mulberry32(seed + 1000);
  return Array.from({ length: count }, (_, i) => ({
    category: categories[Math.floor(random() * categories.length)], name: `sample ${i}`, lng: xy[2 * i], lat: xy[2 * i + 1], props: {},
  }));
}

export async function benchFactors({ siteCount = 200_000, log = console.log } = {}): Promise<FactorsBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-factors-bench-'));
  const db = await openDatabase({ dataDir });
  try {
    await migrate(db);
    await loadDefaultData(db);
    const services = createServices(db, { dataDir });
    const admin1 = loadPolygonSet('admin-1');
    const items = admin1.geometries.map((geometry, i) => ({
      code: `A1-${i}`, name: admin1.labels[i], level: 1, parentCode: null, geometry, props: {},
    }));
    const { boundarySetId } = await services.datasets.publish(meta('Admin-1 (Natural Earth)', 'boundaries'), { areas: { level: 1, items } });
    await services.datasets.publishSites(meta('Sample sites', 'sites'), batchesOf(sampleSites(siteCount, 1, ['transit.bus-station', 'tourism.accommodation', 'entertainment.nightlife', 'internet-cafe'])));
    // The refresh that follows each change is measured here, not in the background.
    await services.factors.scheduleRefresh();
    const settings = { borderKm: 50, catchmentKm: 10 };
    const first = await services.factors.computeFor('default', boundarySetId!, settings);
    log(`factors   ${items.length.toLocaleString('en')} admin-1 areas, ${siteCount.toLocaleString('en')} seeded sites: first computation ${(first!.ms / 1000).toFixed(1)} s (everything)`);

    const snapshot = async () => {
      const rows = await db.db.selectFrom('observations').select(['indicator_id', 'area_code', 'value']).where('dataset_id', '=', `factors:default:${boundarySetId}`).execute();
      return new Map(rows.map((r) => [`${r.indicator_id}|${r.area_code}`, Number(r.value)]));
    };
    // the same values up to the order of floating-point sums
    const same = (a: Map<string, number>, b: Map<string, number>) =>
      a.size === b.size && [...a].every(([k, v]) => b.has(k) && Math.abs(b.get(k)! - v) <= 1e-12 * Math.max(1, Math.abs(v)));
    const steps: FactorsBenchResult['steps'] = [];
    const step = async (change: string, apply: () => Promise<unknown>, next = settings) => {
      await apply();
      await services.factors.scheduleRefresh().catch(() => {});
      // the change as the background refresh would do it, then everything again on the same state
      await db.db.updateTable('datasets').set({ source: JSON.stringify(lastVersions) }).where('id', '=', `factors:default:${boundarySetId}`).execute();
      const incremental = (await services.factors.computeFor('default', boundarySetId!, next))!;
      const after = await snapshot();
      const full = (await services.factors.computeFor('default', boundarySetId!, next, { full: true }))!;
      const valuesEqual = same(after, await snapshot());
      lastVersions = full.versions;
      steps.push({ change, incrementalMs: incremental.ms, fullMs: full.ms, recomputed: incremental.recomputed, valuesEqual });
      log(`factors   ${change}: incremental ${incremental.ms} ms (${incremental.recomputed.join(', ')}) vs everything ${full.ms} ms: ${(incremental.ms / full.ms).toFixed(3)}×; same values: ${valuesEqual ? 'yes' : 'NO'}`);
    };
    let lastVersions = first!.versions;
    // scheduleRefresh would bring the factors up to date on its own: each step puts the stored
    // versions back to before the change, so that the timed compute does the incremental work
    await step('new layer of 5,000 harbours', () =>
      services.datasets.publishSites(meta('Sample harbours', 'sites'), batchesOf(sampleSites(5_000, 2, ['transit.harbour']))));
    await step('new layer of 5,000 casinos', () =>
      services.datasets.publishSites(meta('Sample casinos', 'sites'), batchesOf(sampleSites(5_000, 3, ['entertainment.casino']))));
    await step('borderland width 50 → 30 km', async () => {}, { borderKm: 30, catchmentKm: 10 });
    return { areas: items.length, sites: siteCount, firstMs: first!.ms, steps };
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = process.argv.find((a) => a.startsWith('--sites='));
  await benchFactors({ siteCount: arg ? Number(arg.slice('--sites='.length)) : undefined });
}
