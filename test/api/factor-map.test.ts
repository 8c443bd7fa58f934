import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/start-server';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from './client';

// factors.list and factors.map: one factor for every area of a boundary set, for choropleths,
// protected exactly as factors.get protects one area's. A server of its own, so that no other
// file's layers reach these factors.
let server: RunningServer;
const cookies: Record<string, string> = {};
const api = (who: string) => apiClient(cookies[who], server.url);
const SET = 'world-atlas-50m-admin0';

function sampleSites(n: number, category: string, seed: number): string {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const rows = Array.from({ length: n }, (_, i) => `Sample ${category} ${i + 1},${(27.6 + rand() * 0.2).toFixed(5)},${(85.2 + rand() * 0.2).toFixed(5)},${category}`);
  return `name,lat,lon,category\n${rows.join('\n')}\n`;
}

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  const invited = await api('admin').users.invite.mutate({ email: 'viewer@test.local', role: 'viewer' });
  const first = await signIn(server.url, 'viewer@test.local', invited.oneTimePassword!);
  await apiClient(first, server.url).account.changePassword.mutate({ current: invited.oneTimePassword!, next: 'password of the viewer' });
  cookies.viewer = first;
  // 25 internal guesthouses in Nepal: a count a viewer without clearance gets rounded down
  const csv = sampleSites(25, 'tourism.accommodation', 11);
  const request = { kind: 'sites', name: 'Sample guesthouses', categoryField: 'category', sensitivity: 'internal' } as ImportRequestInput;
  const job = await publishUpload(api('admin'), await uploadFile('guesthouses.csv', csv, cookies.admin, server.url), request);
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('factors for every area of a boundary set', () => {
  it('says nothing is stored until the factors are computed, then lists them with their units', async () => {
    expect(await api('viewer').factors.list.query({ boundarySetId: SET })).toBeNull();
    expect(await api('viewer').factors.map.query({ boundarySetId: SET, name: 'area-km2' })).toBeNull();
    await api('admin').factors.compute.mutate({ boundarySetId: SET, borderKm: 50, catchmentKm: 10 });
    const list = await api('viewer').factors.list.query({ boundarySetId: SET });
    expect(list!.factors).toContainEqual({ name: 'borderland-share', unit: 'share 0–1' });
    expect(list!.factors).toContainEqual({ name: 'sites-count:transit.airport', unit: 'count' });
    expect(list!.factors).toContainEqual({ name: 'sites-count:tourism.accommodation', unit: 'count' });
    expect(list!.protected).toEqual({ k: 10 });
  });

  it('gives each area the value factors.get gives it, for the viewer and the administrator', async () => {
    for (const who of ['viewer', 'admin']) {
      for (const name of ['borderland-share', 'sites-count:transit.airport', 'sites-count:tourism.accommodation', 'sites-per-100k:tourism.accommodation']) {
        const map = (await api(who).factors.map.query({ boundarySetId: SET, name }))!;
        expect(map.unit).toBe(name.startsWith('sites-count') ? 'count' : name.startsWith('sites-per') ? 'per 100,000 people' : 'share 0–1');
        for (const code of ['NPL', 'IND', 'ISL', 'FRA']) {
          const one = (await api(who).factors.get.query({ boundarySetId: SET, code }))!;
          const [factor, category = null] = name.split(/:(.*)/s, 2);
          const want = one.values.find((v) => v.factor === factor && v.category === category);
          const got = map.areas.find((a) => a.code === code);
          expect(got?.value, `${who} ${name} ${code}`).toEqual(want?.value);
          expect(got?.roundedTo).toEqual(want?.roundedTo);
          expect(got?.below).toEqual(want?.below);
        }
      }
    }
  });

  it('protects counts from internal sites for a viewer without clearance, as factors.get does', async () => {
    const name = 'sites-count:tourism.accommodation';
    const viewer = (await api('viewer').factors.map.query({ boundarySetId: SET, name }))!;
    const admin = (await api('admin').factors.map.query({ boundarySetId: SET, name }))!;
    expect(admin.areas.find((a) => a.code === 'NPL')).toMatchObject({ value: 25 });
    expect(viewer.areas.find((a) => a.code === 'NPL')).toMatchObject({ value: 20, roundedTo: 10 });
    // no area's exact count reaches the viewer
    expect(viewer.areas.every((a) => a.value === null || a.value % 10 === 0)).toBe(true);
    expect(viewer.areas.length).toBe(admin.areas.length);
  });

  it('refuses a factor that is not stored, and an anonymous caller', async () => {
    await expect(api('viewer').factors.map.query({ boundarySetId: SET, name: 'sites-count:no.such' })).rejects.toThrow("No factor 'sites-count:no.such' stored for 'world-atlas-50m-admin0'");
    await expect(apiClient('', server.url).factors.map.query({ boundarySetId: SET, name: 'area-km2' })).rejects.toThrow();
  });
});
