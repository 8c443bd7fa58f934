import type { Geometry, Position } from 'geojson';

/** Calls `visit` for every position of a geometry (any type, nested collections included). */
export function forEachPosition(geometry: Geometry | null | undefined, visit: (p: Position) => void): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geometry.coordinates) line.forEach(visit);
      break;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) for (const ring of polygon) ring.forEach(visit);
      break;
    case 'GeometryCollection':
      for (const g of geometry.geometries) forEachPosition(g, visit);
      break;
  }
}

/** A copy of the geometry with every position replaced by `map(position)`. */
export function mapPositions<G extends Geometry>(geometry: G, map: (p: Position) => Position): G {
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: map(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(map) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(map)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(map))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => mapPositions(g, map)) };
    default:
      return geometry;
  }
}

/** [minX, minY, maxX, maxY] of the geometries' positions; Infinity/-Infinity when there are none. */
export function positionBounds(geometries: Iterable<Geometry | null | undefined>): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) {
    forEachPosition(g, ([x, y]) => {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    });
  }
  return b;
}

/**
 * True when bounds fit longitude/latitude. Longitudes may reach ±360 because rings crossing the
 * antimeridian are stored unwrapped (server/domain/types.ts); projected metres are far beyond.
 */
export function isLngLatBounds([minX, minY, maxX, maxY]: [number, number, number, number]): boolean {
  if (minX > maxX) return true;
  return minX >= -360 && maxX <= 360 && minY >= -90.000001 && maxY <= 90.000001;
}
