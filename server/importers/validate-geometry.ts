import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { capIssues, errorIssue, warningIssue, type ImportIssue } from './import-error';
import { forEachPosition, isLngLatBounds, positionBounds } from './map-positions';
import type { FeatureSet, ImportedFeature } from './read-geojson';

export interface ValidateFeaturesOptions {
  /** Used in messages. @default 'the file' */
  fileName?: string;
  /** Look for rings that cross themselves (costs a spatial index per polygon). @default true */
  selfIntersections?: boolean;
}

/**
 * Checks and repairs features before they become areas or sites: closes unclosed rings, rewinds
 * rings to RFC 7946 (exterior counter-clockwise, holes clockwise), and reports self-intersections,
 * empty geometries, non-numeric coordinates, duplicate ids and coordinates that are not
 * longitude/latitude ('projected-crs'). Features keep their index; repaired ones are copies.
 *
 * @example
 * const { features, issues } = validateFeatures(readGeojson(bytes).features, { fileName });
 */
export function validateFeatures(input: ImportedFeature[], options: ValidateFeaturesOptions = {}): FeatureSet {
  const fileName = options.fileName ?? 'the file';
  const issues: ImportIssue[] = [];
  const rewound: number[] = [];
  const ids = new Map<string | number, number>();
  const features = input.map((feature, i) => {
    const label = featureLabel(feature, i);
    if (feature.id !== undefined && feature.id !== null) {
      const first = ids.get(feature.id);
      if (first !== undefined) {
        issues.push(warningIssue('duplicate-id', `${fileName}: ${label} has the id "${feature.id}", already used by feature ${first}`, { feature: i }));
      } else ids.set(feature.id, i);
    }
    const geometry = feature.geometry;
    const malformed = geometry ? shapeProblem(geometry) : null;
    if (malformed) {
      issues.push(errorIssue('wrong-geometry-type', `${fileName}: ${label} has ${malformed}`, { feature: i }));
      // what cannot be walked as a geometry is kept as none, so nothing downstream walks it
      return { ...feature, geometry: null };
    }
    if (!geometry || countPositions(geometry) === 0) {
      issues.push(warningIssue('empty-geometry', `${fileName}: ${label} has no geometry`, { feature: i }));
      return feature;
    }
    const bad = firstNonNumeric(geometry);
    if (bad !== null) {
      issues.push(errorIssue('non-numeric', `${fileName}: ${label} has a coordinate that is not a pair of numbers: ${JSON.stringify(bad)}`, { feature: i }));
      return { ...feature, geometry: null };
    }
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return feature;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    let changed = false;
    let wasRewound = false;
    const repaired = polygons.map((rings) =>
      rings.map((ring, r) => {
        let out = ring;
        if (ring.length > 0 && !samePosition(ring[0], ring[ring.length - 1])) {
          out = [...ring, ring[0]];
          changed = true;
          issues.push(warningIssue('ring-not-closed', `${fileName}: ${label} has a ring that does not end where it starts; closed it`, { feature: i }));
        }
        if (out.length < 4) {
          issues.push(errorIssue('invalid-ring', `${fileName}: ${label} has a ring of ${out.length} positions; a ring needs at least 4 (a triangle, closed)`, { feature: i }));
          return out;
        }
        // RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise
        const area = signedArea(out);
        if ((r === 0 && area < 0) || (r > 0 && area > 0)) {
          out = [...out].reverse();
          changed = wasRewound = true;
        }
        return out;
      }),
    );
    if (wasRewound) rewound.push(i);
    if (options.selfIntersections !== false) {
      for (const rings of repaired) {
        const at = findSelfIntersection(rings);
        if (at) {
          issues.push(
            warningIssue('self-intersection', `${fileName}: ${label} has a ring that crosses itself or another ring near ${at[0].toFixed(5)}, ${at[1].toFixed(5)} (lng, lat)`, {
              feature: i,
            }),
          );
          break;
        }
      }
    }
    if (!changed) return feature;
    const fixed: Geometry = geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: repaired[0] } : { type: 'MultiPolygon', coordinates: repaired };
    return { ...feature, geometry: fixed };
  });
  if (rewound.length > 0) {
    const sample = rewound.slice(0, 5).join(', ') + (rewound.length > 5 ? ', …' : '');
    issues.push(
      warningIssue('winding-repaired', `${fileName}: rewound the rings of ${rewound.length} of ${input.length} features to RFC 7946 order (exterior counter-clockwise): features ${sample}`, {
        feature: rewound[0],
      }),
    );
  }
  const bounds = positionBounds(features.map((f) => f.geometry));
  if (!isLngLatBounds(bounds)) {
    const first = features.findIndex((f) => !isLngLatBounds(positionBounds([f.geometry])));
    // projected coordinates are metres or feet: tens of millions at most
    const why = bounds.some((b) => Math.abs(b) > 1e9)
      ? 'no map projection gives values so large, so they are broken. Correct them'
      : 'the file is probably projected. Reproject it to WGS 84 (EPSG:4326)';
    issues.push(
      errorIssue(
        'projected-crs',
        `${fileName}: coordinates reach (${bounds.slice(0, 2).map(round).join(', ')}) to (${bounds.slice(2).map(round).join(', ')}), outside longitude/latitude (first in ${featureLabel(features[first], first)}); ${why} and import it again.`,
        { feature: first },
      ),
    );
  }
  return { features, issues: capIssues(issues) };
}

/** "feature 12 ("Araria")": the index and, when there is one, a name-like property. */
export function featureLabel(feature: ImportedFeature | undefined, index: number): string {
  const props = feature?.properties ?? {};
  const key = Object.keys(props).find((k) => /^(name|name_en|district|label_en|ward_name|shapename|adm\d_(en|name))$/i.test(k) && typeof props[k] === 'string');
  return key ? `feature ${index} ("${props[key]}")` : `feature ${index}`;
}

// How deep each geometry type nests its coordinates in arrays (RFC 7946 §3.1): a Point is a position.
const COORDINATE_DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
const NESTING = ['a position', 'a list of positions', 'a list of lists of positions', 'a list of polygons (lists of rings)'];

const nestedArrays = (value: unknown, depth: number): boolean =>
  Array.isArray(value) && (depth === 0 || value.every((v) => nestedArrays(v, depth - 1)));

/** What is wrong with the structure of a geometry from a file, or null: its type, and how its coordinates nest. */
function shapeProblem(geometry: unknown): string | null {
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) return `a geometry that is not a GeoJSON object (${JSON.stringify(geometry)?.slice(0, 40)})`;
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (g.type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries)) return 'a GeometryCollection without a "geometries" list';
    for (const member of g.geometries) {
      const problem = member === null ? null : shapeProblem(member);
      if (problem) return `${problem}, in its GeometryCollection`;
    }
    return null;
  }
  const depth = typeof g.type === 'string' ? COORDINATE_DEPTH[g.type] : undefined;
  if (depth === undefined) return `a geometry of type ${JSON.stringify(g.type ?? null)?.slice(0, 40)}, which is not a GeoJSON geometry type`;
  if (!nestedArrays(g.coordinates, depth)) return `a ${g.type} whose "coordinates" are not ${NESTING[depth]}`;
  return null;
}

function countPositions(geometry: Geometry): number {
  let n = 0;
  forEachPosition(geometry, () => n++);
  return n;
}

function firstNonNumeric(geometry: Geometry): unknown {
  let bad: unknown = null;
  forEachPosition(geometry, (p) => {
    if (bad === null && (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) bad = p;
  });
  return bad;
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

// twice the signed area (shoelace); positive when counter-clockwise
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum;
}

/**
 * The approximate location where two non-adjacent segments of a polygon's rings cross or overlap,
 * or null. Segments go into a Flatbush index so that each is tested only against its neighbours.
 */
export function findSelfIntersection(rings: Position[][]): Position | null {
  const segments: { a: Position; b: Position; ring: number; index: number; count: number }[] = [];
  rings.forEach((ring, r) => {
    for (let k = 0; k + 1 < ring.length; k++) {
      if (!samePosition(ring[k], ring[k + 1])) segments.push({ a: ring[k], b: ring[k + 1], ring: r, index: k, count: ring.length - 1 });
    }
  });
  if (segments.length < 3) return null;
  const index = new Flatbush(segments.length);
  for (const { a, b } of segments) index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  index.finish();
  for (let s = 0; s < segments.length; s++) {
    const { a, b } = segments[s];
    const hits = index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    for (const t of hits) {
      if (t <= s) continue;
      const p = segments[s];
      const q = segments[t];
      // neighbours in the same ring share an endpoint by construction
      if (p.ring === q.ring && (Math.abs(p.index - q.index) === 1 || Math.abs(p.index - q.index) === p.count - 1)) continue;
      const at = crossing(p.a, p.b, q.a, q.b);
      if (at) return at;
    }
  }
  return null;
}

// a point where segments ab and cd properly cross or overlap along a stretch; touching at an
// endpoint does not count (rings may touch at a vertex)
function crossing(a: Position, b: Position, c: Position, d: Position): Position | null {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    // where along ab: the ratio of a's and b's (signed) distances from cd
    const da = cross(c, d, a);
    const t = da / (da - cross(c, d, b));
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  if (o1 === 0 && o2 === 0) {
    // collinear: overlapping by more than a point?
    const axis = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? 0 : 1;
    const lo = Math.max(Math.min(a[axis], b[axis]), Math.min(c[axis], d[axis]));
    const hi = Math.min(Math.max(a[axis], b[axis]), Math.max(c[axis], d[axis]));
    if (hi > lo) {
      const mid = (lo + hi) / 2;
      const t = (mid - a[axis]) / (b[axis] - a[axis]);
      return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    }
  }
  return null;
}

function cross(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function orient(a: Position, b: Position, c: Position): number {
  return Math.sign(cross(a, b, c));
}

function round(n: number): string {
  // 1e308 * 100 is Infinity
  return Math.abs(n) >= 1e9 ? n.toExponential(2) : String(Math.round(n * 100) / 100);
}
