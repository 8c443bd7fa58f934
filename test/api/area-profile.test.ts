import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from './client';

// areas.brief (the profile of any area of any boundary set, in one call) and areas.search (the
// atlas's own name index) over HTTP, on a server of this file's own. SAMPLE data made up here:
// squares in the South Atlantic (no land, no real place), values of no meaning.
let server: RunningServer;
const cookies: Record<string, string> = {};
const api = (who: string) => apiClient(cookies[who], server.url);
const OTHER_ORG = 'Sample other organisation';

// a row of five 1° squares, codes PQ1…PQ5
const SQUARES = Array.from({ length: 5 }, (_, i) => ({ code: `PQ${i + 1}`, name: `Sample Quillmoor ${i + 1}`, lng: -20 + i, lat: -30 }));
// two periods; PQ3 has no 2021 value; PQ2 and PQ4 tie in 2020
const VALUES: Record<string, [number, number | null]> = { PQ1: [12.5, 14], PQ2: [30, 28.5], PQ3: [7, null], PQ4: [30, 41], PQ5: [2.25, 3] };
let publicSet = '';
let hiddenSet = '';

const atlas = (args: string[], stdin = '') => runAtlas(server, args, stdin);

const square = (lng: number, lat: number, size = 1) => ({ type: 'Polygon', coordinates: [[[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]] });

async function publish(file: string, body: string, request: ImportRequestInput): Promise<string> {
  const job = await publishUpload(api('admin'), await uploadFile(file, body, cookies.admin, server.url), request);
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  return job.datasetId!;
}

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  const invited = await api('admin').users.invite.mutate({ email: 'viewer@test.local', role: 'viewer' });
  const first = await signIn(server.url, 'viewer@test.local', invited.oneTimePassword!);
  await apiClient(first, server.url).account.changePassword.mutate({ current: invited.oneTimePassword!, next: 'password of the viewer' });
  cookies.viewer = first;
  const org = await atlas(['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await atlas(['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.other = await signIn(server.url, 'other.admin@test.local', 'other admin password');

  const squares = { type: 'FeatureCollection', features: SQUARES.map((s) => ({ type: 'Feature', properties: { code: s.code, name: s.name }, geometry: square(s.lng, s.lat) })) };
  publicSet = await publish('squares.geojson', JSON.stringify(squares), { kind: 'boundaries', name: 'Sample Quillmoor squares', sensitivity: 'public', codeField: 'code', nameField: 'name', level: 2 } as ImportRequestInput);
  const hidden = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'HZ1', name: 'Sample Zephyrwick' }, geometry: square(-20, -35) }] };
  hiddenSet = await publish('hidden.geojson', JSON.stringify(hidden), { kind: 'boundaries', name: 'Sample internal set', sensitivity: 'internal', codeField: 'code', nameField: 'name', level: 2 } as ImportRequestInput);
  const csv = `code,period,rate,lo,hi\n${SQUARES.flatMap((s) => VALUES[s.code].map((v, i) => (v === null ? null : `${s.code},${2020 + i},${v},${v - 1},${v + 1}`)).filter(Boolean)).join('\n')}\n`;
  await publish('rates.csv', csv, {
    kind: 'observations', name: 'Sample rates', source: 'Sample survey', areaField: 'code', valueField: 'rate', periodField: 'period', lowerField: 'lo', upperField: 'hi',
    indicator: 'Sample rate', unit: '%', joinTo: publicSet, joinOn: 'code',
  } as ImportRequestInput);
  // in PQ1: 23 child-welfare institutions (restricted by their category) and 3 bus stations, in a public dataset
  const rows = [
    ...Array.from({ length: 23 }, (_, i) => `Sample home ${i + 1},${-29.9 + (i % 5) * 0.15},${-19.9 + Math.floor(i / 5) * 0.15},child-welfare-institution`),
    ...Array.from({ length: 3 }, (_, i) => `Sample bus station ${i + 1},${-29.5},${-19.8 + i * 0.2},transit.bus-station`),
    'Sample bus station outside,-29.5,-10.5,transit.bus-station',
  ];
  await publish('sites.csv', `name,lat,lon,category\n${rows.join('\n')}\n`, { kind: 'sites', name: 'Sample Quillmoor sites', categoryField: 'category', sensitivity: 'public' } as ImportRequestInput);
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('areas.brief: the profile of an area of any boundary set', () => {
  it('gives every indicator with the values, periods, intervals and source imported, in trend order', async () => {
    const p = await api('viewer').areas.brief.query({ boundarySetId: publicSet, code: 'PQ2' });
    expect(p.area).toMatchObject({ boundarySetId: publicSet, code: 'PQ2', name: 'Sample Quillmoor 2', level: 2, setName: 'Sample Quillmoor squares' });
    expect(p.area.bbox).toEqual([-19, -30, -18, -29]);
    expect(p.indicators).toHaveLength(1);
    const [rate] = p.indicators;
    expect(rate).toMatchObject({ name: 'Sample rate', unit: '%', source: 'Sample survey', datasetName: 'Sample rates' });
    expect(rate.periods.map((x) => [x.period, x.value, x.lower, x.upper])).toEqual([['2020', 30, 29, 31], ['2021', 28.5, 27.5, 29.5]]);
  });

  it('ranks each period among the areas of the set that have a value, ties sharing a rank', async () => {
    for (const s of SQUARES) {
      const p = await api('viewer').areas.brief.query({ boundarySetId: publicSet, code: s.code });
      const periods = p.indicators[0]?.periods ?? [];
      for (const [i, period] of ['2020', '2021'].entries()) {
        const v = VALUES[s.code][i];
        const got = periods.find((x) => x.period === period);
        if (v === null) {
          expect(got, `${s.code} ${period}`).toBeUndefined();
          continue;
        }
        // brute force: how many areas have a higher value in that period
        const peers = Object.values(VALUES).map((x) => x[i]).filter((x): x is number => x !== null);
        expect(got!.rank, `${s.code} ${period}`).toEqual({ rank: peers.filter((x) => x > v).length + 1, of: peers.length, tiedWith: peers.filter((x) => x === v).length - 1 });
      }
    }
    const pq4 = await api('viewer').areas.brief.query({ boundarySetId: publicSet, code: 'PQ4' });
    expect(pq4.indicators[0].periods.map((x) => x.rank!.rank)).toEqual([1, 1]);
  });

  it('counts the sites inside the area by category, protecting restricted ones for a viewer of another organisation', async () => {
    const admin = await api('admin').areas.brief.query({ boundarySetId: publicSet, code: 'PQ1' });
    expect(admin.sites).toEqual([{ category: 'child-welfare-institution', count: 23 }, { category: 'transit.bus-station', count: 3 }]);
    expect(admin.sitesProtected).toBeNull();
    const other = await api('other').areas.brief.query({ boundarySetId: publicSet, code: 'PQ1' });
    expect(other.sites).toEqual([{ category: 'child-welfare-institution', count: 20, roundedTo: 10 }, { category: 'transit.bus-station', count: 3 }]);
    expect(other.sitesProtected).toEqual({ k: 10 });
    // the viewer of the owning organisation is not cleared for restricted sites either
    const viewer = await api('viewer').areas.brief.query({ boundarySetId: publicSet, code: 'PQ1' });
    expect(viewer.sites[0]).toEqual({ category: 'child-welfare-institution', count: 20, roundedTo: 10 });
    // the station outside every square is in none
    const pq2 = await api('admin').areas.brief.query({ boundarySetId: publicSet, code: 'PQ2' });
    expect(pq2.sites).toEqual([]);
  });

  it('gives the zone shares, the risk score of the built-in model and the interventions that target the area', async () => {
    const created = await api('admin').interventions.create.mutate({ title: 'Sample outreach in Quillmoor 3', actionArea: '5.1', targets: [{ kind: 'area', boundarySetId: publicSet, code: 'PQ3' }] } as never);
    const p = await api('viewer').areas.brief.query({ boundarySetId: publicSet, code: 'PQ3' });
    expect(p.interventions.map((i) => [i.id, i.title, i.actionArea, i.status])).toEqual([[created.id, 'Sample outreach in Quillmoor 3', '5.1', created.status]]);
    // open sea, far from any land border
    expect(p.zones[0]).toMatchObject({ zone: 'borderland', radiusKm: 50, share: 0 });
    const models = await api('viewer').risk.models.list.query();
    const builtIn = models.find((m) => m.builtIn)!;
    expect(p.risk!.modelId).toBe(builtIn.id);
    expect(p.risk!.modelName).toBe(builtIn.name);
    // nothing the model reads exists for these squares: no score, never a zero
    expect(p.risk!.score).toBeNull();
    expect((await api('viewer').areas.brief.query({ boundarySetId: publicSet, code: 'PQ1' })).interventions).toEqual([]);
  });

  it('profiles a country too, and answers NOT_FOUND for an unknown area or a set the viewer may not see', async () => {
    const npl = await api('viewer').areas.brief.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    expect(npl.area.name).toBe('Nepal');
    expect(npl.sites.find((s) => s.category === 'transit.airport')!.count).toBeGreaterThan(5);
    // the same zone as the country panel's (the stored geometry is rounded to 1e-6°)
    expect(npl.zones[0].share).toBeCloseTo((await api('viewer').areas.profile.query({ code: 'NPL', borderKm: 50 })).borderland.share, 6);
    await expect(api('viewer').areas.brief.query({ boundarySetId: publicSet, code: 'NOPE' })).rejects.toThrow(`No area 'NOPE' in '${publicSet}'`);
    await expect(api('other').areas.brief.query({ boundarySetId: hiddenSet, code: 'HZ1' })).rejects.toThrow(`No area 'HZ1' in '${hiddenSet}'`);
    expect((await api('viewer').areas.brief.query({ boundarySetId: hiddenSet, code: 'HZ1' })).area.name).toBe('Sample Zephyrwick');
  });
});

describe('areas.risk: the score on its own, for a panel that opens before it', () => {
  it('gives what areas.brief gives as risk, which leaves it out when asked', async () => {
    for (const [set, code] of [[publicSet, 'PQ1'], ['world-atlas-50m-admin0', 'NPL']]) {
      const full = await api('viewer').areas.brief.query({ boundarySetId: set, code });
      const quick = await api('viewer').areas.brief.query({ boundarySetId: set, code, risk: false });
      expect(quick.risk).toBeNull();
      expect(quick.indicators).toEqual(full.indicators);
      expect(await api('viewer').areas.risk.query({ boundarySetId: set, code })).toEqual(full.risk);
    }
    const npl = await api('viewer').areas.risk.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    expect(npl.modelId).toBe((await api('viewer').risk.models.list.query()).find((m) => m.builtIn)!.id);
  });

  it('answers NOT_FOUND for an area the viewer may not see', async () => {
    await expect(api('other').areas.risk.query({ boundarySetId: hiddenSet, code: 'HZ1' })).rejects.toThrow(`No area 'HZ1' in '${hiddenSet}'`);
  });
});

describe('areas.hierarchy: the drill-down across boundary sets that nest', () => {
  // SAMPLE provinces (level 1) over the squares, with no parent codes: they nest by containment.
  // PR-W (20.5°W–17.8°W) holds PQ1 and PQ2; PQ3 (18°W–17°W) overlaps its box but lies in PR-E.
  // SAMPLE wards (level 3, internal) name PQ2 as their parent; W2 lies inside PQ5, the code wins.
  let provinces = '';
  let wards = '';
  const rect = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
  beforeAll(async () => {
    const prov = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: 'PR-W', name: 'Sample West Marrowby' }, geometry: rect(-20.5, -30.5, -17.8, -28.5) },
      { type: 'Feature', properties: { code: 'PR-E', name: 'Sample East Marrowby' }, geometry: rect(-17.8, -30.5, -14.5, -28.5) },
    ] };
    provinces = await publish('provinces.geojson', JSON.stringify(prov), { kind: 'boundaries', name: 'Sample Quillmoor provinces', sensitivity: 'public', codeField: 'code', nameField: 'name', level: 1 } as ImportRequestInput);
    const w = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: 'W1', name: 'Sample ward one', parent: 'PQ2' }, geometry: rect(-18.9, -29.9, -18.5, -29.5) },
      { type: 'Feature', properties: { code: 'W2', name: 'Sample ward two', parent: 'PQ2' }, geometry: rect(-15.9, -29.9, -15.5, -29.5) },
    ] };
    wards = await publish('wards.geojson', JSON.stringify(w), { kind: 'boundaries', name: 'Sample Quillmoor wards', sensitivity: 'internal', codeField: 'code', nameField: 'name', parentField: 'parent', level: 3 } as ImportRequestInput);
  }, 120_000);

  it('lists the areas inside by containment when codes do not link, and by parent code when they do', async () => {
    const west = await api('viewer').areas.hierarchy.query({ boundarySetId: provinces, code: 'PR-W' });
    expect(west.area).toMatchObject({ boundarySetId: provinces, code: 'PR-W', name: 'Sample West Marrowby', level: 1 });
    expect(west.ancestors).toEqual([]);
    expect(west.children.map((g) => [g.boundarySetId, g.linkedBy, g.areas.map((a) => a.code)])).toEqual([[publicSet, 'containment', ['PQ1', 'PQ2']]]);
    expect(west.children[0].areas[1]).toEqual({ code: 'PQ2', name: 'Sample Quillmoor 2', bbox: [-19, -30, -18, -29] });
    const east = await api('viewer').areas.hierarchy.query({ boundarySetId: provinces, code: 'PR-E' });
    expect(east.children[0].areas.map((a) => a.code)).toEqual(['PQ3', 'PQ4', 'PQ5']);

    const pq2 = await api('viewer').areas.hierarchy.query({ boundarySetId: publicSet, code: 'PQ2' });
    expect(pq2.ancestors.map((a) => [a.boundarySetId, a.code, a.linkedBy])).toEqual([[provinces, 'PR-W', 'containment']]);
    expect(pq2.children.map((g) => [g.boundarySetId, g.level, g.linkedBy, g.areas.map((a) => a.code)])).toEqual([[wards, 3, 'parent-code', ['W1', 'W2']]]);
    // the wards link to the squares by code: W2, inside PQ5 but naming PQ2, is not under PQ5
    expect((await api('viewer').areas.hierarchy.query({ boundarySetId: publicSet, code: 'PQ5' })).children).toEqual([]);
  });

  it('gives the breadcrumbs from the coarsest level down, the parent code first', async () => {
    const w2 = await api('viewer').areas.hierarchy.query({ boundarySetId: wards, code: 'W2' });
    // W2 lies inside PQ5 but names PQ2
    expect(w2.ancestors.map((a) => [a.code, a.name, a.level, a.linkedBy])).toEqual([
      ['PR-W', 'Sample West Marrowby', 1, 'containment'],
      ['PQ2', 'Sample Quillmoor 2', 2, 'parent-code'],
    ]);
  });

  it('nests real countries: Natural Earth-style admin-1 areas under their country by parent code', async () => {
    const admin1 = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { iso_3166_2: 'NP-BA', name: 'Sample Bagmati zone', adm0_a3: 'NPL' }, geometry: rect(85.2, 27.5, 85.6, 27.9) },
    ] };
    const set = await publish('np-admin1.geojson', JSON.stringify(admin1), { kind: 'boundaries', name: 'Sample Nepal zones', sensitivity: 'public', codeField: 'iso_3166_2', nameField: 'name', parentField: 'adm0_a3', level: 1 } as ImportRequestInput);
    const npl = await api('viewer').areas.hierarchy.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    expect(npl.children.map((g) => [g.boundarySetId, g.linkedBy, g.areas.map((a) => a.code)])).toEqual([[set, 'parent-code', ['NP-BA']]]);
    const zone = await api('viewer').areas.hierarchy.query({ boundarySetId: set, code: 'NP-BA' });
    expect(zone.ancestors.map((a) => [a.boundarySetId, a.code, a.name])).toEqual([['world-atlas-50m-admin0', 'NPL', 'Nepal']]);
  });

  it('shows another organisation neither the internal wards nor a crumb through them', async () => {
    expect((await api('other').areas.hierarchy.query({ boundarySetId: publicSet, code: 'PQ2' })).children).toEqual([]);
    await expect(api('other').areas.hierarchy.query({ boundarySetId: wards, code: 'W1' })).rejects.toThrow(`No area 'W1' in '${wards}'`);
  });
});

describe('areas.search: names from the atlas’s own index', () => {
  it('finds areas of an imported set by name or code, best match first', async () => {
    const found = await api('viewer').areas.search.query({ q: 'quillmoor 3' });
    expect(found[0]).toMatchObject({ kind: 'area', boundarySetId: publicSet, code: 'PQ3', name: 'Sample Quillmoor 3', quality: 2 });
    const byCode = await api('viewer').areas.search.query({ q: 'pq5' });
    expect(byCode[0]).toMatchObject({ kind: 'area', code: 'PQ5', quality: 0 });
    const all = await api('viewer').areas.search.query({ q: 'Quillmoor', limit: 50 });
    expect(all.filter((r) => r.kind === 'area').map((r) => r.kind === 'area' && r.code)).toEqual(['PQ1', 'PQ2', 'PQ3', 'PQ4', 'PQ5']);
  });

  it('finds countries, places and sites, a country before a town of the same name', async () => {
    const nepal = await api('viewer').areas.search.query({ q: 'nepal' });
    expect(nepal[0]).toMatchObject({ kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL', quality: 0 });
    const kathmandu = await api('viewer').areas.search.query({ q: 'Kathmandu' });
    // with the country that holds it, for the profile a search opens
    expect(kathmandu.find((r) => r.kind === 'place')).toMatchObject({ name: 'Kathmandu', country: 'NP', areaCode: 'NPL' });
    const station = await api('viewer').areas.search.query({ q: 'sample bus station 2' });
    expect(station[0]).toMatchObject({ kind: 'site', name: 'Sample bus station 2', category: 'transit.bus-station' });
  });

  it('returns only names of datasets the viewer may see, and restricted sites only to those cleared', async () => {
    expect((await api('viewer').areas.search.query({ q: 'Zephyrwick' })).map((r) => r.name)).toEqual(['Sample Zephyrwick']);
    expect(await api('other').areas.search.query({ q: 'Zephyrwick' })).toEqual([]);
    expect((await api('admin').areas.search.query({ q: 'sample home 1', limit: 50 })).filter((r) => r.kind === 'site')).toHaveLength(11);
    expect(await api('other').areas.search.query({ q: 'sample home' })).toEqual([]);
    expect(await api('viewer').areas.search.query({ q: 'sample home' })).toEqual([]);
  });

  it('refuses an empty query with the field named', async () => {
    await expect(api('viewer').areas.search.query({ q: '  ' })).rejects.toThrow(/type at least one character/);
  });
});
