import type { Geometry, Position } from 'geojson';

/** [minLng, minLat, maxLng, maxLat] of any GeoJSON geometry, for the bbox columns. */
export function bboxOf(geometry: Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (p: Position) => {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
  };
  const walk = (c: any): void => {
    if (typeof c[0] === 'number') add(c as Position);
    else for (const x of c) walk(x);
  };
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => walkBox(g, box));
  else walk((geometry as any).coordinates);
  return box;
}

function walkBox(g: Geometry, box: [number, number, number, number]) {
  const b = bboxOf(g);
  box[0] = Math.min(box[0], b[0]);
  box[1] = Math.min(box[1], b[1]);
  box[2] = Math.max(box[2], b[2]);
  box[3] = Math.max(box[3], b[3]);
}

/** Rounds coordinates to `decimals` places (5 ≈ 1 m) to keep stored and sent GeoJSON small. */
export function roundCoordinates<T extends Geometry>(geometry: T, decimals = 5): T {
  const f = 10 ** decimals;
  const round = (c: any): any => (typeof c[0] === 'number' ? c.map((v: number) => Math.round(v * f) / f) : c.map(round));
  if (geometry.type === 'GeometryCollection') return geometry;
  return { ...geometry, coordinates: round((geometry as any).coordinates) };
}
