import fs from 'node:fs';

/** A point of a generated file: line `i + 1` of NDJSON, row `i + 2` of CSV (after the header). */
export interface GeneratedPoint {
  i: number;
  name: string;
  ref: string;
  /** A taxonomy id: one point in 1,000 is a child-welfare institution (restricted by default). */
  kind: string;
  lng: number;
  lat: number;
}

/**
 * Seeded points (mulberry32), the same for a seed on every run: longitudes 60–100°E and latitudes
 * 5–35°N with six decimals — South Asia, sea included, so most points fall in a country and some
 * in none.
 */
export function* seededPoints(count: number, seed = 42): Generator<GeneratedPoint> {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < count; i++) {
    const lng = Math.round((60 + random() * 40) * 1e6) / 1e6;
    const lat = Math.round((5 + random() * 30) * 1e6) / 1e6;
    yield { i, name: `Stop ${i}`, ref: `B${i}`, kind: i % 1000 === 999 ? 'child-welfare-institution' : 'transit.bus-station', lng, lat };
  }
}

export type PointsFormat = 'ndgeojson' | 'csv';

/** What writePointsFile writes: also `geojson`, one FeatureCollection with a feature a line (read whole, not streamed). */
export type PointsFileFormat = PointsFormat | 'geojson';

/** One line of a points file. */
export function pointLine(p: GeneratedPoint, format: PointsFileFormat): string {
  if (format === 'csv') return `${p.name},${p.ref},${p.kind},"near the market, lane ${p.i % 97}",${p.lat},${p.lng}`;
  return JSON.stringify({ type: 'Feature', properties: { name: p.name, ref: p.ref, kind: p.kind }, geometry: { type: 'Point', coordinates: [p.lng, p.lat] } });
}

export const CSV_HEADER = 'name,ref,kind,note,lat,lon';

/**
 * Writes `count` seeded points as newline-delimited GeoJSON, a FeatureCollection or CSV (name, ref, kind, note, lat,
 * lon). `edit(line, text)` may replace a line (1-based, the CSV header is line 1) to plant bad rows.
 * Returns the file's size in bytes.
 */
export function writePointsFile(path: string, format: PointsFileFormat, count: number, options: { seed?: number; edit?: (line: number, text: string) => string } = {}): number {
  const fd = fs.openSync(path, 'w');
  let size = 0;
  let chunk: string[] = [];
  let line = 0;
  const flush = () => {
    const text = chunk.join('');
    size += fs.writeSync(fd, text);
    chunk = [];
  };
  const add = (text: string) => {
    line++;
    chunk.push(`${options.edit ? options.edit(line, text) : text}\n`);
    if (chunk.length >= 10_000) flush();
  };
  try {
    if (format === 'csv') add(CSV_HEADER);
    if (format === 'geojson') add('{"type":"FeatureCollection","features":[');
    for (const p of seededPoints(count, options.seed)) add(`${pointLine(p, format)}${format === 'geojson' && p.i < count - 1 ? ',' : ''}`);
    if (format === 'geojson') add(']}');
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return size;
}
