import { useMemo } from 'react';
import type { Feature, Geometry, Position } from 'geojson';

export interface SamplePlotProps {
  /** A few hundred features at most: each becomes an SVG element. */
  features: Feature<Geometry | null>[];
  /** The plot's accessible name ("Map of the first 38 features"). */
  label: string;
  width?: number;
  height?: number;
}

const PAD = 8;

/**
 * A small, static map of features drawn as SVG: polygons, lines and points, scaled to fit, in an
 * equirectangular projection corrected for latitude. No tiles, no requests, no WebGL.
 */
export function SamplePlot({ features, label, width = 320, height = 220 }: SamplePlotProps) {
  const drawn = useMemo(() => plot(features, width, height), [features, width, height]);
  return (
    <svg className="sample-plot" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <rect width={width} height={height} className="sample-plot__sea" />
      {drawn.areas && <path d={drawn.areas} className="sample-plot__area" fillRule="evenodd" />}
      {drawn.lines && <path d={drawn.lines} className="sample-plot__line" />}
      {drawn.points.map(([x, y], i) => (
        <circle key={i} cx={x} cy={y} r={2.5} className="sample-plot__point" />
      ))}
    </svg>
  );
}

/** The features' SVG path data (areas, lines) and point positions in pixels. */
export function plot(features: Feature<Geometry | null>[], width: number, height: number) {
  const all: Position[] = [];
  for (const f of features) if (f.geometry) eachPosition(f.geometry, (p) => all.push(p));
  if (all.length === 0) return { areas: '', lines: '', points: [] as [number, number][] };

  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of all) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * kx, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * PAD) / spanX, (height - 2 * PAD) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const project = ([x, y]: Position): [number, number] => [
    Math.round((offX + (x - minX) * kx * scale) * 10) / 10,
    Math.round((offY + (maxY - y) * scale) * 10) / 10,
  ];

  // one path per kind; points closer than a pixel to the previous are dropped
  const ring = (coords: Position[], close: boolean) => {
    let d = '';
    let last: [number, number] | null = null;
    for (const c of coords) {
      const p = project(c);
      if (last && Math.abs(p[0] - last[0]) < 1 && Math.abs(p[1] - last[1]) < 1) continue;
      d += `${d ? 'L' : 'M'}${p[0]} ${p[1]}`;
      last = p;
    }
    return d && close ? `${d}Z` : d;
  };
  let areas = '';
  let lines = '';
  const points: [number, number][] = [];
  const draw = (g: Geometry) => {
    switch (g.type) {
      case 'Point':
        points.push(project(g.coordinates));
        break;
      case 'MultiPoint':
        for (const c of g.coordinates) points.push(project(c));
        break;
      case 'LineString':
        lines += ring(g.coordinates, false);
        break;
      case 'MultiLineString':
        for (const l of g.coordinates) lines += ring(l, false);
        break;
      case 'Polygon':
        for (const r of g.coordinates) areas += ring(r, true);
        break;
      case 'MultiPolygon':
        for (const poly of g.coordinates) for (const r of poly) areas += ring(r, true);
        break;
      case 'GeometryCollection':
        for (const child of g.geometries) draw(child);
        break;
    }
  };
  for (const f of features) if (f.geometry) draw(f.geometry);
  return { areas, lines, points };
}

function eachPosition(g: Geometry, fn: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      return fn(g.coordinates);
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.forEach(fn);
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.forEach((r) => r.forEach(fn));
    case 'MultiPolygon':
      return g.coordinates.forEach((p) => p.forEach((r) => r.forEach(fn)));
    case 'GeometryCollection':
      return g.geometries.forEach((child) => eachPosition(child, fn));
  }
}
