import { feature, mesh } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { GeometryCollection } from 'topojson-specification';
import { readLand, readTopology } from '../data/world';
import { unwrapGeometry } from './domain/antimeridian';
import { PolygonIndex } from './domain/polygon-index';
import type { LayersStore } from './store/layers-store';
import { PUBLIC_READER } from './store/access';

/** Okabe–Ito-friendly, low-contrast basemap colours so the data layers stand out. */
const COLOURS = { water: '#d7e3ea', land: '#f3f0e8', outline: '#b8b1a3', border: '#8a8274', label: '#3b3b3b', halo: '#ffffff' };

/**
 * The MapLibre style the client loads: everything is served by the app itself (no glyphs URL, so
 * MapLibre draws labels with the browser's own fonts; no tile or font server learns what is viewed).
 */
export function basemapStyle() {
  return {
    version: 8,
    name: 'Risk Atlas offline basemap',
    sources: {
      land: { type: 'geojson', data: '/basemap/land.geojson' },
      countries: { type: 'geojson', data: '/basemap/countries.geojson' },
      borders: { type: 'geojson', data: '/basemap/borders.geojson' },
      places: { type: 'geojson', data: '/basemap/places.geojson' },
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': COLOURS.water } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLOURS.land } },
      { id: 'country-outline', type: 'line', source: 'countries', paint: { 'line-color': COLOURS.outline, 'line-width': 0.5 } },
      {
        id: 'land-borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': COLOURS.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.6, 6, 1.4], 'line-dasharray': [3, 2] },
      },
      {
        id: 'country-labels',
        type: 'symbol',
        source: 'places',
        filter: ['==', ['get', 'kind'], 'country'],
        layout: {
          'text-field': ['get', 'name'],
          'text-size': ['interpolate', ['linear'], ['zoom'], 1, 10, 5, 14],
          'text-max-width': 8,
          'text-font': ['sans-serif'],
        },
        paint: { 'text-color': COLOURS.label, 'text-halo-color': COLOURS.halo, 'text-halo-width': 1.2 },
      },
      {
        id: 'place-labels',
        type: 'symbol',
        source: 'places',
        filter: ['==', ['get', 'kind'], 'place'],
        minzoom: 3,
        layout: {
          'text-field': ['get', 'name'],
          'text-size': 11,
          'text-font': ['sans-serif'],
          'symbol-sort-key': ['-', 0, ['get', 'population']],
        },
        paint: { 'text-color': '#555555', 'text-halo-color': COLOURS.halo, 'text-halo-width': 1 },
      },
    ],
  };
}

/** Makes consecutive longitudes of a line continuous (no jump from 180° to −180°). */
function unwrapLine(line: number[][]): number[][] {
  let prev = line[0][0];
  return line.map(([lng, lat]) => {
    const x = lng + 360 * Math.round((prev - lng) / 360);
    prev = x;
    return [x, lat];
  });
}

/** A point well inside a polygon for its label: the interior sample nearest the bbox centre of its largest part. */
function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best = parts[0];
  let bestSize = -1;
  for (const part of parts) {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of part[0]) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    const size = (x1 - x0) * (y1 - y0);
    if (size > bestSize) { bestSize = size; best = part; }
  }
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of best[0]) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  const index = new PolygonIndex([{ type: 'Polygon', coordinates: best }]);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  let pick: [number, number] = [cx, cy];
  let pickDist = Infinity;
  const n = 24;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= n; j++) {
      const x = x0 + ((x1 - x0) * i) / n;
      const y = y0 + ((y1 - y0) * j) / n;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d < pickDist && index.locate(x, y) === 0) { pick = [x, y]; pickDist = d; }
    }
  }
  return pick;
}

/** Builds and caches the basemap GeoJSON documents. */
export function createBasemap(layers: LayersStore) {
  const cache = new Map<string, Promise<unknown>>();
  const memo = (key: string, build: () => Promise<unknown>) => {
    if (!cache.has(key)) cache.set(key, build());
    return cache.get(key)!;
  };
  return {
    style: () => basemapStyle(),
    land: () =>
      memo('land', async () => {
        const topology = readLand('50m');
        const land = feature(topology, topology.objects.land as GeometryCollection) as unknown as FeatureCollection;
        return {
          type: 'FeatureCollection',
          features: land.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry as Polygon | MultiPolygon) })),
        };
      }),
    countries: () =>
      memo('countries', async () => {
        const topology = readTopology('50m');
        // Country outlines as lines: coastlines and borders once each. Lines that cross ±180°
        // (Fiji, Chukotka) are unwrapped, or they would draw across the whole map.
        const outlines = mesh(topology, topology.objects.countries as GeometryCollection);
        const lines = outlines.coordinates.map(unwrapLine);
        return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } }] };
      }),
    borders: () => memo('borders', () => layers.borders(PUBLIC_READER)),
    places: () =>
      memo('places', async () => {
        const countries = await layers.countries(PUBLIC_READER);
        const { names, population, coordinates } = await layers.places(PUBLIC_READER);
        const features: Feature<Point>[] = countries.features.map((c) => ({
          type: 'Feature',
          properties: { kind: 'country', name: c.properties.name, code: c.properties.code },
          geometry: { type: 'Point', coordinates: labelPoint(c.geometry) },
        }));
        // Labels for the places of at least 500,000 people; MapLibre's collision removes overlaps.
        for (let i = 0; i < names.length; i++) {
          if (population[i] < 500_000) continue;
          features.push({
            type: 'Feature',
            properties: { kind: 'place', name: names[i], population: population[i] },
            geometry: { type: 'Point', coordinates: [coordinates[2 * i], coordinates[2 * i + 1]] },
          });
        }
        return { type: 'FeatureCollection', features };
      }),
  };
}
