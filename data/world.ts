import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import countries from 'i18n-iso-countries';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import type { AreaInput } from '../server/domain/types';
import { unwrapGeometry } from '../server/domain/antimeridian';

const require = createRequire(import.meta.url);

export type WorldScale = '110m' | '50m' | '10m';

/**
 * Natural Earth units that have no ISO 3166-1 numeric code in world-atlas: Natural Earth's own
 * ADM0_A3 codes (Kosovo uses the widely used user-assigned XKX).
 */
const CODES_WITHOUT_ISO: Record<string, string> = {
  Kosovo: 'XKX',
  Somaliland: 'SOL',
  'N. Cyprus': 'CYN',
  'Indian Ocean Ter.': 'IOA',
  'Siachen Glacier': 'KAS',
  // Shares Australia's numeric code 036 in world-atlas.
  'Ashmore and Cartier Is.': 'ATC',
  // Units only the 1:10m topology has.
  Akrotiri: 'WSB',
  Dhekelia: 'ESB',
  'Cyprus U.N. Buffer Zone': 'CNM',
  'USNB Guantanamo Bay': 'USG',
  Baikonur: 'KAB',
  'Coral Sea Is.': 'CSI',
  'Spratly Is.': 'PGA',
  'Clipperton I.': 'CLP',
  'Bajo Nuevo Bank': 'BJN',
  'Serranilla Bank': 'SER',
  'Scarborough Reef': 'SCR',
};

export interface WorldBorder {
  /** ISO alpha-3 codes of the countries on each side. */
  a: string;
  b: string;
  geometry: LineString;
}

export interface World {
  countries: AreaInput[];
  borders: WorldBorder[];
}

/** Reads a world-atlas topology (Natural Earth admin-0) from the npm package. */
export function readTopology(scale: WorldScale): Topology {
  return require(`world-atlas/countries-${scale}.json`) as Topology;
}

/** Reads world-atlas land polygons (for the basemap). */
export function readLand(scale: WorldScale): Topology {
  return require(`world-atlas/land-${scale}.json`) as Topology;
}

/** English and French names of a country (official and common), for joining tables by name. */
function altNamesFor(iso2: string | null, name: string): string {
  if (!iso2) return '';
  const names = new Set<string>();
  for (const lang of ['en', 'fr']) {
    const all = countries.getNames(lang, { select: 'all' })[iso2] as string[] | undefined;
    for (const n of all ?? []) if (n !== name) names.add(n);
  }
  return [...names].join('|');
}

function codesFor(id: string | undefined, name: string) {
  if (id === undefined || CODES_WITHOUT_ISO[name]) {
    const code = CODES_WITHOUT_ISO[name];
    if (!code) throw new Error(`world-atlas country '${name}' has no ISO code and no fallback code`);
    return { code, iso2: null, isoNumeric: null, codeSource: 'natural-earth' };
  }
  const iso2 = countries.numericToAlpha2(id) ?? null;
  const code = iso2 ? countries.alpha2ToAlpha3(iso2) : undefined;
  if (!iso2 || !code) throw new Error(`world-atlas country '${name}' has unknown ISO numeric code '${id}'`);
  return { code, iso2, isoNumeric: id, codeSource: 'iso-3166-1' };
}

/**
 * Countries (admin-0 areas, antimeridian-unwrapped) and their land borders — the arcs of the
 * topology that two different countries share.
 */
export function buildWorld(scale: WorldScale = '50m'): World {
  const topology = readTopology(scale);
  const object = topology.objects.countries as GeometryCollection<{ name: string }>;
  const geometries = object.geometries;

  const countryList: AreaInput[] = [];
  const codeOf: string[] = [];
  geometries.forEach((geometry, index) => {
    const name = (geometry.properties as { name?: string } | undefined)?.name ?? `#${index}`;
    const { code, iso2, isoNumeric, codeSource } = codesFor(geometry.id as string | undefined, name);
    codeOf[index] = code;
    const f = feature(topology, geometry as any) as unknown as { geometry: Polygon | MultiPolygon | null };
    if (!f.geometry) return;
    countryList.push({
      code,
      name,
      level: 0,
      parentCode: null,
      geometry: unwrapGeometry(f.geometry),
      props: { iso2, isoNumeric, codeSource, altNames: altNamesFor(iso2, name) },
    });
  });

  // Which countries use each arc: an arc used by two different countries is a land border.
  const users = new Map<number, Set<number>>();
  const visit = (arcs: any, owner: number): void => {
    if (typeof arcs === 'number') {
      const arc = arcs < 0 ? ~arcs : arcs;
      let set = users.get(arc);
      if (!set) users.set(arc, (set = new Set()));
      set.add(owner);
    } else for (const a of arcs) visit(a, owner);
  };
  geometries.forEach((g: any, i) => g.arcs && visit(g.arcs, i));

  const borders: WorldBorder[] = [];
  for (const [arc, owners] of users) {
    if (owners.size < 2) continue;
    const [i, j] = [...owners];
    const line = feature(topology, { type: 'LineString', arcs: [arc] } as any) as unknown as {
      geometry: LineString;
    };
    const [a, b] = [codeOf[i], codeOf[j]].sort();
    borders.push({ a, b, geometry: line.geometry });
  }
  borders.sort((x, y) => (x.a + x.b).localeCompare(y.a + y.b));
  return { countries: countryList, borders };
}
