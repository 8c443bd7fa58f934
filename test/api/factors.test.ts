import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/start-server';
import { apiClient, publishUpload, uploadFile } from './client';

// A server of its own, so that no other file's layers reach these factors.
let server: RunningServer;
let cookie = '';
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  api = apiClient(cookie, server.url);
});

afterAll(async () => {
  await server?.stop();
});

/** The stored factors of an area; fails when none are stored for the set. */
async function factorsGet(input: { boundarySetId: string; code: string }) {
  const got = await api.factors.get.query(input);
  if (!got) throw new Error(`no factors stored for '${input.boundarySetId}'`);
  return got;
}

/**
 * The same factors with the same values, up to the order of floating-point sums (the zone traced
 * on two workers may come back with its rings in another order).
 */
function expectSameFactors(got: Record<string, number>, want: Record<string, number>) {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [k, v] of Object.entries(want)) expect(Math.abs(got[k] - v), k).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
}

describe('factors over HTTP', () => {
  it('computes factors for every country and stores them with their sources', async () => {
    const result = await api.factors.compute.mutate({ boundarySetId: 'world-atlas-50m-admin0', borderKm: 50, catchmentKm: 10 });
    expect(result.areas).toBe(241);
    expect(result.versions.settings).toEqual({ borderKm: 50, catchmentKm: 10 });
    expect(result.versions.sites['default-airports'].categories).toEqual(['transit.airport']);

    const nepal = await factorsGet({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    const value = (factor: string, category: string | null = null) => nepal.values.find((v) => v.factor === factor && v.category === category)?.value;
    // Consistent with the country profile, which counts by the same point-in-polygon attribution.
    const profile = await api.areas.profile.query({ code: 'NPL', borderKm: 50 });
    expect(value('sites-count', 'transit.airport')).toBeLessThanOrEqual(profile.airportsCount);
    expect(value('sites-count', 'transit.airport')).toBeGreaterThan(20);
    // The profile's area was computed before coordinates were rounded to 1e-5° for storage.
    expect(Math.abs(value('area-km2')! / profile.borderland.areaKm2 - 1)).toBeLessThan(1e-5);
    // The same zone as the map and the panel: the same share, up to the zone's rounding to 1e-5°.
    expect(Math.abs(value('borderland-share')! - profile.borderland.share)).toBeLessThan(1e-4);
    expect(value('nearest-km', 'transit.airport')).toBe(0);
    const per100k = value('sites-per-100k', 'transit.airport')!;
    expect(per100k).toBeCloseTo((value('sites-count', 'transit.airport')! / value('population-geonames')!) * 1e5, 9);
    expect(nepal.values.find((v) => v.factor === 'borderland-share')!.unit).toBe('share 0–1');

    // An island: no land border.
    const iceland = await factorsGet({ boundarySetId: 'world-atlas-50m-admin0', code: 'ISL' });
    expect(iceland.values.find((v) => v.factor === 'borderland-share')!.value).toBe(0);
  });

  it('recomputes only what a changed layer or setting touches, with the values a full computation gives', async () => {
    const set = 'world-atlas-50m-admin0';
    const factorsOf = async (code: string) => {
      const got = await factorsGet({ boundarySetId: set, code });
      return Object.fromEntries(got.values.map((v) => [v.category ? `${v.factor}:${v.category}` : v.factor, v.value!]));
    };
    await api.factors.compute.mutate({ boundarySetId: set, borderKm: 50, catchmentKm: 10 });
    const again = await api.factors.compute.mutate({ boundarySetId: set, borderKm: 50, catchmentKm: 10 });
    expect(again.mode).toBe('unchanged');
    const before = await factorsOf('NPL');

    // A narrower borderland: one share recomputed, nothing else touched.
    const narrower = await api.factors.compute.mutate({ boundarySetId: set, borderKm: 20, catchmentKm: 10 });
    expect(narrower).toMatchObject({ mode: 'incremental', recomputed: ['borderland-share'], reasons: ['borderland width 50 → 20 km'] });
    const narrow = await factorsOf('NPL');
    expect(narrow['borderland-share']).toBeLessThan(before['borderland-share'] - 0.1);
    expectSameFactors({ ...narrow, 'borderland-share': 0 }, { ...before, 'borderland-share': 0 });

    // A new sites layer (sample points, two in Nepal, one in India) is picked up in the background.
    const csv = 'name,lat,lon\nSample harbour A,27.70,85.30\nSample harbour B,28.20,83.98\nSample harbour C,25.60,85.10\n';
    const job = await publishUpload(api, await uploadFile('sample-harbours.csv', csv, cookie, server.url), { kind: 'sites', name: 'Sample harbours', category: 'transit.harbour' });
    expect(job.phase).toBe('published');
    const datasetId = job.datasetId!;
    const waitFor = async (done: (versions: Awaited<ReturnType<typeof factorsGet>>) => boolean) => {
      for (let i = 0; i < 600; i++) {
        const got = await factorsGet({ boundarySetId: set, code: 'NPL' });
        if (done(got) && !got.refreshing) return got;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the factors were not refreshed within 60 s');
    };
    const refreshed = await waitFor((got) => datasetId in got.versions.sites);
    expect(refreshed.lastCompute).toMatchObject({
      mode: 'incremental',
      reasons: [`sites layer '${datasetId}' added`],
      recomputed: ['sites-count:transit.harbour', 'sites-per-100k:transit.harbour', 'sites-per-1000km2:transit.harbour', 'nearest-km:transit.harbour', 'transit-catchment-share'],
    });
    const nepal = await factorsOf('NPL');
    expect(nepal['sites-count:transit.harbour']).toBe(2);
    expect(nepal['nearest-km:transit.harbour']).toBe(0);
    // Recomputed with the harbours; both lie within 10 km of an airport, so the share can only stay or grow.
    expect(nepal['transit-catchment-share']).toBeGreaterThanOrEqual(before['transit-catchment-share']);
    const india = await factorsOf('IND');
    expect(india['sites-count:transit.harbour']).toBe(1);
    const bhutan = await factorsOf('BTN');
    expect(bhutan['sites-count:transit.harbour']).toBe(0);
    expect(bhutan['nearest-km:transit.harbour']).toBeGreaterThan(100);
    expect(nepal['sites-count:transit.airport']).toBe(before['sites-count:transit.airport']);

    // The same values as computing everything again.
    const full = await api.factors.compute.mutate({ boundarySetId: set, borderKm: 20, catchmentKm: 10, full: true });
    expect(full.mode).toBe('full');
    expectSameFactors(await factorsOf('NPL'), nepal);
    expectSameFactors(await factorsOf('IND'), india);
    expectSameFactors(await factorsOf('BTN'), bhutan);

    // Deleting the layer takes its sites out again: the factors are those from before it came
    // (a harbours category with no layer left is dropped).
    await api.datasets.remove.mutate({ id: datasetId });
    await waitFor((got) => !(datasetId in got.versions.sites));
    const after = await factorsOf('NPL');
    expectSameFactors(after, narrow);
    expect(after['sites-count:transit.harbour']).toBeUndefined();
    await api.factors.compute.mutate({ boundarySetId: set, borderKm: 50, catchmentKm: 10 });
    expectSameFactors(await factorsOf('NPL'), before);
  });

  it('says what is missing for an unknown set or area', async () => {
    await expect(api.factors.compute.mutate({ boundarySetId: 'nope' })).rejects.toThrow("No boundary set 'nope'");
    await expect(api.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'ZZZ' })).rejects.toThrow("No area 'ZZZ'");
  });
});
