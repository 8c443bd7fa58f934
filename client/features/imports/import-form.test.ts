import { describe, expect, it } from 'vitest';
import { initialForm, nameFromFile, previewValues, toImportRequest, type Inspection } from './import-form';

function inspection(patch: Partial<Inspection> = {}): Inspection {
  return {
    upload: { id: 'a'.repeat(32), name: 'x', size: 1, sha256: 'f'.repeat(64) },
    fileName: 'india-bihar-districts-2011.geojson',
    format: 'geojson',
    rowCount: 38,
    columns: ['dt_code', 'district', 'st_code'],
    hxl: null,
    preview: [['203', 'West Champaran', '10']],
    geometryTypes: { Polygon: 38 },
    sample: { type: 'FeatureCollection', features: [] },
    proposed: {
      kind: 'boundaries',
      area: { codeField: 'dt_code', nameField: 'district', parentField: 'st_code', level: 2 },
      coordinates: null,
      interventions: null,
      periodColumns: [],
    },
    issues: [],
    ...patch,
  } as Inspection;
}

const nfhs = inspection({
  fileName: 'india-nfhs5-districts-phase1.csv',
  format: 'csv',
  columns: ['State', 'State-Code', 'District', 'Indicator', 'NFHS-5', 'NFHS-4'],
  preview: [
    ['Bihar', 'BR', 'Araria', '16. Women age 20-24 years married before age 18 years (%)', '52.0', '53.2'],
    ['Bihar', 'BR', 'Araria', '17. Men age 25-29 years married before age 21 years (%)', '30.1', '33.4'],
    ['Bihar', 'BR', 'Arwal', '16. Women age 20-24 years married before age 18 years (%)', '39.0', '40.1'],
  ],
  geometryTypes: {},
  proposed: { kind: 'observations', area: { codeField: null, nameField: null, parentField: null, level: null }, coordinates: null, interventions: null, periodColumns: [] },
});

describe('initialForm', () => {
  it("takes the server's proposals for a boundary file", () => {
    const form = initialForm(inspection());
    expect(form).toMatchObject({ kind: 'boundaries', codeField: 'dt_code', nameField: 'district', parentField: 'st_code', level: '2' });
    expect(form.name).toBe('india-bihar-districts-2011');
  });

  it('guesses the area column of a table and proposes the only boundary set', () => {
    const form = initialForm(nfhs, ['bihar-districts-1']);
    expect(form).toMatchObject({ kind: 'observations', areaField: 'District', layout: 'long', joinTo: 'bihar-districts-1' });
  });

  it('proposes the wide layout when the table has a column per year', () => {
    const form = initialForm(inspection({ columns: ['Country', '2015', '2016', '2017'], proposed: { ...nfhs.proposed, periodColumns: ['2015', '2016', '2017'] } }));
    expect(form.layout).toBe('wide');
  });
});

describe('toImportRequest', () => {
  it('sends only what boundaries read, with the level as a number', () => {
    const request = toImportRequest({ ...initialForm(inspection()), name: ' Bihar districts ', source: 'Census of India', dataDate: '2011' });
    expect(request).toEqual({
      kind: 'boundaries',
      name: 'Bihar districts',
      source: 'Census of India',
      dataDate: '2011',
      sensitivity: 'internal',
      locale: 'en',
      codeField: 'dt_code',
      nameField: 'district',
      parentField: 'st_code',
      level: 2,
    });
  });

  it('sends a long table with its filters, fixed period, join and confirmed matches', () => {
    const form = {
      ...initialForm(nfhs, ['bihar']),
      name: 'Child marriage',
      valueField: 'NFHS-5',
      period: '2019-21',
      filters: [
        { field: 'State', equals: 'Bihar' },
        { field: '', equals: 'ignored: no column chosen' },
      ],
      joinOn: 'name' as const,
    };
    const request = toImportRequest(form, { 'Pashchim Champaran': '203', Elsewhere: null });
    expect(request).toMatchObject({
      kind: 'observations',
      areaField: 'District',
      layout: 'long',
      valueField: 'NFHS-5',
      period: '2019-21',
      filters: [{ field: 'State', equals: 'Bihar' }],
      joinTo: 'bihar',
      joinOn: 'name',
      matches: { 'Pashchim Champaran': '203', Elsewhere: null },
    });
    expect(request).not.toHaveProperty('periodField');
    expect(request).not.toHaveProperty('codeField');
    expect(request.dataDate).toBeNull();
  });

  it('takes the proposed 3W columns and sends them with the join, without the observation fields', () => {
    const sheet = inspection({
      fileName: 'sample-3w.csv', format: 'csv', columns: ['Organisation', 'Activity code', 'District', 'Status', 'Start', 'End'], geometryTypes: {},
      proposed: {
        kind: 'interventions', area: { codeField: null, nameField: null, parentField: null, level: null }, coordinates: null, periodColumns: [],
        interventions: { orgField: 'Organisation', activityField: 'Activity code', areaField: 'District', statusField: 'Status', startField: 'Start', endField: 'End' },
      },
    });
    const form = initialForm(sheet, ['sample-districts']);
    expect(form).toMatchObject({ kind: 'interventions', areaField: 'District', activityField: 'Activity code', orgField: 'Organisation', joinTo: 'sample-districts' });
    const request = toImportRequest({ ...form, titleField: '' }, { 'Sample Z': null });
    expect(request).toMatchObject({
      kind: 'interventions', areaField: 'District', orgField: 'Organisation', activityField: 'Activity code', statusField: 'Status', startField: 'Start', endField: 'End',
      joinTo: 'sample-districts', joinOn: 'auto', matches: { 'Sample Z': null },
    });
    expect(request).not.toHaveProperty('titleField');
    expect(request).not.toHaveProperty('valueField');
    expect(request).not.toHaveProperty('layout');
  });

  it('sends a category column instead of a fixed category when the user picks one', () => {
    const base = { ...initialForm(inspection()), kind: 'sites' as const, category: 'tourism.accommodation', categoryField: 'type' };
    expect(toImportRequest(base)).toMatchObject({ category: 'tourism.accommodation' });
    const byColumn = toImportRequest({ ...base, categoryMode: 'column' });
    expect(byColumn).toMatchObject({ categoryField: 'type' });
    expect(byColumn).not.toHaveProperty('category');
  });
});

describe('helpers', () => {
  it('names a dataset after its file', () => {
    expect(nameFromFile('ne_10m_admin_1.topo.json.gz')).toBe('ne 10m admin 1');
    expect(nameFromFile('hotels.osm.pbf')).toBe('hotels');
  });

  it("lists a column's distinct preview values in order", () => {
    expect(previewValues(nfhs, 'District')).toEqual(['Araria', 'Arwal']);
    expect(previewValues(nfhs, 'Nope')).toEqual([]);
  });
});
