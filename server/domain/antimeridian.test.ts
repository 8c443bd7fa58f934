import type { MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import world from 'world-atlas/countries-110m.json';
import { unwrapGeometry, unwrapRing } from './antimeridian';
import { EARTH_RADIUS_KM, polygonAreaKm2, ringAreaKm2 } from './geodesy';

const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const lngs = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2).map((p) => p[0]);

describe('unwrapRing', () => {
  it('makes a ring crossing 180 continuous, starting west of it', () => {
    expect(unwrapRing([[179, -17], [-179, -17], [-179, -16], [179, -16], [179, -17]])).toEqual(
      [[179, -17], [181, -17], [181, -16], [179, -16], [179, -17]],
    );
    // The same ring starting on the eastern side ends up in the same place.
    expect(unwrapRing([[-179, -17], [-179, -16], [179, -16], [179, -17], [-179, -17]])).toEqual(
      [[181, -17], [181, -16], [179, -16], [179, -17], [181, -17]],
    );
  });

  it('leaves an ordinary ring alone and normalises stray longitudes', () => {
    expect(unwrapRing(box(10, 0, 12, 2))).toEqual(box(10, 0, 12, 2));
    expect(unwrapRing(box(370, 0, 372, 2))).toEqual(box(10, 0, 12, 2));
  });

  it('closes a ring around the south pole along the pole, keeping its area', () => {
    const ring: Position[] = [];
    for (let lng = -170; lng <= 180; lng += 10) ring.push([lng, -70]);
    ring.push([-170, -70]); // back to the start across ±180
    const out = unwrapRing(ring);
    expect(out.slice(-3)).toEqual([[190, -90], [-170, -90], [-170, -70]]);
    expect(Math.min(...out.map((p) => p[0]))).toBeGreaterThanOrEqual(-180);
    const cap = 2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.sin((70 * Math.PI) / 180));
    expect(ringAreaKm2(out) / cap).toBeCloseTo(1, 9);
  });
});

describe('unwrapGeometry', () => {
  it('makes a Fiji-like multipolygon contiguous within 178…182', () => {
    const fiji: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [box(178, -18.5, 179.9, -16)], // Viti Levu–like main part
        [box(-180, -17, -178, -16)],
        [[[179.6, -16.8], [-179.8, -16.8], [-179.8, -16.2], [179.6, -16.2], [179.6, -16.8]]], // across 180
        [box(-179.5, -19, -178.5, -18.5), box(-179.2, -18.9, -178.8, -18.6)], // with a hole
      ],
    };
    const out = unwrapGeometry(fiji);
    const all = lngs(out);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(178);
    expect(Math.max(...all)).toBeLessThanOrEqual(182);
    expect(out.coordinates[1][0][0]).toEqual([180, -17]);
    expect(out.coordinates[3][1][0]).toEqual([180.8, -18.9]);
    expect(polygonAreaKm2(out)).toBeCloseTo(
      ringAreaKm2(box(178, -18.5, 179.9, -16)) + ringAreaKm2(box(0, -17, 2, -16)) + ringAreaKm2(box(0, -16.8, 0.6, -16.2)) +
        ringAreaKm2(box(0, -19, 1, -18.5)) - ringAreaKm2(box(0, -18.9, 0.4, -18.6)),
      3,
    );
  });

  it('moves a hole that crosses 180 next to its outer ring', () => {
    const poly: Polygon = { type: 'Polygon', coordinates: [box(170, 60, 190, 70), [[179, 64], [-179, 64], [-179, 66], [179, 66], [179, 64]]] };
    const out = unwrapGeometry(poly);
    // …and winds it clockwise, as RFC 7946 wants holes.
    expect(out.coordinates[1]).toEqual([[179, 64], [179, 66], [181, 66], [181, 64], [179, 64]]);
    const wrapped: Polygon = { type: 'Polygon', coordinates: [box(170, 60, 190, 70), box(-175, 64, -172, 66)] };
    expect(unwrapGeometry(wrapped).coordinates[1][0]).toEqual([185, 64]);
  });

  it('leaves parts alone when the main part lies in the western hemisphere', () => {
    // USA-like: the mainland decides; the Aleutians' far end stays east of 170°E.
    const usa: MultiPolygon = { type: 'MultiPolygon', coordinates: [[box(-120, 30, -80, 45)], [box(172, 52, 174, 53)]] };
    expect(unwrapGeometry(usa).coordinates).toEqual(usa.coordinates);
  });

  it('keeps longitudes in [−180, 540)', () => {
    const russia: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[box(30, 50, 179.99, 75)], [[[175, 65], [-170, 65], [-170, 70], [175, 70], [175, 65]]], [box(-175, 71, -172, 72)]],
    };
    const all = lngs(unwrapGeometry(russia));
    expect(Math.min(...all)).toBe(30);
    expect(Math.max(...all)).toBe(190);
  });
});

describe('unwrapGeometry on Natural Earth (world-atlas 1:110m)', () => {
  const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topology, topology.objects.countries).features;
  const country = (name: string) => countries.find((f) => f.properties.name === name)!.geometry as Polygon | MultiPolygon;

  it('gives Russia, Fiji and Antarctica contiguous longitudes and their true areas', () => {
    const expected: [string, number, number, number][] = [
      // name, west, east, km² (Russia 17.1 M and Fiji 18,274 km² officially; coarse 1:110m coastlines)
      ['Russia', 19, 191, 17.0e6],
      ['Fiji', 177, 181, 18.3e3],
      ['Antarctica', -180, 180, 12.3e6],
    ];
    for (const [name, west, east, km2] of expected) {
      const raw = country(name);
      const out = unwrapGeometry(raw);
      const all = lngs(out);
      expect(Math.min(...all), name).toBeGreaterThanOrEqual(west);
      expect(Math.max(...all), name).toBeLessThanOrEqual(east);
      expect(Math.abs(polygonAreaKm2(out) / km2 - 1), name).toBeLessThan(0.07);
      // Without unwrapping the stripes across the map spoil the area.
      expect(Math.abs(polygonAreaKm2(raw) / km2 - 1), name).toBeGreaterThan(0.07);
    }
  });

  it('turns the spherical Antarctica (a polar ring whose hole is the coast) into coast-outer', () => {
    const coast: Position[] = [];
    for (let lng = 180; lng >= -180; lng -= 10) coast.push([lng, -70]);
    const polar: Position[] = [];
    for (let lng = -180; lng <= 180; lng += 30) polar.push([lng, -89.999]);
    const out = unwrapGeometry({ type: 'Polygon', coordinates: [polar, coast] });
    expect(out.coordinates[0].filter((p) => p[1] === -70).length).toBeGreaterThanOrEqual(coast.length);
    expect(out.coordinates[1].every((p) => p[1] <= -89.999)).toBe(true);
    const cap = 2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.sin((70 * Math.PI) / 180));
    expect(polygonAreaKm2(out) / cap).toBeCloseTo(1, 5);
  });
});
