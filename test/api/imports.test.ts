import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { zipSync } from 'fflate';
import { apiClient, authedFetch, publishUpload, serverUrl, uploadFile, type ImportRequestInput } from './client';
import { TEST_ADMIN } from '../helpers/auth';
import { sampleFile } from '../fixtures/sample/make-samples';
import { itWithSharedData, readSharedData } from '../helpers/shared-data';
import { caught } from '../helpers/caught';

const api = apiClient();

const upload = uploadFile;
const publish = (uploadId: string, request: ImportRequestInput) => publishUpload(api, uploadId, request);

const datasetCount = async () => (await api.datasets.list.query()).length;

describe('importing over HTTP', () => {
  itWithSharedData('imports Bihar districts, joins NFHS-5 child marriage by name (Araria 52.0 %) and lists both with provenance', ['boundaries/india-bihar-districts-2011.geojson', 'child-marriage/india-nfhs5-districts-phase1.csv'], async () => {
    const boundaries = await upload('india-bihar-districts-2011.geojson', readSharedData('boundaries/india-bihar-districts-2011.geojson'));
    const inspection = await api.imports.inspect.query({ uploadId: boundaries });
    expect(inspection).toMatchObject({ format: 'geojson', rowCount: 38, proposed: { kind: 'boundaries', area: { codeField: 'dt_code' } } });
    expect(inspection.sample.features).toHaveLength(38);
    const b = await publish(boundaries, { kind: 'boundaries', name: 'Bihar districts 2011', source: 'Census of India 2011 via udit-001/india-maps-data', licence: 'No licence stated', dataDate: '2011', sensitivity: 'public', codeField: 'dt_code', nameField: 'district', level: 2 });
    expect(b.phase).toBe('published');
    const setId = b.datasetId!;

    const table = await upload('india-nfhs5-districts-phase1.csv', readSharedData('child-marriage/india-nfhs5-districts-phase1.csv'));
    const request = {
      kind: 'observations' as const, name: 'NFHS-5 child marriage (Bihar)', source: 'NFHS-5 district fact sheets', licence: 'CC BY 4.0', dataDate: '2020',
      areaField: 'District', valueField: 'NFHS-5', period: '2019-21', indicator: 'Women 20–24 married before 18', unit: '%',
      filters: [{ field: 'State', equals: 'Bihar' }, { field: 'Indicator', equals: '16. Women age 20-24 years married before age 18 years (%)' }],
      joinTo: setId, joinOn: 'name' as const,
    };
    const report = await api.imports.plan.mutate({ uploadId: table, request });
    expect(report.join!.keys).toBe(38);
    const unmatched = report.join!.unmatched.map((u) => u.key).sort();
    expect(unmatched).toEqual(['Pashchim Champaran', 'Purba Champaran']);
    const west = report.join!.unmatched.find((u) => u.key === 'Pashchim Champaran')!;
    expect(west.suggestions[0].name).toBe('West Champaran');

    // The user confirms the suggestions in the wizard, then publishes.
    const matches = Object.fromEntries(report.join!.unmatched.map((u) => [u.key, u.suggestions[0].code]));
    const o = await publish(table, { ...request, matches });
    expect(o.phase).toBe('published');
    expect(o.report!.toWrite.observations).toBe(38);
    const features = await api.datasets.features.query({ id: o.datasetId! });
    if (features.kind !== 'observations') throw new Error('expected observations');
    const areas = await api.datasets.features.query({ id: setId });
    if (areas.kind !== 'boundaries') throw new Error('expected boundaries');
    const araria = areas.geojson.features.find((f) => f.properties.name === 'Araria')!;
    expect(features.rows.find((r) => r.areaCode === araria.properties.code)!.value).toBe(52);

    const list = await api.datasets.list.query();
    const entry = list.find((d) => d.id === o.datasetId)!;
    expect(entry).toMatchObject({ kind: 'observations', source: 'NFHS-5 district fact sheets', licence: 'CC BY 4.0', dataDate: '2020', fileName: 'india-nfhs5-districts-phase1.csv', importedBy: TEST_ADMIN.email, featureCount: 38 });
    expect(entry.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('imports the sample districts, joins the sample index to them by name once its suggestions are confirmed', async () => {
    const boundaries = await upload('sample-districts.geojson', sampleFile('sample-districts.geojson'));
    const inspection = await api.imports.inspect.query({ uploadId: boundaries });
    expect(inspection).toMatchObject({ format: 'geojson', rowCount: 4, proposed: { kind: 'boundaries', area: { codeField: 'ADM2_PCODE' } } });
    const b = await publish(boundaries, { kind: 'boundaries', name: 'Sample districts (sample)', sensitivity: 'public', codeField: 'ADM2_PCODE', nameField: 'ADM2_NAME', level: 2 });
    expect(b.phase).toBe('published');

    const table = await upload('sample-observations.hxl.csv', sampleFile('sample-observations.hxl.csv'));
    const request = {
      kind: 'observations' as const, name: 'Sample index (sample)', areaField: 'District', valueField: 'Sample index', periodField: 'Year',
      indicator: 'Sample index', unit: 'index points', joinTo: b.datasetId!, joinOn: 'name' as const,
    };
    const report = await api.imports.plan.mutate({ uploadId: table, request });
    // "Northbrook" by name without its unit word, "Lakeshore" by an alternative name of Lakeside
    expect(report.join!.matched.map((m) => `${m.key}→${m.code} ${m.method}`).sort()).toEqual(['Lakeshore→SL04 alt-name', 'Northbrook→SL01 name']);
    expect(report.join!.unmatched.map((u) => [u.key, u.suggestions[0].name])).toEqual([['Pashchim Marsh', 'West Marsh'], ['Oakrige', 'Oakridge']]);

    const matches = Object.fromEntries(report.join!.unmatched.map((u) => [u.key, u.suggestions[0].code]));
    const o = await publish(table, { ...request, matches });
    expect(o.phase).toBe('published');
    const features = await api.datasets.features.query({ id: o.datasetId! });
    if (features.kind !== 'observations') throw new Error('expected observations');
    // the unit given at import, for the legend
    expect(features.indicators).toEqual([{ name: 'Sample index', unit: 'index points' }]);
    // the empty cell of Lakeshore 2020 is missing, not zero
    expect(features.rows.map((r) => [r.areaCode, r.period, r.value]).sort()).toEqual([['SL01', '2020', 12.5], ['SL02', '2020', 40], ['SL03', '2020', 7.25], ['SL04', '2021', 3]]);
  });

  itWithSharedData('reports renamed and new Ethiopian regions as unmatched with suggestions, never dropping them', ['boundaries/ne-admin1-focus-countries.geojson', 'indicators/eth-dhs-sae-admin1-admin2-estimates.csv'], async () => {
    const admin1 = await upload('ne-admin1-focus-countries.geojson', readSharedData('boundaries/ne-admin1-focus-countries.geojson'));
    const b = await publish(admin1, { kind: 'boundaries', name: 'Admin-1 focus countries', source: 'Natural Earth', licence: 'Public domain', codeField: 'iso_3166_2', nameField: 'name', parentField: 'adm0_a3', level: 1 });
    expect(b.phase).toBe('published');
    const dhs = await upload('eth-dhs-sae-admin1-admin2-estimates.csv', readSharedData('indicators/eth-dhs-sae-admin1-admin2-estimates.csv'));
    const report = await api.imports.plan.mutate({
      uploadId: dhs,
      request: {
        kind: 'observations', name: 'ETH women with secondary education', areaField: 'Region_Name', valueField: 'Mean', periodField: 'Year',
        indicatorField: 'Indicator', joinTo: b.datasetId!, joinOn: 'name',
        filters: [{ field: 'Admin', equals: '1' }, { field: 'Survey', equals: 'ET2019DHS' }, { field: 'Indicator', equals: 'ED_EDUC_W_SEH' }],
      },
    });
    const unmatched = new Map(report.join!.unmatched.map((u) => [u.key, u]));
    expect(report.join!.matched.length + report.join!.unmatched.length).toBe(report.join!.keys);
    for (const region of ['Sidama', 'South West Ethiopia']) expect(unmatched.has(region)).toBe(true);
    const matchedKeys = new Set(report.join!.matched.map((m) => m.key));
    // Spelling variants match by normalised name or are the first suggestion.
    const oromia = matchedKeys.has('Oromia') || unmatched.get('Oromia')?.suggestions[0]?.name === 'Oromiya';
    expect(oromia).toBe(true);
    expect(unmatched.get('Sidama')!.suggestions.length).toBeGreaterThan(0);
  });

  itWithSharedData('imports UNESCO sites from a Windows-1252 CSV as heritage sites, with a warning about the encoding', ['points/unesco-whc-sites-2019.csv'], async () => {
    const id = await upload('unesco-whc-sites-2019.csv', readSharedData('points/unesco-whc-sites-2019.csv'));
    const inspection = await api.imports.inspect.query({ uploadId: id });
    expect(inspection.rowCount).toBe(1121);
    expect(inspection.issues.some((i) => i.code === 'encoding' && /1252/.test(i.message))).toBe(true);
    const job = await publish(id, { kind: 'sites', name: 'UNESCO World Heritage 2019', category: 'tourism.heritage-site', sensitivity: 'public' });
    expect(job.phase).toBe('published');
    const features = await api.datasets.features.query({ id: job.datasetId! });
    if (features.kind !== 'sites') throw new Error('expected sites');
    expect(features.names.length).toBe(job.report!.toWrite.sites);
    expect(features.names.length).toBeGreaterThan(1100);
    expect(features.names.some((n) => n.includes('é'))).toBe(true);
  });

  itWithSharedData('imports the Monaco OSM extract as classified sites', ['osm/monaco-2022-12-30.osm.pbf'], async () => {
    const id = await upload('monaco-2022-12-30.osm.pbf', readSharedData('osm/monaco-2022-12-30.osm.pbf'));
    const job = await publish(id, { kind: 'sites', name: 'Monaco OSM', sensitivity: 'public' });
    expect(job.phase).toBe('published');
    const features = await api.datasets.features.query({ id: job.datasetId! });
    if (features.kind !== 'sites') throw new Error('expected sites');
    const counts = features.categories.reduce<Record<string, number>>((m, c) => ((m[c] = (m[c] ?? 0) + 1), m), {});
    expect(counts['tourism.accommodation']).toBeGreaterThanOrEqual(20);
    expect(counts['transit.rail-station']).toBeGreaterThanOrEqual(1);
    expect(counts['entertainment.casino']).toBeGreaterThanOrEqual(3);
  });

  it('refuses a PNG renamed .geojson with a message that says what it is, and writes nothing', async () => {
    const before = await datasetCount();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const id = await upload('wards.geojson', png);
    const err = await api.imports.inspect.query({ uploadId: id }).catch((e) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(err.message).toMatch(/PNG image/);
    const job = await publish(id, { kind: 'boundaries', name: 'not really', codeField: 'x' });
    expect(job.phase).toBe('failed');
    expect(job.error!.message).toMatch(/PNG image/);
    expect(await datasetCount()).toBe(before);
    const history = await api.imports.history.query();
    expect(history[0]).toMatchObject({ fileName: 'wards.geojson', status: 'failed' });
  });

  it('refuses a zip bomb by its expansion ratio, naming the limit', async () => {
    const before = await datasetCount();
    const bomb = zipSync({ 'wards.shp': new Uint8Array(50 * 1024 * 1024), 'wards.dbf': new Uint8Array(10) }, { level: 9 });
    const id = await upload('wards.zip', bomb);
    const err = await api.imports.inspect.query({ uploadId: id }).catch((e) => e);
    expect(err.message).toMatch(/ratio|limit/i);
    expect(err.data.importIssues[0].code).toBe('limit-exceeded');
    expect(await datasetCount()).toBe(before);
  });

  it('rejects observations whose value column is not numeric, naming row and column, and keeps text as text', async () => {
    const csv = 'iso3,name,rate\nNPL,<script>alert(1)</script>,12.5\nIND,=HYPERLINK("x"),n/a\n';
    const id = await upload('rates.csv', Buffer.from(csv));
    const report = await api.imports.plan.mutate({ uploadId: id, request: { kind: 'observations', name: 'rates', areaField: 'iso3', valueField: 'rate', period: '2020', joinTo: 'world-atlas-50m-admin0' } });
    expect(report.toWrite.observations).toBe(1);
    const issue = report.issues.find((i) => i.code === 'non-numeric')!;
    expect(issue).toMatchObject({ row: 3, field: 'rate' });
    expect(issue.message).toContain('n/a');
  });

  it('cancels nothing that has finished and says so for an unknown job', async () => {
    const err = await api.imports.status.query({ jobId: 'nope' }).catch((e) => e);
    expect(err.message).toBe("No import job 'nope'");
    expect((await api.imports.cancel.mutate({ jobId: 'nope' })).cancelled).toBe(false);
  });

  it('renames, hides and deletes a dataset; deleting removes its sites', async () => {
    const id = await upload('two.csv', Buffer.from('name,lat,lon\nA,27.7,85.3\nB,26.5,87.3\n'));
    const job = await publish(id, { kind: 'sites', name: 'Two stations (sample)', category: 'transit.bus-station' });
    const datasetId = job.datasetId!;
    await api.datasets.update.mutate({ id: datasetId, version: 1, name: 'Renamed', hidden: true, style: { colour: '#d55e00', radiusPx: 6 } });
    const entry = (await api.datasets.list.query()).find((d) => d.id === datasetId)!;
    expect(entry).toMatchObject({ name: 'Renamed', hidden: true, style: { colour: '#d55e00', radiusPx: 6 } });
    await api.datasets.remove.mutate({ id: datasetId });
    expect((await api.datasets.list.query()).some((d) => d.id === datasetId)).toBe(false);
    const err = await api.datasets.features.query({ id: datasetId }).catch((e) => e);
    expect(err.message).toBe(`No dataset '${datasetId}'`);
  });

  it('refuses a site category outside the taxonomy with a 400 naming it, for the plan and the start', async () => {
    const id = await upload('two-sites.csv', Buffer.from('name,lat,lon\nA,27.7,85.3\nB,26.5,87.3\n'));
    const request = { kind: 'sites' as const, name: 'Two sites (sample)', category: 'casino' };
    for (const call of [() => api.imports.plan.mutate({ uploadId: id, request }), () => api.imports.start.mutate({ uploadId: id, request })]) {
      const err = await caught<TRPCClientError<any>>(call);
      expect(err).toBeInstanceOf(TRPCClientError);
      expect(err.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
      expect(err.message).toContain("unknown site category 'casino': expected a taxonomy id such as transit.");
      // the wizard shows it beside the field
      expect(err.data.zodError.fieldErrors.request).toEqual([expect.stringMatching(/^unknown site category 'casino'/)]);
    }
    // nothing was published
    expect((await api.datasets.list.query()).some((d) => d.name === 'Two sites (sample)')).toBe(false);
  });

  it('refuses an upload over the size limit before reading it', async () => {
    const res = await authedFetch(`${serverUrl()}/api/uploads?name=big.csv`, { method: 'POST', headers: { 'content-length': String(10 * 1024 ** 3) }, body: 'x' }).catch((e) => e);
    // fetch refuses a mismatched content-length itself; the server's streaming check is covered by saveUpload.
    expect(res instanceof Error || res.status === 413).toBe(true);
  });
});

describe('exporting', () => {
  it('exports text that looks like a formula neutralised, and HTML as plain text', async () => {
    const csv = 'name,lat,lon\n"=HYPERLINK(""http://x"")",27.7,85.3\n<b>Bold</b> & co,26.5,87.3\n';
    const id = await upload('formula.csv', Buffer.from(csv));
    const job = await publish(id, { kind: 'sites', name: 'Formula sample', category: 'internet-cafe' });
    const features = await api.datasets.features.query({ id: job.datasetId! });
    if (features.kind !== 'sites') throw new Error('expected sites');
    // Stored as given …
    expect(features.names).toEqual(['=HYPERLINK("http://x")', '<b>Bold</b> & co']);
    // … neutralised on export.
    const res = await authedFetch(`${serverUrl()}/api/datasets/${job.datasetId}/export.csv?confirm=1`);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await res.text();
    expect(text.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://x"")",internet-cafe,85.3,27.7`);
    expect(text.split('\r\n')[2]).toBe('<b>Bold</b> & co,internet-cafe,87.3,26.5');
    const geo = await (await authedFetch(`${serverUrl()}/api/datasets/${job.datasetId}/export.geojson?confirm=1`)).json();
    expect(geo.features[0].properties.name).toBe('=HYPERLINK("http://x")');
  });
});
